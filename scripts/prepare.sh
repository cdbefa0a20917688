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
# Safe upgrades: when migrations wait on a database that holds data, dump it first (verified).
pre_backup="$("$VENV/bin/python" manage.py backup --before-migrate)" \
  || die "the backup before migrating failed (see above): nothing was migrated"
[ -z "$pre_backup" ] || say "Backup before migrating: $pre_backup" >&2
if ! "$VENV/bin/python" manage.py migrate --noinput -v 0 >&2; then
  previous="$(cat "$VAR/served-version" 2>/dev/null || echo "the version you ran before")"
  {
    echo "error: a migration failed (above). PostgreSQL ran it in one transaction and rolled it back:"
    echo "  the database is as it was before that migration; the ones before it in this run stay applied."
    if [ -n "$pre_backup" ]; then
      echo "  To go back to exactly where you were before this upgrade:"
      echo "    git checkout $previous && make restore FILE=$pre_backup && make run"
    fi
  } >&2
  exit 1
fi
"$VENV/bin/python" manage.py load_reference_data --if-empty >&2
echo "export DATABASE_URL='$DATABASE_URL' REDIS_URL='$REDIS_URL'"
