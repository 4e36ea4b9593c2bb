"""Several small queries sent as one statement where the database allows it."""

from django.db import connection


def rows_of_each(queries: list) -> list:
    """The rows of each of these querysets (each may be sliced, all with the same columns), in
    one UNION ALL statement where the database takes a LIMIT inside one (PostgreSQL), else one
    query each (SQLite, the embedded default). No order across them: sort the rows if it
    matters."""
    if not queries:
        return []
    if len(queries) > 1 and connection.features.supports_slicing_ordering_in_compound:
        return list(queries[0].union(*queries[1:], all=True))
    return [row for query in queries for row in query]


def rows_insert(objs: list, *, ignore_conflicts: bool = False) -> None:
    """Insert these new rows of one model in one statement and give them their ids, as
    `bulk_create` does, without its statement compiler: for the few rows a filing writes,
    building the statement took the ORM three times as long as the database took to run it.
    Every concrete field but the id, prepared by the field as the ORM would (defaults, JSON).
    With `ignore_conflicts`, a row that would break a unique constraint is left out and no id
    is given (PostgreSQL and SQLite both say ON CONFLICT DO NOTHING)."""
    if not objs:
        return
    meta = type(objs[0])._meta
    fields = [f for f in meta.concrete_fields if f is not meta.pk]
    quote = connection.ops.quote_name
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (
        f"INSERT INTO {quote(meta.db_table)} "  # noqa: S608 (names from the model, values parameters)
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES {', '.join([row] * len(objs))}"
    )
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for obj in objs for f in fields]
    with connection.cursor() as cursor:
        if ignore_conflicts:
            cursor.execute(sql + " ON CONFLICT DO NOTHING", params)
            ids = [None] * len(objs)
        else:
            cursor.execute(f"{sql} RETURNING {quote(meta.pk.column)}", params)
            ids = [pk for (pk,) in cursor.fetchall()]
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias
