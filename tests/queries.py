"""Counting the SQL a page costs, for the tests that check it does not grow with the data."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url) -> int:
    """Queries for one request for the page, once configuration and permissions are
    remembered (the first request after a change reads them). The once-a-minute session
    renewal is left out: on a slow machine it can fall on either request."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len([query for query in captured if not _renewal(query["sql"])])


def _renewal(sql: str) -> bool:
    return "django_session" in sql or sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
