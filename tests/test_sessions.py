"""Sessions are renewed at most once a minute, and a change that has committed is never
reported as an error because the session could not be saved afterwards."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from concerns.models import Concern

from .factories import MEDIUM_ANSWERS, file_test_concern
from .forms import intake_post

START = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)
BREAK_SESSIONS = """
CREATE FUNCTION test_refuse_session_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'session table unavailable'; END; $$;
CREATE TRIGGER test_refuse_session_write BEFORE INSERT OR UPDATE ON django_session
    FOR EACH ROW EXECUTE FUNCTION test_refuse_session_write();
"""
MEND_SESSIONS = """
DROP TRIGGER IF EXISTS test_refuse_session_write ON django_session;
DROP FUNCTION IF EXISTS test_refuse_session_write();
"""


def _session_writes(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len([q for q in queries if 'UPDATE "django_session"' in q["sql"]])


def test_the_session_is_renewed_at_most_once_a_minute(client, practitioner):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(practitioner)
        client.get("/concerns/")
        assert _session_writes(client, "/concerns/") == 0
        clock.shift(datetime.timedelta(seconds=30))
        assert _session_writes(client, "/concerns/") == 0
        clock.shift(datetime.timedelta(seconds=31))
        assert _session_writes(client, "/concerns/") == 1
        assert _session_writes(client, "/concerns/") == 0


def test_a_page_opened_every_twenty_minutes_keeps_you_signed_in(client, practitioner):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(practitioner)
        for _ in range(4):
            clock.shift(datetime.timedelta(minutes=20))
            assert client.get("/concerns/").status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL trigger breaks it")
@pytest.mark.django_db(transaction=True)
def test_a_filed_concern_is_confirmed_even_when_the_session_cannot_be_saved(practitioner):
    client = Client(raise_request_exception=False)
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(practitioner)
        clock.shift(datetime.timedelta(minutes=5))  # the session is due for renewal
        with session_writes_fail_now():
            response = client.post("/concerns/new/", intake_post(MEDIUM_ANSWERS))

    assert response.status_code == 302
    concern = Concern.objects.get()
    assert response["Location"] == f"/concerns/{concern.reference}/filed/"
    assert AuditEvent.objects.filter(action="concern.filed", object_id=concern.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL trigger breaks it")
@pytest.mark.django_db(transaction=True)
def test_a_page_read_while_the_session_cannot_be_saved_is_shown_and_audited(practitioner):
    concern = file_test_concern(filed_by=practitioner)
    client = Client(raise_request_exception=False)
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(practitioner)
        clock.shift(datetime.timedelta(minutes=5))
        with session_writes_fail_now():
            response = client.get(f"/concerns/{concern.reference}/")

    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="concern.viewed", object_id=concern.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_read_is_audited_in_the_same_commit_as_the_session_renewal(practitioner):
    concern = file_test_concern(filed_by=practitioner)
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(practitioner)
        clock.shift(datetime.timedelta(minutes=5))  # the session is due for renewal
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/concerns/{concern.reference}/")
    statements = [query["sql"] for query in queries]
    transactions = "\n".join(statements).split("COMMIT")
    writes = [
        part
        for part in transactions
        if 'INSERT INTO "cse_portal_auditevent"' in part or 'UPDATE "django_session"' in part
    ]
    assert len(writes) == 1
    assert "BEGIN" in writes[0]


class session_writes_fail_now:
    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute(BREAK_SESSIONS)

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            cursor.execute(MEND_SESSIONS)


def test_session_rows_are_not_written_for_a_plain_read(client, practitioner):
    client.force_login(practitioner)
    client.get("/concerns/")
    before = Session.objects.get().expire_date
    client.get("/concerns/")
    assert Session.objects.get().expire_date == before
