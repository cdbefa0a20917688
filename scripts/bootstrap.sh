#!/usr/bin/env bash
# Installs what is missing: system packages (apt, when root or with sudo), a .venv with a
# Python >= 3.12 and the pinned dependencies, and the front-end assets. Fast when done before.
source "$(dirname "$0")/lib.sh"

# systemd: systemd-analyze checks the units `make service` writes (the suite runs it).
APT_PACKAGES=(postgresql postgresql-15-postgis-3 gdal-bin libgdal-dev libgeos-c1v5 libproj-dev redis-server chromium gettext wrk systemd fonts-dejavu-core)
if [ -f /etc/os-release ] && grep -q 'VERSION_CODENAME=noble' /etc/os-release; then
  APT_PACKAGES=(postgresql postgresql-16-postgis-3 gdal-bin libgdal-dev libgeos-c1v5 libproj-dev redis-server chromium-browser gettext wrk systemd fonts-dejavu-core)
fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    die "missing system packages (${missing[*]}) and no apt-get: install them by hand"
  fi
  SUDO=""
  if ! is_root; then
    command -v sudo >/dev/null || die "missing system packages: ${missing[*]}. Run as root or install sudo."
    SUDO="sudo"
  fi
  say "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts a cluster on 5432 on install; Hubwatch runs its own under var/, so leave
  # the system one alone (it does no harm) but never depend on it.
fi

find_python() {
  local candidates=("${PYTHON:-}" python3.13 python3.12 python3)
  for dir in "$HOME"/.pyenv/versions/3.1[2-9]* /usr/local/bin /usr/bin; do
    for exe in "$dir"/bin/python3 "$dir"/python3.13 "$dir"/python3.12; do candidates+=("$exe"); done
  done
  for c in "${candidates[@]}"; do
    [ -n "$c" ] || continue
    if "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
      command -v "$c" 2>/dev/null || echo "$c"; return 0
    fi
  done
  return 1
}

stamp="$VENV/.installed-$(sha256sum "$ROOT/requirements.lock" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  if [ ! -x "$VENV/bin/python" ]; then
    py="$(find_python)" || die "no Python >= 3.12 found. Install one (e.g. apt install python3.12, or pyenv install 3.12) or set PYTHON=/path/to/python3.12"
    say "Creating .venv with $py ($("$py" --version))"
    "$py" -m venv "$VENV"
  fi
  say "Installing pinned Python packages"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/requirements.lock" 2> >(grep -v "is ignored: it is neither" >&2)
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi

# Front-end assets from the npm registry, pinned by package-lock.json; copied into static/vendor.
if [ -f "$ROOT/package.json" ]; then
  lockhash="$(sha256sum "$ROOT/package-lock.json" | cut -c1-16)"
  if [ ! -f "$ROOT/node_modules/.installed-$lockhash" ]; then
    command -v npm >/dev/null || die "npm is needed for the front-end assets: apt install npm"
    say "Installing front-end assets (npm ci)"
    (cd "$ROOT" && npm ci --silent --no-audit --no-fund >/dev/null)
    rm -f "$ROOT"/node_modules/.installed-*
    touch "$ROOT/node_modules/.installed-$lockhash"
  fi
  "$VENV/bin/python" "$ROOT/scripts/vendor_assets.py"
fi
