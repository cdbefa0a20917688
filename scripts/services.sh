#!/usr/bin/env bash
# Starts (or stops) the embedded PostgreSQL/PostGIS cluster and Redis under var/, unless
# DATABASE_URL / REDIS_URL point elsewhere. Prints the URLs to use with `eval`.
#   scripts/services.sh start   -> ensures both are up, prints export lines
#   scripts/services.sh start-test  -> the test suite's throw-away cluster (var/pg-test)
#   scripts/services.sh stop        -> stops both clusters and Redis
source "$(dirname "$0")/lib.sh"

action="${1:-start}"
REDIS_DIR="$VAR/redis"

# Two clusters, one durable, one throw-away:
#   var/pg       the one `make run` serves: PostgreSQL's defaults, fsync, synchronous_commit and
#                full_page_writes on. A contribution answered 201 is on disk.
#   var/pg-test  the one `make test` uses (scripts/test.sh, `start-test`): fsync, synchronous_commit
#                and full_page_writes off. Nothing in it is worth keeping; a crash may corrupt it,
#                `rm -rf` it then. Measured: the suite's flushes (TRUNCATE of every table) cost 3x
#                on a durable cluster.
PG_NAME=pg PG_PORT_NAME=postgres PG_PORT_DEFAULT=55432

use_cluster() {  # $1 = pg | pg-test
  PG_NAME="$1"
  if [ "$1" = pg-test ]; then PG_PORT_NAME=postgres-test PG_PORT_DEFAULT=55532; else PG_PORT_NAME=postgres PG_PORT_DEFAULT=55432; fi
}

# Where a cluster really lives. PostgreSQL runs as the `postgres` user when we are root, and
# that user must be able to walk every folder of the path it is given: a clone under a private
# folder (root's home, mode 0700) is closed to it, even through a symlink. So the cluster then
# lives in /var/lib/hubwatch/<hash of the clone's path>[-test], var/pg[-test] links to it for
# people, and PostgreSQL is only ever given the real path (PGDATA, its log), never one through
# the clone.
pg_home() {
  if [ -L "$VAR/$PG_NAME" ]; then readlink -f "$VAR/$PG_NAME"; else echo "$VAR/$PG_NAME"; fi
}

pg_owner_prepare() {
  mkdir -p "$VAR"
  if is_root; then
    if [ ! -L "$VAR/$PG_NAME" ] && ! runuser -u postgres -- test -x "$VAR"; then
      local alt; alt="/var/lib/hubwatch/$(echo -n "$ROOT" | sha256sum | cut -c1-12)${PG_NAME#pg}"
      mkdir -p "$alt"; chmod 755 /var/lib/hubwatch
      rm -rf "${VAR:?}/$PG_NAME"; ln -sfn "$alt" "$VAR/$PG_NAME"
    fi
    mkdir -p "$(pg_home)"
    chown postgres:postgres "$(pg_home)"
  else
    mkdir -p "$VAR/$PG_NAME"
  fi
  PGDATA="$(pg_home)/data"
  PGLOG="$(pg_home)/postgres.log"
}

FAST_SETTINGS='^(fsync|synchronous_commit|full_page_writes) = off'

# Durability: clusters var/pg created before 2026-12 had the fast settings in postgresql.conf:
# take those lines out (they are reloadable settings, no restart needed) and say so once.
pg_make_durable() {
  local conf="$PGDATA/postgresql.conf"
  if as_pg grep -Eq "$FAST_SETTINGS" "$conf"; then
    as_pg sed -i -E "/$FAST_SETTINGS/d" "$conf"
    say "var/pg: fsync, synchronous_commit and full_page_writes set back to PostgreSQL's durable defaults (they were off)"
    return 0
  fi
  return 1
}

