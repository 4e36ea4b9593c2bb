"""A lead's decisions on non-urgent concerns, and band overrides."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts import roles
from audit.models import AuditEvent
from concerns import services
from concerns.models import BandOverride, Concern
from referrals.hours import LONDON
from referrals.models import Referral, Reminder
from referrals.services import (
    referral_acknowledge,
    referral_record_contact,
    referral_record_outcome,
)

from .factories import HIGH_ANSWERS, LOW_ANSWERS, MEDIUM_ANSWERS, UserFactory, file_test_concern

pytestmark = pytest.mark.django_db


def decide_url(concern) -> str:
    return reverse("concern_decide", args=[concern.reference])


def band_url(concern) -> str:
    return reverse("concern_override", args=[concern.reference])


def detail_url(concern) -> str:
    return reverse("concern_detail", args=[concern.reference])


def day_parts(name: str, day: datetime.date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def concern(practitioner):
    return file_test_concern(filed_by=practitioner, answers=MEDIUM_ANSWERS)


@pytest.fixture
def second_lead(db):
    return UserFactory(username="lead_b", first_name="Robin", last_name="Marsh", role=roles.LEAD)


def test_decision_form_suggests_a_review_in_three_months(lead_client, concern):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=LONDON), tick=False):
        response = lead_client.get(decide_url(concern))
    # 91 days after 2 March 2026 is 1 June 2026.
    assert 'name="review_date_0" value="1"' in response.text
    assert 'name="review_date_1" value="6"' in response.text
    assert 'name="review_date_2" value="2026"' in response.text
    assert "<legend" in response.text and "What is your decision?" in response.text


def test_lead_puts_a_concern_under_monitoring_with_a_review_date(lead_client, lead, concern):
    review = datetime.date.today() + datetime.timedelta(days=30)
    data = {
        "from_status": "new",
        "decision": "monitoring",
        "reason": "School to watch attendance",
        **day_parts("review_date", review),
    }
    response = lead_client.post(decide_url(concern), data, follow=True)
    assert "The concern is being monitored" in response.text
    concern.refresh_from_db()
    assert concern.status == Concern.Status.MONITORING
    assert concern.review_date == review
    assert (concern.status_changed_by, concern.status_reason) == (
        lead,
        "School to watch attendance",
    )
    assert concern.reviewed_at is not None
    reminder = Reminder.objects.get(kind=Reminder.Kind.MONITORING_REVIEW, concern=concern)
    assert reminder.due_at.astimezone(LONDON).date() == review
    review_due = Reminder.objects.get(kind=Reminder.Kind.REVIEW_DUE, concern=concern)
    assert review_due.cancelled_at is not None
    assert AuditEvent.objects.get(action="concern.monitoring").actor == lead


@pytest.mark.parametrize(
    ("days_ahead", "message"),
    [(0, "The review date must be in the future"), (-3, "The review date must be in the future")],
)
def test_review_date_must_be_in_the_future(lead_client, concern, days_ahead, message):
    day = datetime.date.today() + datetime.timedelta(days=days_ahead)
    data = {
        "from_status": "new",
        "decision": "monitoring",
        "reason": "Watch",
        **day_parts("review_date", day),
    }
    response = lead_client.post(decide_url(concern), data)
    assert response.text.count(message) >= 2
    assert "<title>Error:" in response.text
    concern.refresh_from_db()
    assert concern.status == Concern.Status.NEW


def test_monitoring_needs_a_review_date(lead_client, concern):
    data = {"from_status": "new", "decision": "monitoring", "reason": "Watch"}
    response = lead_client.post(decide_url(concern), data)
    assert "Enter the date to review this concern" in response.text


@pytest.mark.parametrize("decision", ["monitoring", "closed", "referred"])
def test_every_decision_needs_a_reason(lead_client, concern, decision):
    review = datetime.date.today() + datetime.timedelta(days=30)
    data = {"from_status": "new", "decision": decision, **day_parts("review_date", review)}
    response = lead_client.post(decide_url(concern), data)
    assert response.text.count("Enter the reason for your decision") >= 2
    concern.refresh_from_db()
    assert concern.status == Concern.Status.NEW


def test_a_decision_must_be_chosen(lead_client, concern):
    response = lead_client.post(decide_url(concern), {"from_status": "new", "reason": "kept"})
    assert "Select monitor, close or refer" in response.text
    assert "kept</textarea>" in response.text


def test_lead_closes_a_concern_with_no_further_action(lead_client, lead, concern):
    data = {"from_status": "new", "decision": "closed", "reason": "Explained by a family event"}
    response = lead_client.post(decide_url(concern), data, follow=True)
    assert "closed with no further action" in response.text
    concern.refresh_from_db()
    assert concern.status == Concern.Status.CLOSED
    assert concern.status_reason == "Explained by a family event"
    assert AuditEvent.objects.filter(action="concern.closed", actor=lead).count() == 1


def test_lead_escalates_a_concern_to_a_referral(lead_client, lead, concern):
    data = {"from_status": "new", "decision": "referred", "reason": "Pattern with sibling"}
    response = lead_client.post(decide_url(concern), data, follow=True)
    assert "It is now in the referral queue" in response.text
    concern.refresh_from_db()
    assert concern.status == Concern.Status.REFERRED
    assert concern.referral.status == Referral.Status.AWAITING
    assert concern.reference in lead_client.get("/referrals/").text
    kinds = set(
        Reminder.objects.filter(concern=concern, cancelled_at__isnull=True).values_list(
            "kind", flat=True
        )
    )
    assert Reminder.Kind.ACK_REMINDER in kinds
    assert Reminder.Kind.REVIEW_DUE not in kinds


def test_second_lead_is_told_who_decided_first(client, lead, second_lead, concern):
    services.concern_close_no_further_action(
        concern_id=concern.pk, from_status="new", reason="Known", by=second_lead
    )
    client.force_login(lead)
    data = {"from_status": "new", "decision": "referred", "reason": "Worried"}
    response = client.post(decide_url(concern), data, follow=True)
    assert "Robin Marsh already recorded a decision at" in response.text
    assert "closed. Nothing was changed." in response.text
    concern.refresh_from_db()
    assert concern.status == Concern.Status.CLOSED
    assert not Referral.objects.filter(concern=concern).exists()


def test_monitored_concern_can_be_decided_again_at_its_review(lead_client, lead, concern):
    review = datetime.date.today() + datetime.timedelta(days=30)
    services.concern_monitor(
        concern_id=concern.pk, from_status="new", review_date=review, reason="Watch", by=lead
    )
    data = {"from_status": "monitoring", "decision": "closed", "reason": "Settled"}
    lead_client.post(decide_url(concern), data)
    concern.refresh_from_db()
    assert concern.status == Concern.Status.CLOSED
    monitoring = Reminder.objects.get(kind=Reminder.Kind.MONITORING_REVIEW)
    assert monitoring.cancelled_at is not None


def test_urgent_concern_has_no_decision_to_record(lead_client, practitioner):
    urgent = file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS)
    response = lead_client.get(decide_url(urgent), follow=True)
    assert "there is no decision to make" in response.text


def test_practitioner_cannot_record_a_decision(practitioner_client, concern):
    data = {"from_status": "new", "decision": "closed", "reason": "x"}
    assert practitioner_client.post(decide_url(concern), data).status_code == 403
    concern.refresh_from_db()
    assert concern.status == Concern.Status.NEW


def test_lead_overrides_the_band_with_a_reason(lead_client, lead, practitioner):
    concern = file_test_concern(filed_by=practitioner, answers=LOW_ANSWERS)
    data = {"from_band": "1", "to_band": "2", "reason": "Older sibling exploited last year"}
    response = lead_client.post(band_url(concern), data, follow=True)
    assert "The band is now Medium." in response.text
    concern.refresh_from_db()
    assert (concern.band, concern.scored_band) == (2, 1)
    override = BandOverride.objects.get(concern=concern)
    assert (override.from_band, override.to_band, override.by) == (1, 2, lead)
    lead_sections = response.text.split("Band changes", 1)[1]
    assert "Older sibling exploited last year" in lead_sections
    assert lead.get_full_name() in lead_sections
    assert "(scored Low)" in response.text
    event = AuditEvent.objects.get(action="concern.band_overridden")
    assert event.detail == {"from": "Low", "to": "Medium", "referral_created": False}


def test_override_without_a_reason_is_refused(lead_client, practitioner):
    concern = file_test_concern(filed_by=practitioner, answers=LOW_ANSWERS)
    response = lead_client.post(band_url(concern), {"from_band": "1", "to_band": "3", "reason": ""})
    assert response.status_code == 200
    assert response.text.count("Enter the reason for changing the band") >= 2
    concern.refresh_from_db()
    assert concern.band == 1
    assert not BandOverride.objects.exists()
    assert not Referral.objects.exists()


def test_override_to_the_same_band_is_refused(lead_client, practitioner):
    concern = file_test_concern(filed_by=practitioner, answers=LOW_ANSWERS)
    response = lead_client.post(
        band_url(concern), {"from_band": "1", "to_band": "1", "reason": "x"}
    )
    assert "Select a band different from the current one" in response.text


def test_override_to_high_creates_a_referral(lead_client, lead, practitioner):
    concern = file_test_concern(filed_by=practitioner, answers=MEDIUM_ANSWERS)
    data = {"from_band": "2", "to_band": "3", "reason": "Seen with a known adult"}
    response = lead_client.post(band_url(concern), data, follow=True)
    assert "The concern is in the referral queue." in response.text
    concern.refresh_from_db()
    assert concern.status == Concern.Status.REFERRED
    assert concern.referral.status == Referral.Status.AWAITING
    assert concern.reference in lead_client.get("/referrals/").text
    detail = AuditEvent.objects.get(action="concern.band_overridden").detail
    assert detail["referral_created"] is True


def test_override_to_immediate_of_a_closed_concern_reopens_it_as_a_referral(
    lead_client, lead, practitioner
):
    concern = file_test_concern(filed_by=practitioner, answers=LOW_ANSWERS)
    services.concern_close_no_further_action(
        concern_id=concern.pk, from_status="new", reason="Nothing more", by=lead
    )
    lead_client.post(band_url(concern), {"from_band": "1", "to_band": "4", "reason": "Disclosed"})
    concern.refresh_from_db()
    assert (concern.band, concern.status) == (4, Concern.Status.REFERRED)
    assert Referral.objects.filter(concern=concern).count() == 1


def test_override_of_an_already_referred_concern_adds_no_second_referral(lead_client, practitioner):
    concern = file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS)
    lead_client.post(band_url(concern), {"from_band": "3", "to_band": "4", "reason": "Now urgent"})
    assert Referral.objects.filter(concern=concern).count() == 1


def test_override_down_keeps_the_referral(lead_client, practitioner):
    concern = file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS)
    lead_client.post(band_url(concern), {"from_band": "3", "to_band": "2", "reason": "Misread"})
    concern.refresh_from_db()
    assert concern.band == 2
    assert concern.referral.status == Referral.Status.AWAITING


def test_second_override_from_a_stale_page_is_refused(client, lead, second_lead, practitioner):
    concern = file_test_concern(filed_by=practitioner, answers=LOW_ANSWERS)
    services.concern_override_band(
        concern_id=concern.pk, from_band=1, to_band=2, reason="First look", by=second_lead
    )
    client.force_login(lead)
    data = {"from_band": "1", "to_band": "3", "reason": "Second look"}
    response = client.post(band_url(concern), data, follow=True)
    assert "Robin Marsh changed the band to Medium at" in response.text
    concern.refresh_from_db()
    assert concern.band == 2
    assert BandOverride.objects.count() == 1


def test_practitioner_cannot_override_a_band(practitioner_client, practitioner):
    concern = file_test_concern(filed_by=practitioner, answers=LOW_ANSWERS)
    data = {"from_band": "1", "to_band": "3", "reason": "x"}
    assert practitioner_client.post(band_url(concern), data).status_code == 403
    assert practitioner_client.get(band_url(concern)).status_code == 403


def test_practitioner_sees_the_changed_band_but_not_the_reason(client, lead, practitioner):
    concern = file_test_concern(filed_by=practitioner, answers=LOW_ANSWERS)
    services.concern_override_band(
        concern_id=concern.pk, from_band=1, to_band=2, reason="Sibling history", by=lead
    )
    client.force_login(practitioner)
    text = client.get(detail_url(concern)).text
    assert "changed by a safeguarding lead" in text
    assert "Sibling history" not in text
    assert "Change the band" not in text


def test_practitioner_sees_the_status_of_their_concern_but_not_the_leads_reason(
    client, lead, concern, practitioner
):
    services.concern_close_no_further_action(
        concern_id=concern.pk, from_status="new", reason="Private lead note", by=lead
    )
    client.force_login(practitioner)
    detail = client.get(detail_url(concern)).text
    listing = client.get("/concerns/").text
    assert "Closed" in detail and "Closed" in listing
    assert "Private lead note" not in detail + listing


def test_practitioner_sees_the_outcome_of_a_referral_but_not_the_note(client, lead, practitioner):
    concern = file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS)
    referral_acknowledge(referral_id=concern.referral.pk, by=lead)
    referral_record_contact(
        referral_id=concern.referral.pk,
        hub="mash",
        contacted_at=datetime.datetime.now(tz=LONDON),
        hub_reference="MASH-77",
        by=lead,
    )
    from referrals.models import Outcome

    referral_record_outcome(
        referral_id=concern.referral.pk,
        outcome=Outcome.objects.get(name="Section 17 assessment"),
        note="Private outcome note",
        by=lead,
    )
    client.force_login(practitioner)
    detail = client.get(detail_url(concern)).text
    listing = client.get("/concerns/").text
    for text in (detail, listing):
        assert "Outcome recorded: Section 17 assessment" in text
        assert "Private outcome note" not in text
        assert "MASH-77" not in text


def test_lead_sees_decision_actions_and_record_on_the_concern(lead_client, concern):
    text = lead_client.get(detail_url(concern)).text
    assert "Record a decision" in text
    assert "Change the band" in text
    assert reverse("child_chronology", args=[concern.child_id]) in text
    assert "Not reviewed yet" in text
