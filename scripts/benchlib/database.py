"""The benchmark's own databases, one a data size: dropped, created, migrated and seeded
when they do not already hold a seed of that size made by the same seed code."""

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_NAME = "cse_bench_"
# The code that decides what a seed holds: a change to any of these seeds afresh.
SEED_MODULES = [
    "seed", "plan", "people", "timeline", "concerns", "scoring", "followups", "reminders",
    "network", "pgcopy", "management/commands/seed_bench",
]  # fmt: skip
SEED_CODE = [ROOT / "benchtools" / f"{name}.py" for name in SEED_MODULES]
MARKER = "bench_seed"  # one row: the size seeded and the seed code's hash


def bench_database_url(name: str = DEFAULT_NAME) -> str:
    """BENCH_DATABASE_URL if set; otherwise DATABASE_URL's server with the bench database.
    Each data size gets a database of its own, named from this one (`sized_url`)."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    parts = urlsplit(base)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit("The benchmark needs PostgreSQL: set DATABASE_URL to a postgres:// URL.")
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def size_label(concerns: int) -> str:
    """1000000 → "1m", 100000 → "100k", 500 → "500"."""
    for unit, size in (("m", 1_000_000), ("k", 1_000)):
        if concerns % size == 0:
            return f"{concerns // size}{unit}"
    return str(concerns)


def sized_url(url: str, concerns: int) -> str:
    """The database for one data size: the bench database's name with the size appended
    (cse_bench_100k, cse_bench_1m)."""
    name = database_name(url) + size_label(concerns)
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def seed_version() -> str:
    digest = hashlib.sha256()
    for path in SEED_CODE:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def seeded(url: str, concerns: int) -> dict | None:
    """How the database was seeded ({"seconds", "at"}) if it holds a seed of this size made
    by the seed code as it is now; otherwise None."""
    if not exists(url):
        return None
    with psycopg.connect(url, autocommit=True) as conn:
        if conn.execute("SELECT to_regclass(%s)", [MARKER]).fetchone()[0] is None:
            return None
        row = conn.execute(
            f"SELECT seconds, at FROM {MARKER} WHERE concerns = %s AND version = %s",  # noqa: S608
            [concerns, seed_version()],
        ).fetchone()
    return {"seconds": row[0], "at": row[1]} if row else None


def mark_seeded(url: str, concerns: int, seconds: float) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            f"CREATE TABLE {MARKER} (concerns integer, version text, seconds real, "
            "at timestamptz DEFAULT now())"
        )
        conn.execute(
            f"INSERT INTO {MARKER} (concerns, version, seconds) VALUES (%s, %s, %s)",  # noqa: S608
            [concerns, seed_version(), seconds],
        )


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


def migrate(env: dict) -> None:
    # Without the statement timeout: a new index on a million rows may take longer.
    manage({**env, "DB_STATEMENT_TIMEOUT": "0"}, "migrate", "--noinput", "-v", "0")


def migrate_and_seed(env: dict, concerns: int) -> float:
    """Returns the seconds the seeding itself took."""
    migrate(env)
    started = time.monotonic()
    manage(env, "seed_bench", "--concerns", str(concerns))
    seconds = time.monotonic() - started
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")  # as autovacuum would soon after a bulk load
    return seconds
