#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into the database of DATABASE_URL (or the local
# services), REPLACING what is there, in one transaction: on any error nothing changes.
#   scripts/restore.sh FILE
source "$(dirname "$0")/lib.sh"

file="${1:-}"
[ -n "$file" ] || die "usage: scripts/restore.sh FILE   (e.g. make restore FILE=var/backups/hubwatch-....dump)"
[ -r "$file" ] || die "cannot read $file"
if [ -z "${DATABASE_URL:-}" ]; then eval "$("$ROOT/scripts/services.sh" start)"; fi
url="$(printf '%s' "$DATABASE_URL" | sed -E 's#^postgis://#postgresql://#')"
tool() { if [ -n "$PG_BIN" ] && [ -x "$PG_BIN/$1" ]; then echo "$PG_BIN/$1"; else command -v "$1"; fi; }

say "Restoring $file"
"$(tool pg_restore)" --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
  --dbname="$url" "$file"
say "Restored. Restart the web and worker processes."