start_pg() {
  local port; port="$(port_file "$PG_PORT_NAME" "$PG_PORT_DEFAULT")"
  [ -n "$PG_BIN" ] || die "PostgreSQL server binaries not found (apt install postgresql-15-postgis-3)"
  pg_owner_prepare
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    say "Creating the local PostGIS cluster in var/$PG_NAME"
    as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$PGDATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
shared_buffers = 256MB
max_connections = 200
CONF
    if [ "$PG_NAME" = pg-test ]; then
      printf '%s\n' "# Throw-away cluster of the test suite: speed over durability." \
        "fsync = off" "synchronous_commit = off" "full_page_writes = off" >> "$PGDATA/postgresql.conf"
    fi
  fi
  local changed=""
  if [ "$PG_NAME" = pg ] && pg_make_durable; then changed=1; fi
  if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    [ -z "$changed" ] || as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" reload >/dev/null
  else
    say "Starting PostgreSQL (var/$PG_NAME) on 127.0.0.1:$port"
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGLOG" -w -t 60 start >/dev/null \
      || { tail -20 "$PGLOG" >&2; die "PostgreSQL did not start (log: $PGLOG)"; }
  fi
  local psql=("$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -qAt)
  if [ "$("${psql[@]}" -d postgres -c "select 1 from pg_roles where rolname='hubwatch'")" != "1" ]; then
    # Superuser: Django creates the postgis extension in the test database itself.
    "${psql[@]}" -d postgres -c "create role hubwatch login superuser"
    "${psql[@]}" -d template1 -c "create extension if not exists postgis"
  fi
  if [ "$("${psql[@]}" -d postgres -c "select 1 from pg_database where datname='hubwatch'")" != "1" ]; then
    "${psql[@]}" -d postgres -c "create database hubwatch owner hubwatch"
  fi
}

stop_pg() {
  if [ -e "$VAR/$PG_NAME" ]; then PGDATA="$(pg_home)/data"; else return 0; fi
  if [ -f "$PGDATA/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    say "Stopping PostgreSQL (var/$PG_NAME)"; as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
  fi
}

start_redis() {
  local port; port="$(port_file redis 56379)"
  mkdir -p "$REDIS_DIR"
  # Redis carries the Celery queue and the cache, never the only copy of a record (the outbox in
  # PostgreSQL has every piece of work until it is done). Its append-only file still makes a
  # stop or restart hand the queued work back at once (fsync each second: a crash loses at most
  # about a second of the queue, which the outbox dispatcher resends after OUTBOX_STALE_SECONDS).
  if [ -f "$REDIS_DIR/redis.pid" ] && kill -0 "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null; then
    redis-cli -p "$port" config set appendonly yes >/dev/null 2>&1 || true  # one started before 2026-12
    return
  fi
  command -v redis-server >/dev/null || die "redis-server not found (apt install redis-server)"
  say "Starting Redis on 127.0.0.1:$port"
  redis-server --bind 127.0.0.1 --port "$port" --dir "$REDIS_DIR" --daemonize yes \
    --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" --save "" --appendonly yes --appendfsync everysec >/dev/null
  for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && return; sleep 0.1; done
  die "Redis did not start (log: $REDIS_DIR/redis.log)"
}

stop_all() {
  use_cluster pg; stop_pg
  use_cluster pg-test; stop_pg
  if [ -f "$REDIS_DIR/redis.pid" ] && kill -0 "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null; then
    say "Stopping Redis"; kill "$(cat "$REDIS_DIR/redis.pid")"
  fi
}

case "$action" in
  start)
    export_service_urls
    [ -n "${HW_EMBEDDED_PG:-}" ] && start_pg >&2
    [ -n "${HW_EMBEDDED_REDIS:-}" ] && start_redis >&2
    echo "export DATABASE_URL='$DATABASE_URL' REDIS_URL='$REDIS_URL'"
    ;;
  start-test)
    # The suite's throw-away cluster (see above); Redis is the usual one (tests use their own
    # Redis database numbers). Prints the URL of the test cluster's database.
    use_cluster pg-test
    start_pg >&2
    echo "export DATABASE_URL='postgis://hubwatch@127.0.0.1:$(port_file postgres-test 55532)/hubwatch'"
    ;;
  stop) stop_all ;;
  *) die "usage: $0 start|start-test|stop" ;;
esac
