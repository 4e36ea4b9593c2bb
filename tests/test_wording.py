"""One voice across the service: numbers as a person writes them, plain words for what
happened, and emails that call a concern what it is."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from audit.models import ACTION_LABELS, AuditEvent
from common.templatetags.portal import points
from concerns.services import concern_monitor, concern_refer
from referrals.hours import LONDON
from referrals.reminders import reminders_sweep

from .factories import MEDIUM_ANSWERS, file_test_concern
from .test_referral_queue import walk_to_closed

pytestmark = pytest.mark.django_db

SEVEN_AND_A_HALF = {"missing": "yes", "cars": "yes", "older_friend": "possible"}  # 3 + 3 + 1.5
TWO_HALVES = {"missing": "possible", "cars": "possible"}  # 1.5 + 1.5 = Decimal("3.0")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("8.0"), "8"),
        (Decimal("6.00"), "6"),
        (Decimal("7.5"), "7.5"),
        (Decimal("7.50"), "7.5"),
        ("10.0", "10"),
        (Decimal("100"), "100"),  # not "1E+2"
        (3, "3"),
        (0, "0"),
        ("", ""),
        ("not a number", "not a number"),
    ],
)
def test_points_are_shown_the_way_a_person_writes_them(value, shown):
    assert points(value) == shown


def test_explanation_shows_totals_weights_and_thresholds_without_trailing_zeros(
    lead_client, practitioner
):
    concern = file_test_concern(filed_by=practitioner, answers=SEVEN_AND_A_HALF)
    text = lead_client.get(reverse("concern_detail", args=[concern.reference])).text
    assert "<strong>7.5</strong>" in text
    assert "Low below 6," in text
    assert "High from 12." in text
    assert ">1.5<" in text
    for written_by_a_machine in ("6.0", "12.0", "7.50", "3.0"):
        assert written_by_a_machine not in text


def test_the_referral_queue_says_scored_3_not_3_point_0(lead_client, practitioner):
    file_test_concern(filed_by=practitioner, answers=TWO_HALVES, disclosure=True)
    text = lead_client.get("/referrals/").text
    assert "Scored 3, mostly from:" in text
    assert "Scored 3.0" not in text


def test_a_disclosure_with_no_signs_does_not_read_as_scored_nothing(lead_client, practitioner):
    file_test_concern(filed_by=practitioner, answers={}, disclosure=True)
    text = lead_client.get("/referrals/").text
    assert "Scored 0" not in text
    assert "No answers scored points. The band comes from a safety floor." in text
    assert "The child has disclosed sexual exploitation: at least High." in text


def _medium_referred_by_a_lead(practitioner, lead):
    filed = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
    with time_machine.travel(filed, tick=False):
        concern = file_test_concern(filed_by=practitioner, answers=MEDIUM_ANSWERS)
    referred = filed + datetime.timedelta(hours=2)
    with time_machine.travel(referred, tick=False):
        concern_refer(
            concern_id=concern.pk, from_status="new", reason="Worse than it looks", by=lead
        )
        reminders_sweep()
    return concern


def test_a_medium_concern_referred_by_a_lead_is_not_emailed_as_urgent(
    practitioner, lead, mailoutbox
):
    concern = _medium_referred_by_a_lead(practitioner, lead)
    (message,) = mailoutbox
    assert message.subject.startswith(
        f"Referred concern {concern.reference} (Medium) referred by a safeguarding lead:"
    )
    assert "urgent" not in message.subject.lower()
    assert f"A safeguarding lead has referred concern {concern.reference}" in message.body
    assert "An urgent concern has been filed" not in message.body


def test_an_urgent_concern_filed_by_a_practitioner_is_still_emailed_as_urgent(
    practitioner, lead, mailoutbox
):
    filed = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
    with time_machine.travel(filed, tick=False):
        concern = file_test_concern(filed_by=practitioner, answers={}, immediate_risk=True)
        reminders_sweep()
    (message,) = mailoutbox
    assert message.subject.startswith(f"Urgent concern {concern.reference} (Immediate) filed:")


def test_every_step_on_a_concern_reads_as_words_on_its_audit_trail(lead_client, lead, practitioner):
    monitored = file_test_concern(filed_by=practitioner, answers=MEDIUM_ANSWERS)
    concern_monitor(
        concern_id=monitored.pk,
        from_status="new",
        reason="Keep an eye on it",
        review_date=datetime.date.today() + datetime.timedelta(days=30),
        by=lead,
    )
    urgent = file_test_concern(filed_by=practitioner, answers={}, disclosure=True)
    walk_to_closed(urgent.referral, lead)
    for concern in (monitored, urgent):
        url = reverse("concern_audit_trail", args=[concern.reference])
        text = lead_client.get(url).text
        for raw in ("Concern monitoring", "Referral acknowledged", "Referral outcome recorded"):
            assert raw not in text
    assert (
        "Decided to monitor the concern"
        in lead_client.get(reverse("concern_audit_trail", args=[monitored.reference])).text
    )
    events = AuditEvent.objects.filter(object_ref__in=[monitored.reference, urgent.reference])
    unlabelled = {e.action for e in events} - set(ACTION_LABELS)
    assert unlabelled == set()


def test_every_action_the_code_records_reads_as_words_on_an_audit_trail():
    """Each audit_record(action="...") in the apps (not the development-only benchtools) has
    its plain-words label, so no trail or audit search shows "Entities added"."""
    root = Path(__file__).resolve().parent.parent
    apps = [path.parent for path in root.glob("*/apps.py") if path.parent.name != "benchtools"]
    recorded = set()
    for app in [*apps, root / "cse_portal"]:
        for path in app.rglob("*.py"):
            if "migrations" not in path.parts:
                recorded |= set(re.findall(r'action="([a-z_]+\.[a-z_.]+)"', path.read_text()))
    assert "entities.added" in recorded and "concern.filed" in recorded
    assert recorded - set(ACTION_LABELS) == set()
