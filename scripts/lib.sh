# Shared helpers for the Makefile scripts. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VAR="$ROOT/var"
VENV="$ROOT/.venv"
PG_BIN="${PG_BIN:-}"
if [ -z "$PG_BIN" ]; then
  for v in 17 16 15; do
    if [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ]; then PG_BIN="/usr/lib/postgresql/$v/bin"; break; fi
  done
fi

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command as the owner of the local PostgreSQL cluster (initdb refuses root), from / so
# that it never needs to enter the current folder (a clone under a private home).
as_pg() {
  if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# A free TCP port on loopback, remembered in a file so the services keep it across runs.
port_file() {  # $1 = name, $2 = preferred port
  local file="$VAR/$1.port"
  if [ -s "$file" ]; then cat "$file"; return; fi
  mkdir -p "$VAR"
  "$(python_bin)" - "$2" > "$file" <<'PY'
import socket, sys
preferred = int(sys.argv[1])
for port in [preferred, *range(preferred + 1, preferred + 200)]:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
PY
  cat "$file"
}

python_bin() {
  if [ -x "$VENV/bin/python" ]; then echo "$VENV/bin/python"; return; fi
  command -v python3 || command -v python
}

# Exports DATABASE_URL and REDIS_URL for the embedded services unless already set.
export_service_urls() {
  if [ -z "${DATABASE_URL:-}" ]; then
    export DATABASE_URL="postgis://hubwatch@127.0.0.1:$(port_file postgres 55432)/hubwatch"
    export HW_EMBEDDED_PG=1
  fi
  if [ -z "${REDIS_URL:-}" ]; then
    export REDIS_URL="redis://127.0.0.1:$(port_file redis 56379)/0"
    export HW_EMBEDDED_REDIS=1
  fi
}
