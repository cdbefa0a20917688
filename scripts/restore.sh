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

# A dump from a newer schema (made by a newer Hubwatch) is refused before anything changes.
DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.dev}" "$VENV/bin/python" "$ROOT/manage.py" check_dump "$file" >/dev/null

say "Restoring $file"
"$(tool pg_restore)" --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
  --dbname="$url" "$file"
# Responses cached before the restore carry data versions the restored sequence would hand out
# again: jump past any of them, so that no cached answer of the other timeline is ever served.
"$(tool psql)" --quiet --no-psqlrc --set ON_ERROR_STOP=1 --dbname="$url" --command \
  "SELECT setval('hubwatch_data_version', nextval('hubwatch_data_version') + 1000000000);
   UPDATE hubwatch_data_state SET version = nextval('hubwatch_data_version');" >/dev/null
say "Restored. Restart the web and worker processes."
