#!/usr/bin/env bash
# make run: gunicorn on 127.0.0.1:$PORT with a Celery worker and beat (both started again if
# they die). Ctrl-C stops all three.
source "$(dirname "$0")/lib.sh"
service_env="$("$ROOT/scripts/prepare.sh")"
eval "$service_env"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.dev}"
export DEBUG="${DEBUG:-0}"
HUBWATCH_VERSION="${HUBWATCH_VERSION:-$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)}"
export HUBWATCH_VERSION
PORT="${PORT:-8000}"
cd "$ROOT"
mkdir -p "$VAR/celery"
# Remembered for the roll-back advice scripts/prepare.sh prints when a migration fails.
echo "$HUBWATCH_VERSION" > "$VAR/served-version"
pids=()
cleanup() { trap - INT TERM EXIT; kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; }
trap cleanup INT TERM EXIT
# The worker and beat are started again when they die (a crash, a kill, Redis away long enough
# for Celery to give up): the web goes on serving meanwhile, as under systemd's Restart=always.
keep_running() {
  local child=""
  trap '[ -z "$child" ] || kill "$child" 2>/dev/null; wait 2>/dev/null; exit 0' TERM INT
  while :; do
    "$@" &
    child=$!
    wait "$child" || true
    printf '==> %s exited; starting it again in 2 s\n' "$4" >&2
    sleep 2
  done
}
keep_running "$VENV/bin/celery" -A config worker --loglevel=INFO --concurrency=2 -n "hubwatch@%h" &
pids+=($!)
keep_running "$VENV/bin/celery" -A config beat --loglevel=INFO --schedule "$VAR/celery/beat-schedule" &
pids+=($!)
say "Hubwatch $HUBWATCH_VERSION on http://127.0.0.1:$PORT (admin: /admin/, create a user with: make superuser). Ctrl-C stops."
"$VENV/bin/gunicorn" config.wsgi:application --bind "127.0.0.1:$PORT" --workers "${WEB_CONCURRENCY:-3}" \
  --access-logfile - --env "DJANGO_SETTINGS_MODULE=$DJANGO_SETTINGS_MODULE" &
pids+=($!)
wait "${pids[-1]}"
