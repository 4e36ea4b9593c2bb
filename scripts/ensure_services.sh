#!/usr/bin/env bash
# Make sure PostgreSQL and Redis are reachable for the tests, starting them, or installing them
# from Debian's packages when absent (as root). Prints `export DATABASE_URL=… REDIS_URL=…` on
# stdout for `eval`; everything else goes to stderr.
set -euo pipefail

say() { echo "ensure_services: $*" >&2; }
is_root() { [ "$(id -u)" -eq 0 ]; }
apt_install() {
  if ! is_root; then
    say "$1 is missing and I am not root. Install it with: sudo apt-get install -y $*"; exit 1
  fi
  say "installing $* from Debian's packages"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

PG_HOST=127.0.0.1
PG_PORT=${PGPORT:-5432}
DB_NAME=${CSE_TEST_DB:-cse_portal}
REDIS_PORT=${CSE_REDIS_PORT:-6379}

pg_up() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; }

ensure_postgres() {
  command -v pg_isready >/dev/null || apt_install postgresql postgresql-client
  if ! pg_up; then
    is_root || { say "PostgreSQL is not running on $PG_HOST:$PG_PORT; start it and retry"; exit 1; }
    local version
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
    [ -n "$version" ] || { apt_install postgresql; version=$(ls /etc/postgresql | sort -V | tail -n 1); }
    say "starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
    for _ in $(seq 1 30); do pg_up && break; sleep 1; done
    pg_up || { say "PostgreSQL did not start"; exit 1; }
  fi
}

database_url() {
  # Trust auth (this project's machines) first; otherwise give the postgres role a password.
  if psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -w -tAc "SELECT 1" >/dev/null 2>&1; then
    echo "postgres://postgres@$PG_HOST:$PG_PORT/$DB_NAME"; return
  fi
  local password=${CSE_TEST_PG_PASSWORD:-cse-portal-tests}
  if PGPASSWORD=$password psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -w -tAc "SELECT 1" >/dev/null 2>&1; then
    echo "postgres://postgres:$password@$PG_HOST:$PG_PORT/$DB_NAME"; return
  fi
  is_root || { say "cannot sign in to PostgreSQL as postgres; set DATABASE_URL yourself"; exit 1; }
  say "setting a local password on the postgres role for the tests"
  runuser -u postgres -- psql -q -c "ALTER ROLE postgres PASSWORD '$password'" >&2
  echo "postgres://postgres:$password@$PG_HOST:$PG_PORT/$DB_NAME"
}

redis_up() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

ensure_redis() {
  command -v redis-server >/dev/null || apt_install redis-server
  if ! redis_up; then
    say "starting Redis on 127.0.0.1:$REDIS_PORT"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >&2
    for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
    redis_up || { say "Redis did not start"; exit 1; }
  fi
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] || apt_install chromium
}

if [ -z "${DATABASE_URL:-}" ]; then ensure_postgres; DATABASE_URL=$(database_url); fi
if [ -z "${REDIS_URL:-}" ]; then ensure_redis; REDIS_URL="redis://127.0.0.1:$REDIS_PORT/15"; fi
[ "${CSE_SKIP_CHROMIUM:-}" = "1" ] || ensure_chromium
echo "export DATABASE_URL='$DATABASE_URL' REDIS_URL='$REDIS_URL'"
