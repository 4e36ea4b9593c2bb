"""The benchmark's own database: dropped, created, migrated and seeded on every run."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_NAME = "cse_bench_data"


def bench_database_url(name: str = DEFAULT_NAME) -> str:
    """BENCH_DATABASE_URL if set; otherwise DATABASE_URL's server with the bench database."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    parts = urlsplit(base)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit("The benchmark needs PostgreSQL: set DATABASE_URL to a postgres:// URL.")
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _admin_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def recreate(url: str) -> None:
    name = database_name(url)
    if "bench" not in name:
        raise SystemExit(f"Refusing to drop {name!r}: the bench database's name must say bench.")
    with psycopg.connect(_admin_url(url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def exists(url: str) -> bool:
    with psycopg.connect(_admin_url(url), autocommit=True) as admin:
        found = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database_name(url)]
        ).fetchone()
    return found is not None


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def migrate_and_seed(env: dict, concerns: int) -> float:
    """Returns the seconds the seeding itself took."""
    manage(env, "migrate", "--noinput", "-v", "0")
    started = time.monotonic()
    manage(env, "seed_bench", "--concerns", str(concerns))
    seconds = time.monotonic() - started
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")  # as autovacuum would soon after a bulk load
    return seconds
