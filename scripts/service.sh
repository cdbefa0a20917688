#!/usr/bin/env bash
# make service: systemd units that run Hubwatch like `make run` and bring it back after a reboot:
#   hubwatch-services (the embedded PostgreSQL and Redis under var/, unless DATABASE_URL/REDIS_URL
#   point elsewhere), hubwatch-web (migrations with a backup first, then gunicorn), hubwatch-worker,
#   hubwatch-beat (Celery), and hubwatch.target that holds them together.
#   SYSTEMD_DIR=/etc/systemd/system (default) PORT=8000 scripts/service.sh
# Then: systemctl daemon-reload && systemctl enable --now hubwatch.target
source "$(dirname "$0")/lib.sh"

dir="${SYSTEMD_DIR:-/etc/systemd/system}"
port="${PORT:-8000}"
settings="${DJANGO_SETTINGS_MODULE:-config.settings.dev}"
owner="$(stat -c %U "$ROOT")"
embedded=""
[ -n "${DATABASE_URL:-}${REDIS_URL:-}" ] || embedded=1
mkdir -p "$dir"

# The URLs the processes use: the embedded services' (their ports are kept in var/*.port) or
# the ones given. Secrets and other settings go in .env, which the settings read.
env_file="$VAR/service.env"
mkdir -p "$VAR/celery"
{
  if [ -n "$embedded" ]; then
    "$ROOT/scripts/services.sh" start | sed -E "s/^export //; s/ REDIS_URL=/\nREDIS_URL=/; s/'//g"
  else
    echo "DATABASE_URL=${DATABASE_URL:?}"
    echo "REDIS_URL=${REDIS_URL:?}"
  fi
  echo "DJANGO_SETTINGS_MODULE=$settings"
  echo "DEBUG=0"
} > "$env_file"
chmod 600 "$env_file"

needs="After=network-online.target
Wants=network-online.target"
if [ -n "$embedded" ]; then
  needs="After=network-online.target hubwatch-services.service
Wants=network-online.target
Requires=hubwatch-services.service"
  cat > "$dir/hubwatch-services.service" <<UNIT
[Unit]
Description=Hubwatch embedded PostgreSQL/PostGIS and Redis ($ROOT/var)
After=network-online.target
Wants=network-online.target
PartOf=hubwatch.target

[Service]
Type=oneshot
RemainAfterExit=yes
WorkingDirectory=$ROOT
ExecStart=$ROOT/scripts/services.sh start
ExecStop=$ROOT/scripts/services.sh stop
TimeoutStartSec=300

[Install]
WantedBy=hubwatch.target
UNIT
fi

common="WorkingDirectory=$ROOT
EnvironmentFile=$env_file
User=$owner
Restart=always
RestartSec=5"

cat > "$dir/hubwatch-web.service" <<UNIT
[Unit]
Description=Hubwatch web (gunicorn on 127.0.0.1:$port)
$needs
PartOf=hubwatch.target

[Service]
$common
# Migrations, with a verified backup first when there are any (scripts/prepare.sh).
ExecStartPre=$ROOT/scripts/prepare.sh
ExecStart=$VENV/bin/gunicorn config.wsgi:application --bind 127.0.0.1:$port --workers \${WEB_CONCURRENCY} --access-logfile -
Environment=WEB_CONCURRENCY=3
TimeoutStartSec=600

[Install]
WantedBy=hubwatch.target
UNIT

cat > "$dir/hubwatch-worker.service" <<UNIT
[Unit]
Description=Hubwatch Celery worker
$needs
After=hubwatch-web.service
PartOf=hubwatch.target

[Service]
$common
ExecStart=$VENV/bin/celery -A config worker --loglevel=INFO --concurrency=2 -n hubwatch@%H
# Let a task in progress finish (its outbox row is resent anyway if it does not).
KillSignal=SIGTERM
TimeoutStopSec=60

[Install]
WantedBy=hubwatch.target
UNIT

cat > "$dir/hubwatch-beat.service" <<UNIT
[Unit]
Description=Hubwatch Celery beat (outbox dispatch, digests, feeds, the nightly backup)
$needs
After=hubwatch-web.service
PartOf=hubwatch.target

[Service]
$common
ExecStart=$VENV/bin/celery -A config beat --loglevel=INFO --schedule $VAR/celery/beat-schedule

[Install]
WantedBy=hubwatch.target
UNIT

cat > "$dir/hubwatch.target" <<UNIT
[Unit]
Description=Hubwatch ($ROOT)
Wants=${embedded:+hubwatch-services.service }hubwatch-web.service hubwatch-worker.service hubwatch-beat.service

[Install]
WantedBy=multi-user.target
UNIT

say "systemd units written to $dir (hubwatch.target, ${embedded:+hubwatch-services, }hubwatch-web, -worker, -beat)" >&2
if [ "$dir" = /etc/systemd/system ]; then
  echo "Start them now and at every boot: systemctl daemon-reload && systemctl enable --now hubwatch.target" >&2
fi
