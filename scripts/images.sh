#!/usr/bin/env bash
# make images: every image docker-compose.yml runs, built from Debian packages, PyPI and npm only
# (no image registry needed):
#   hubwatch-base:trixie    Debian 13 by debootstrap from the machine's Debian mirror (built once)
#   hubwatch-system:trixie  the Debian packages of every service (docker/system.Dockerfile)
#   hubwatch-app:latest     web, worker, beat, migrate: the pinned wheels made on the host (PyPI),
#                           installed --no-index, and the front-end assets from npm (Dockerfile)
#   hubwatch-postgis:17     PostgreSQL 17 + PostGIS 3.5, initialised from POSTGRES_* like the
#                           official postgis image (docker/postgis.Dockerfile)
#   hubwatch-redis, hubwatch-nginx
# Each build reuses Docker's layer cache: a second run after a code change rebuilds only the
# app's code layers. HUBWATCH_BASE_IMAGE=debian:trixie-slim skips debootstrap where a registry is
# reachable.
source "$(dirname "$0")/docker.sh"
cd "$ROOT"
started=$SECONDS

ensure_docker
mkdir -p "$VAR"
build_log="$VAR/images-build.log"
: >"$build_log"
# docker build, its output in var/images-build.log (shown when it fails).
build() {
  if ! docker build "$@" >>"$build_log" 2>&1; then
    tail -40 "$build_log" >&2
    die "docker build $* failed (log: var/images-build.log)"
  fi
}

if ! image_exists "$HUBWATCH_BASE_IMAGE"; then
  if [ "$HUBWATCH_BASE_IMAGE" != "hubwatch-base:trixie" ]; then
    say "Pulling $HUBWATCH_BASE_IMAGE"
    docker pull "$HUBWATCH_BASE_IMAGE"
  else
    is_root || die "debootstrap needs root: run make images as root once (the base image is then kept)"
    apt_install debootstrap debian-archive-keyring
    # The mirror apt already uses on this machine (deb822 or one-line sources).
    mirror="${DEBIAN_MIRROR:-$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | head -1 | awk '{print $2}' || true)}"
    mirror="${mirror:-http://deb.debian.org/debian}"
    dir="$(mktemp -d /var/tmp/hubwatch-base.XXXXXX)"
    trap 'rm -rf "$dir"' EXIT
    say "Building $HUBWATCH_BASE_IMAGE: debootstrap --variant=minbase trixie from $mirror"
    debootstrap --variant=minbase trixie "$dir" "$mirror" >"$dir.log" 2>&1 || { tail -30 "$dir.log" >&2; die "debootstrap failed (log: $dir.log)"; }
    rm -f "$dir.log"
    rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
    tar -C "$dir" -c . | docker import -c 'CMD ["bash"]' -c 'ENV LANG=C.UTF-8' - "$HUBWATCH_BASE_IMAGE" >/dev/null
    rm -rf "$dir"
    trap - EXIT
  fi
fi
echo "base image ready ($((SECONDS - started)) s)"

say "Building $HUBWATCH_SYSTEM_IMAGE (Debian packages of every service)"
build -t "$HUBWATCH_SYSTEM_IMAGE" --build-arg BASE_IMAGE="$HUBWATCH_BASE_IMAGE" -f docker/system.Dockerfile docker
echo "system image ready ($((SECONDS - started)) s)"

# The front-end assets (npm, pinned) into static/vendor, and a .venv whose pip downloads the wheels.
scripts/bootstrap.sh

# The pinned wheels for the image's Python 3.13, downloaded by the host (PyPI is not reachable
# from a container). Kept while requirements.lock is unchanged.
wheelhouse="$VAR/wheelhouse"
stamp="$wheelhouse/.lock-$(sha256sum requirements.lock | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  say "Downloading the wheels of requirements.lock for CPython 3.13 into var/wheelhouse"
  rm -rf "$wheelhouse" && mkdir -p "$wheelhouse"
  "$VENV/bin/python" -m pip download -q --disable-pip-version-check --dest "$wheelhouse" \
    --python-version 3.13 --implementation cp --only-binary=:all: \
    --platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64 \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_34_x86_64 \
    -r requirements.lock 2> >(grep -v "is ignored: it is neither" >&2)
  touch "$stamp"
fi

version="$(git describe --always --dirty 2>/dev/null || echo unknown)"
say "Building $HUBWATCH_APP_IMAGE ($version)"
build -t "$HUBWATCH_APP_IMAGE" --build-arg SYSTEM_IMAGE="$HUBWATCH_SYSTEM_IMAGE" \
  --build-arg HUBWATCH_VERSION="$version" -f Dockerfile .
for pair in "$HUBWATCH_DB_IMAGE:postgis" "$HUBWATCH_REDIS_IMAGE:redis" "$HUBWATCH_NGINX_IMAGE:nginx"; do
  name="${pair%:*}" file="${pair##*:}"
  say "Building $name"
  build -t "$name" --build-arg SYSTEM_IMAGE="$HUBWATCH_SYSTEM_IMAGE" -f "docker/$file.Dockerfile" docker
done
docker image ls --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' | grep '^hubwatch-' || true
say "Images ready in $((SECONDS - started)) s"
