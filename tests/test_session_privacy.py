"""What sessions keep, and for how long (trust issue item 7)."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts import tasks
from cse_portal.celery import app

from .factories import HIGH_ANSWERS, PASSWORD, child_details, file_test_concern

pytestmark = pytest.mark.django_db
TRIAGE = "/triage/"


@pytest.fixture
def hugo(practitioner):
    return file_test_concern(
        filed_by=practitioner, answers=HIGH_ANSWERS, child=child_details(first_name="Hugo")
    )


def _stored_sessions() -> str:
    return str([session.get_decoded() for session in Session.objects.all()])


def test_a_search_by_name_is_found_but_leaves_no_name_in_the_session_or_address(lead_client, hugo):
    location = lead_client.post(TRIAGE, {"search": "Hugo Example"})["Location"]
    page = lead_client.get(location)

    assert hugo.reference in page.text
    assert "hugo" not in location.lower()
    assert "Hugo" not in _stored_sessions()


def test_a_search_address_stops_working_thirty_one_minutes_later(lead_client, hugo):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        location = lead_client.post(TRIAGE, {"search": "Hugo"})["Location"]
        clock.shift(datetime.timedelta(minutes=20))
        lead_client.get(TRIAGE)  # still active: the session lives on
        clock.shift(datetime.timedelta(minutes=11))
        page = lead_client.get(location)

    assert "That search has expired. Search again." in page.text
    assert 'value="Hugo"' not in page.text


def test_a_search_address_means_nothing_in_another_session(lead_client, lead, hugo):
    location = lead_client.post(TRIAGE, {"search": "Hugo"})["Location"]
    other = Client()
    other.force_login(lead)

    assert "That search has expired" in other.get(location).text


def test_expired_sessions_are_deleted_on_a_schedule(practitioner):
    signed_in = Client()
    signed_in.post("/accounts/login/", {"username": practitioner.username, "password": PASSWORD})
    assert Session.objects.count() == 1
    scheduled = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        tasks.clear_expired_sessions.apply()

    assert "accounts.tasks.clear_expired_sessions" in scheduled
    assert "accounts.tasks.clear_expired_sessions" in app.tasks
    assert not Session.objects.exists()
