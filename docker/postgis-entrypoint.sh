#!/bin/sh
# Entrypoint of hubwatch-postgis (docker/postgis.Dockerfile). Runs as root only to hand the data
# folder to postgres, then as postgres. First start with an empty volume: initdb with
# POSTGRES_USER as superuser (password POSTGRES_PASSWORD), POSTGRES_DB with PostGIS, TCP with
# scram-sha-256 (replication too); the set-up server listens on the socket only, so a TCP
# healthcheck is green only once the real server runs. PRIMARY_HOST set: a streaming replica.
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
    echo "replica: copying the primary $PRIMARY_HOST (pg_basebackup)"
    export PGPASSWORD="$POSTGRES_PASSWORD"
    tries=0
    until pg_isready -q -h "$PRIMARY_HOST" -U "$user" -d "$db"; do
      tries=$((tries + 1)); [ "$tries" -lt 120 ] || { echo "primary $PRIMARY_HOST never answered" >&2; exit 1; }
      sleep 1
    done
    pg_basebackup -h "$PRIMARY_HOST" -U "$user" -D "$PGDATA" -R -X stream --checkpoint=fast
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
