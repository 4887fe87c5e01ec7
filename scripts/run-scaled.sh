#!/usr/bin/env bash
# The scaled-out topology on this machine, on loopback: PostgreSQL, Redis, 2 gunicorn app
# processes, 1 scheduler and nginx (ip_hash) in front. Ctrl-C stops everything it started.
# Settings (environment): SCALED_PORT (8080), SCALED_APP_PORTS (5001,5002),
# SCALED_DATABASE (frontdoor_scaled), PG_ADMIN_URL, REDIS_URL. See docs/deployment.md.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${SCALED_PORT:-8080}"
APP_PORTS="${SCALED_APP_PORTS:-5001,5002}"
DATABASE="${SCALED_DATABASE:-frontdoor_scaled}"
PG_ADMIN_URL="${PG_ADMIN_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
BIN=.venv/bin

need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "$1 is missing: install it (Debian: sudo apt-get install $2) and try again." >&2
    exit 1
  fi
}

apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_nginx() {
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] && return 0
  need_root nginx nginx
  echo "Installing nginx from Debian's packages..."
  apt_install nginx
  # The package's own site would listen on port 80: this topology runs its own nginx.
  if command -v service >/dev/null; then service nginx stop >/dev/null 2>&1 || true; fi
}

ensure_postgresql() {
  pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && return 0
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    need_root PostgreSQL postgresql
    echo "Installing PostgreSQL from Debian's packages..."
    apt_install postgresql
  fi
  echo "Starting PostgreSQL..."
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 1; done
  echo "PostgreSQL did not start." >&2; exit 1
}

ensure_redis() {
  redis-cli -u "$REDIS_URL" ping >/dev/null 2>&1 && return 0
  if ! command -v redis-server >/dev/null; then
    need_root Redis redis-server
    echo "Installing Redis from Debian's packages..."
    apt_install redis-server
  fi
  echo "Starting Redis..."
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes >/dev/null
  for _ in $(seq 30); do redis-cli -u "$REDIS_URL" ping >/dev/null 2>&1 && return 0; sleep 1; done
  echo "Redis did not start." >&2; exit 1
}

ensure_nginx
ensure_postgresql
ensure_redis

DATABASE_URL="$("$BIN/python" -m frontdoor.ops.provision "$PG_ADMIN_URL" "$DATABASE")"
export DATABASE_URL REDIS_URL
export FRONTDOOR_INSTANCE="${FRONTDOOR_INSTANCE:-$PWD/instance}"
export SCHEDULER_ENABLED=0   # the one scheduler is its own process

"$BIN/frontdoor" db upgrade
"$BIN/frontdoor" demo --if-empty
exec "$BIN/python" -m frontdoor.ops.topology --port "$PORT" --app-ports "$APP_PORTS" \
  --run-dir "$FRONTDOOR_INSTANCE/scaled"
