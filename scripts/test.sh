#!/usr/bin/env bash
# make test: the same set-up as make run, then the whole suite (browser tests included).
# pytest's exit code 5 (no tests collected) is a failure here.
source "$(dirname "$0")/lib.sh"
service_env="$(DJANGO_SETTINGS_MODULE=config.settings.dev "$ROOT/scripts/prepare.sh")"
eval "$service_env"
cd "$ROOT"
export DJANGO_SETTINGS_MODULE=config.settings.test
set +e
"$VENV/bin/pytest" "$@"
code=$?
set -e
if [ "$code" -eq 5 ]; then echo "error: pytest collected no tests" >&2; exit 1; fi
exit "$code"
