"""Bulk loading with PostgreSQL's COPY (text format) through psycopg: a few hundred thousand
rows a second, where the ORM manages a few thousand."""

import contextlib
import datetime
import re
import uuid
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db import connection

NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
CHUNK_ROWS = 5000


_SPECIAL = re.compile(r"[\\\t\n\r]")


def _escaped(value: str) -> str:
    return value.translate(_ESCAPES) if _SPECIAL.search(value) else value


_FORMATS = {
    type(None): lambda value: NULL,
    bool: lambda value: "t" if value else "f",
    int: str,
    str: _escaped,
    Decimal: str,
    uuid.UUID: str,
    datetime.datetime: datetime.datetime.isoformat,
    datetime.date: datetime.date.isoformat,
}


def text(value) -> str:
    """One value as COPY's text format writes it."""
    return _FORMATS.get(type(value), lambda other: _escaped(str(other)))(value)


def line(*values) -> str:
    return "\t".join(text(value) for value in values) + "\n"


def copy_lines(table: str, columns: Iterable[str], lines: Iterable[str]) -> int:
    """COPY ready-made lines (see `line`) into a table. Returns the number of rows."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"  # noqa: S608 - our own names
    count = 0
    buffer: list[str] = []
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in lines:
            buffer.append(row)
            if len(buffer) >= CHUNK_ROWS:
                copy.write("".join(buffer))
                count += len(buffer)
                buffer.clear()
        if buffer:
            copy.write("".join(buffer))
            count += len(buffer)
    return count


def next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]


def sync_sequence(table: str) -> None:
    """After inserting explicit ids, move the id sequence past them."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))",
            [table],
        )


@contextlib.contextmanager
def foreign_keys_checked_after(tables: list[str]) -> Iterator[None]:
    """Drop the tables' foreign keys for the load and add them back after it. Django makes
    them deferred, so otherwise every row queues a check for COMMIT (about 25 µs a row);
    adding a constraint back checks the whole table in one join, and fails as loudly."""
    with connection.cursor() as cursor:
        # Checks still queued from earlier in the transaction would block ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        constraints = cursor.fetchall()
        for table, name, _ in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    with _indexes_built_after(tables):
        yield
    with connection.cursor() as cursor:
        for table, name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to how Django declares them


@contextlib.contextmanager
def _indexes_built_after(tables: list[str]) -> Iterator[None]:
    """Drop the plain (non-constraint) indexes for the load and build them after it: one
    sorted build is several times cheaper than a million single-row inserts into each."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
