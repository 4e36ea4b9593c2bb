"""Bounds on how long anything waits for PostgreSQL.

Every connection carries `connect_timeout` and a default `statement_timeout` (settings
DB_CONNECT_TIMEOUT, DB_STATEMENT_TIMEOUT). Work that is known to be long (the CSV export, the
retention purge) raises the bound for its own statements with `longer_statements`. A database
that is frozen (not slow) never enforces a statement timeout: only a client-side wait bounds
that, which is what /healthz does (cse_portal.health)."""

import contextlib


def bounded(database: dict, *, connect_seconds: int, statement_seconds: int) -> dict:
    """The database settings with the bounds added (PostgreSQL only; SQLite has no server)."""
    if "postgresql" not in database.get("ENGINE", ""):
        return database
    options = dict(database.get("OPTIONS", {}))
    options["connect_timeout"] = connect_seconds
    if statement_seconds:
        options["options"] = f"-c statement_timeout={statement_seconds * 1000}"
    return {**database, "OPTIONS": options}


@contextlib.contextmanager
def longer_statements(seconds: int):
    """Let this connection's statements run up to `seconds` (0: no limit), then put the
    default back: the connection is reused by later requests."""
    from django.db import connection  # settings import this module: no database at import

    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{seconds}s"])
    try:
        yield
    finally:
        with contextlib.suppress(Exception), connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
