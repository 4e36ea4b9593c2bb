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
