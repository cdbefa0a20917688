#!/usr/bin/env bash
# Dump the whole database (schema, data, triggers, history tables) in pg_dump's custom format.
#   scripts/backup.sh [FILE]   default: var/backups/hubwatch-YYYYmmdd-HHMMSS.dump
# Uses DATABASE_URL when set, else the local services (scripts/services.sh). The dump is read back
# with pg_restore --list before it gets its name, and recorded (/healthz, the admin's Backups).
source "$(dirname "$0")/lib.sh"

if [ -z "${DATABASE_URL:-}" ]; then eval "$("$ROOT/scripts/services.sh" start)"; fi
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.dev}"
cd "$ROOT"
"$VENV/bin/python" manage.py backup ${1:+"$1"}
