# Docker helpers for scripts/images.sh and scripts/test_deploy.sh. Sourced, not run.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The locally built images (make images); docker-compose.yml reads the same variables, so a
# machine that can pull from a registry sets them to the official images instead (README).
export HUBWATCH_BASE_IMAGE="${HUBWATCH_BASE_IMAGE:-hubwatch-base:trixie}"
export HUBWATCH_SYSTEM_IMAGE="${HUBWATCH_SYSTEM_IMAGE:-hubwatch-system:trixie}"
export HUBWATCH_APP_IMAGE="${HUBWATCH_APP_IMAGE:-hubwatch-app:latest}"
export HUBWATCH_DB_IMAGE="${HUBWATCH_DB_IMAGE:-hubwatch-postgis:17}"
export HUBWATCH_REDIS_IMAGE="${HUBWATCH_REDIS_IMAGE:-hubwatch-redis:latest}"
export HUBWATCH_NGINX_IMAGE="${HUBWATCH_NGINX_IMAGE:-hubwatch-nginx:latest}"

apt_install() {  # installs the Debian packages given when missing (root or sudo)
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  local sudo=""
  if ! is_root; then
    command -v sudo >/dev/null || die "missing packages: ${missing[*]}. Run as root or install sudo."
    sudo="sudo"
  fi
  say "Installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Docker Engine and Compose from Debian (docker.io, docker-compose), and a running dockerd: with no
# systemd to start it, root starts it here, in the background, logging to /var/log/dockerd.log.
ensure_docker() {
  command -v dockerd >/dev/null || apt_install docker.io
  if ! docker compose version >/dev/null 2>&1; then
    command -v docker-compose >/dev/null || apt_install docker-compose
  fi
  if docker info >/dev/null 2>&1; then return 0; fi
  is_root || die "the Docker daemon is not running: start it (or run as root and this script starts it)"
  say "Starting dockerd (log: /var/log/dockerd.log)"
  # A dockerd killed without cleaning up (a machine's processes ended) leaves its pid file, which
  # stops the next one from starting when that number now belongs to another process.
  if [ -f /var/run/docker.pid ] && ! grep -qs '^dockerd$' "/proc/$(cat /var/run/docker.pid)/comm"; then
    rm -f /var/run/docker.pid
  fi
  (setsid nohup dockerd >>/var/log/dockerd.log 2>&1 &)
  local i
  for i in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return 0
    sleep 1
  done
  tail -20 /var/log/dockerd.log >&2
  die "dockerd did not start within 60 s"
}

# `docker compose` (v2) when there, else docker-compose 1.29+ (Debian 12's): same arguments.
compose() {
  if docker compose version >/dev/null 2>&1; then docker compose "$@"; else docker-compose "$@"; fi
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
