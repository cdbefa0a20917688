#!/usr/bin/env bash
# make test: the same set-up as make run, then the whole suite (browser tests included).
# pytest's exit code 5 (no tests collected) is a failure here.
source "$(dirname "$0")/lib.sh"
given_database="${DATABASE_URL:-}"
service_env="$(DJANGO_SETTINGS_MODULE=config.settings.dev "$ROOT/scripts/prepare.sh")"
eval "$service_env"
# The suite runs on its own throw-away cluster (var/pg-test, fsync off), never on the durable one
# `make run` serves; unless DATABASE_URL names a server, where it creates its test database.
if [ -z "$given_database" ]; then eval "$("$ROOT/scripts/services.sh" start-test)"; fi
cd "$ROOT"
export DJANGO_SETTINGS_MODULE=config.settings.test
set +e
"$VENV/bin/pytest" "$@"
code=$?
set -e
if [ "$code" -eq 5 ]; then echo "error: pytest collected no tests" >&2; exit 1; fi
exit "$code"
