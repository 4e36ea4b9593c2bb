"""Every form, sent whatever a person or a script might type: never a 500, and a form that is
not accepted saves nothing.

Each example starts from a form that would be accepted and replaces some of its fields with
hostile or unusual values (huge numbers, control characters, other scripts' digits, blanks).
"""

import datetime
import uuid

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concerns.models import Addendum, Answer, BandOverride, Child, Concern
from referrals.hours import LONDON
from referrals.models import Notification, Outcome, Referral, Reminder

from .factories import HIGH_ANSWERS, LOW_ANSWERS, MEDIUM_ANSWERS, file_test_concern
from .forms import intake_post

pytestmark = pytest.mark.django_db
ODD = [
    *("", " ", "0", "-1", "1.5", "31", "12", "13", "29", "1899", "9999", "10000"),
    *("99999999999999999999", "9" * 5000, "\x00", "\x00yes", "١٢", "½", "yes ", "<b>"),
]
VALUE = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=30),
    st.from_regex(r"\A-?[0-9]{1,30}\Z"),
    st.uuids().map(str),
)
RECORDS = (Concern, Child, Answer, Addendum, BandOverride, Referral, Reminder, Notification)
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def changes(names: list[str]):
    """Some of the form's fields, each given an odd value."""
    return st.dictionaries(st.sampled_from(names), VALUE, min_size=1, max_size=len(names))


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in RECORDS}


def assert_nothing_half_saved(response, before: dict) -> None:
    assert response.status_code < 500
    if response.status_code != 302:
        assert counts() == before


def day(name: str, when: datetime.date) -> dict:
    return {f"{name}_0": str(when.day), f"{name}_1": str(when.month), f"{name}_2": str(when.year)}


def date_parts(name: str) -> list[str]:
    return [f"{name}_0", f"{name}_1", f"{name}_2"]


def send(client, url: str, base: dict, changed: dict, method: str = "post"):
    before = counts()
    response = getattr(client, method)(url, {**base, **changed})
    assert_nothing_half_saved(response, before)
    return response


KEYS = sorted({*HIGH_ANSWERS, *LOW_ANSWERS})
INTAKE = [
    *("submission_token", "first_name", "last_name", "approximate_age", "gender", "school"),
    *("area", "learning_disability", "looked_after", "disclosure", "immediate_risk"),
    *("narrative", *date_parts("date_of_birth")),
    *(f"answer_{key}" for key in KEYS),
    *(f"note_{key}" for key in KEYS),
]


@FUZZ
@given(changed=changes(INTAKE))
def test_intake_form_never_fails_and_never_half_saves(practitioner_client, changed):
    base = intake_post(LOW_ANSWERS, submission_token=str(uuid.uuid4()))
    send(practitioner_client, "/concerns/new/", base, changed)


@FUZZ
@given(changed=changes(["text"]))
def test_addendum_form_never_fails(practitioner_client, practitioner, changed):
    concern = file_test_concern(filed_by=practitioner)
    send(practitioner_client, f"/concerns/{concern.reference}/addenda/", {"text": "x"}, changed)


TRIAGE = ["search", "band", "status", "area", "filed_by", "sort", "page", "q"]


@FUZZ
@given(changed=changes([*TRIAGE, *date_parts("filed_from"), *date_parts("filed_to")]))
def test_triage_filters_and_export_never_fail(lead_client, changed):
    send(lead_client, reverse("triage"), {}, changed, method="get")
    send(lead_client, reverse("triage"), {}, changed)
    response = send(lead_client, reverse("triage_export"), {}, changed, method="get")
    if response.status_code == 200:
        b"".join(response.streaming_content)


@FUZZ
@given(changed=changes(["from_status", "decision", "reason", *date_parts("review_date")]))
def test_decision_form_never_fails_and_never_half_saves(lead_client, practitioner, changed):
    concern = file_test_concern(filed_by=practitioner, answers=MEDIUM_ANSWERS)
    future = datetime.date.today() + datetime.timedelta(days=30)
    base = {"from_status": "new", "decision": "monitoring", "reason": "Watch"}
    url = reverse("concern_decide", args=[concern.reference])
    send(lead_client, url, {**base, **day("review_date", future)}, changed)


@FUZZ
@given(changed=changes(["from_band", "to_band", "reason"]))
def test_band_form_never_fails_and_never_half_saves(lead_client, practitioner, changed):
    concern = file_test_concern(filed_by=practitioner, answers=MEDIUM_ANSWERS)
    base = {"from_band": str(concern.band), "to_band": "3", "reason": "More is known"}
    send(lead_client, reverse("concern_override", args=[concern.reference]), base, changed)


def acknowledged_referral(practitioner, lead) -> Referral:
    referral = file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS).referral
    Referral.objects.filter(pk=referral.pk).update(
        status=Referral.Status.ACKNOWLEDGED, acknowledged_by=lead
    )
    return referral


@FUZZ
@given(changed=changes(["hub", "call_time", "hub_reference", *date_parts("call_date")]))
def test_call_form_never_fails_and_never_half_saves(lead_client, lead, practitioner, changed):
    referral = acknowledged_referral(practitioner, lead)
    earlier = datetime.datetime.now(tz=LONDON) - datetime.timedelta(hours=1)
    base = {"hub": "mash", "call_time": earlier.strftime("%H:%M"), "hub_reference": "M/1"}
    url = reverse("referral_contact", args=[referral.pk])
    send(lead_client, url, {**base, **day("call_date", earlier.date())}, changed)


@FUZZ
@given(changed=changes(["outcome", "note"]))
def test_outcome_form_never_fails_and_never_half_saves(lead_client, lead, practitioner, changed):
    referral = acknowledged_referral(practitioner, lead)
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.MASH_CONTACTED)
    base = {"outcome": str(Outcome.objects.first().pk), "note": ""}
    send(lead_client, reverse("referral_outcome", args=[referral.pk]), base, changed)
