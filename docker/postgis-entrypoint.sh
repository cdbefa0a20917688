#!/bin/sh
# Entrypoint of hubwatch-postgis (docker/postgis.Dockerfile). Runs as root only to hand the data
# folder to postgres, then as postgres. First start with an empty volume: initdb with
# POSTGRES_USER as superuser (password POSTGRES_PASSWORD), POSTGRES_DB with PostGIS, TCP with
# scram-sha-256 (replication too); the set-up server listens on the socket only, so a TCP
# healthcheck is green only once the real server runs. PRIMARY_HOST set: a hot-standby streaming
# replica of that primary, through a replication role and slot of its own (below).
set -eu
: "${PGDATA:=/var/lib/postgresql/data}"
user="${POSTGRES_USER:-postgres}"
db="${POSTGRES_DB:-$user}"

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /run/postgresql
  chown -R postgres:postgres "$PGDATA" /run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
  if [ -n "${PRIMARY_HOST:-}" ]; then
    # A replica: as POSTGRES_USER (the primary's superuser), make the replication role
    # REPLICATION_USER (password REPLICATION_PASSWORD, else POSTGRES_PASSWORD) and the physical
    # slot REPLICATION_SLOT on the primary when missing, then copy the primary as that role
    # (pg_basebackup -R: the standby's primary_conninfo and primary_slot_name name the role and
    # slot, never the superuser). The slot keeps the WAL the replica has not received yet: drop it
    # (SELECT pg_drop_replication_slot('hubwatch_replica')) when removing the replica for good.
    echo "replica: copying the primary $PRIMARY_HOST (pg_basebackup)"
    repl_user="${REPLICATION_USER:-replicator}"
    repl_password="${REPLICATION_PASSWORD:-$POSTGRES_PASSWORD}"
    slot="${REPLICATION_SLOT:-hubwatch_replica}"
    export PGPASSWORD="$POSTGRES_PASSWORD"
    tries=0
    until pg_isready -q -h "$PRIMARY_HOST" -U "$user" -d "$db"; do
      tries=$((tries + 1)); [ "$tries" -lt 120 ] || { echo "primary $PRIMARY_HOST never answered" >&2; exit 1; }
      sleep 1
    done
    psql -v ON_ERROR_STOP=1 -q -h "$PRIMARY_HOST" -U "$user" -d "$db" \
      -v role="$repl_user" -v password="$repl_password" -v slot="$slot" <<'SQL'
SELECT format('CREATE ROLE %I WITH REPLICATION LOGIN', :'role')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I WITH REPLICATION LOGIN PASSWORD %L', :'role', :'password') \gexec
SELECT pg_create_physical_replication_slot(:'slot')
WHERE NOT EXISTS (SELECT FROM pg_replication_slots WHERE slot_name = :'slot');
SQL
    export PGPASSWORD="$repl_password"
    pg_basebackup -h "$PRIMARY_HOST" -U "$repl_user" -D "$PGDATA" -R -X stream -S "$slot" --checkpoint=fast
    unset PGPASSWORD
  else
    pwfile="$(mktemp)"
    printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
    initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    rm -f "$pwfile"
    {
      echo "host all all all scram-sha-256"
      echo "host replication all all scram-sha-256"
    } >> "$PGDATA/pg_hba.conf"
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    if [ "$db" != postgres ]; then
      psql -v ON_ERROR_STOP=1 -q -U "$user" -d postgres -c "CREATE DATABASE \"$db\""
    fi
    psql -v ON_ERROR_STOP=1 -q -U "$user" -d "$db" -c "CREATE EXTENSION IF NOT EXISTS postgis"
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    echo "initialised: database $db with PostGIS, superuser $user"
  fi
fi

if [ "${1:-}" = postgres ]; then
  shift
  exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
fi
exec "$@"
