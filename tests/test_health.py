"""/healthz says whether the database answers, within the bound, even when it hangs; and every
database connection carries a connect and a statement timeout."""

import time

import pytest
from django.db import connection

from common.db_limits import longer_statements

from .reminder_support import SilentBroker

pytestmark = pytest.mark.django_db


def database_at(settings, port: int) -> None:
    default = settings.DATABASES["default"]
    settings.DATABASES = {**settings.DATABASES, "default": {**default, "PORT": str(port)}}


def test_health_check_is_ok_when_the_database_and_broker_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


def test_health_check_answers_503_in_time_when_the_database_hangs(client, settings):
    # A server that accepts connections and never answers: what a frozen PostgreSQL looks like.
    with SilentBroker() as frozen:
        database_at(settings, frozen.port)
        started = time.monotonic()
        first = client.get("/healthz")
        first_took = time.monotonic() - started
        second = client.get("/healthz")  # the first probe may still hang: none piles up
        asked = bool(frozen.held)

    assert asked
    assert first.status_code == second.status_code == 503
    assert first.json() == {"database": "down", "broker": "ok"}
    assert first_took < 3  # the bound the load balancer is promised


def test_every_connection_gives_up_connecting_and_bounds_each_statement(settings):
    options = settings.DATABASES["default"]["OPTIONS"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        (statement_timeout,) = cursor.fetchone()

    assert options["connect_timeout"] == settings.DB_CONNECT_TIMEOUT
    assert statement_timeout == "1min"  # the test settings' DB_STATEMENT_TIMEOUT


def test_export_and_purge_statements_may_run_longer_then_the_default_returns(settings):
    def current() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            return cursor.fetchone()[0]

    with longer_statements(settings.EXPORT_STATEMENT_TIMEOUT):
        during = current()

    assert during == "2min"  # EXPORT_STATEMENT_TIMEOUT
    assert current() == "1min"  # the test settings' DB_STATEMENT_TIMEOUT


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}
