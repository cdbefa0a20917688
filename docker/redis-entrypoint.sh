#!/bin/sh
# Entrypoint of hubwatch-redis, like the official image's: `redis-server ARGS` (or just ARGS) runs
# with --protected-mode no, without which Redis with no configuration file refuses clients from
# other containers.
set -e
if [ "${1#-}" != "${1:-}" ]; then set -- redis-server "$@"; fi
if [ "${1:-}" = redis-server ]; then
  shift
  set -- redis-server --protected-mode no "$@"
fi
exec "$@"
