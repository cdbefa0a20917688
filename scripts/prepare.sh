#!/usr/bin/env bash
# Everything `make run` and `make test` share: install, start services, migrate, load data.
# Prints the export lines for the service URLs on stdout (use with eval).
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/bootstrap.sh" >&2
service_env="$("$ROOT/scripts/services.sh" start)"
eval "$service_env"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.dev}"
cd "$ROOT"
say "Migrating" >&2
"$VENV/bin/python" manage.py migrate --noinput -v 0 >&2
"$VENV/bin/python" manage.py load_reference_data --if-empty >&2
echo "export DATABASE_URL='$DATABASE_URL' REDIS_URL='$REDIS_URL'"
