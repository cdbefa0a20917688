#!/usr/bin/env bash
# Dump the whole database (schema, data, triggers, history tables) in pg_dump's custom format.
#   scripts/backup.sh [FILE]   default: var/backups/hubwatch-YYYYmmdd-HHMMSS.dump
# Uses DATABASE_URL when set, else the local services (scripts/services.sh).
source "$(dirname "$0")/lib.sh"

if [ -z "${DATABASE_URL:-}" ]; then eval "$("$ROOT/scripts/services.sh" start)"; fi
# libpq does not know the postgis:// scheme Django uses.
url="$(printf '%s' "$DATABASE_URL" | sed -E 's#^postgis://#postgresql://#')"
tool() { if [ -n "$PG_BIN" ] && [ -x "$PG_BIN/$1" ]; then echo "$PG_BIN/$1"; else command -v "$1"; fi; }

file="${1:-$VAR/backups/hubwatch-$(date -u +%Y%m%d-%H%M%S).dump}"
mkdir -p "$(dirname "$file")"
umask 077  # a dump holds members' e-mail addresses: readable by its owner only
"$(tool pg_dump)" --format=custom --no-owner --no-privileges --file="$file.partial" "$url"
mv "$file.partial" "$file"
say "Backup written to $file ($(du -h "$file" | cut -f1))"
