"""Small things a careful service gets right: one CSRF token per form, no 404 for the icon,
no traceback in the log for a refused page, one "viewed" per look at a referral."""

import io
import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from referrals import services
from referrals.models import Referral

from .factories import HIGH_ANSWERS, MEDIUM_ANSWERS, file_test_concern
from .test_referral_queue import contact_post, outcome, step_url

pytestmark = pytest.mark.django_db
FORM = re.compile(r"<form\b.*?</form>", re.DOTALL)


def tokens_per_form(html: str) -> list[int]:
    return [form.count('name="csrfmiddlewaretoken"') for form in FORM.findall(html)]


def test_every_form_on_the_lead_pages_carries_one_csrf_token(lead_client, lead, practitioner):
    medium = file_test_concern(filed_by=practitioner, answers=MEDIUM_ANSWERS)
    referral = file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS).referral
    pages = [
        "/triage/",
        "/referrals/",
        reverse("concern_detail", args=[medium.reference]),
        reverse("concern_decide", args=[medium.reference]),
        reverse("concern_override", args=[medium.reference]),
    ]
    services.referral_acknowledge(referral_id=referral.pk, by=lead)
    pages.append(step_url("referral_detail", referral))  # the call form
    forms_seen = 0
    for url in pages:
        counts = tokens_per_form(lead_client.get(url).text)
        assert all(count == 1 for count in counts), (url, counts)
        forms_seen += len(counts)
    lead_client.post(step_url("referral_contact", referral), contact_post())
    counts = tokens_per_form(lead_client.get(step_url("referral_detail", referral)).text)
    assert counts and all(count == 1 for count in counts), counts  # the outcome form
    assert forms_seen >= 8


def test_every_form_on_the_practitioner_and_sign_in_pages_carries_one_csrf_token(
    practitioner_client, practitioner
):
    concern = file_test_concern(filed_by=practitioner, answers=MEDIUM_ANSWERS)
    for url in ("/concerns/new/", reverse("concern_detail", args=[concern.reference])):
        counts = tokens_per_form(practitioner_client.get(url).text)
        assert counts and all(count == 1 for count in counts), (url, counts)
    assert tokens_per_form(Client().get("/accounts/login/").text) == [1]


def test_the_browser_asking_for_a_favicon_on_admin_pages_gets_no_404(client, admin_user):
    # The admin's pages name no icon, so browsers ask for /favicon.ico on every one of them.
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/favicon.ico").status_code == 204


def test_a_refused_page_is_logged_in_one_line_without_a_traceback(practitioner_client):
    handler = next(h for h in logging.getLogger("django").handlers if h.name == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        assert practitioner_client.get("/triage/").status_code == 403
    finally:
        handler.setStream(previous)
    logged = stream.getvalue()
    assert "Forbidden (Permission denied): /triage/" in logged
    assert "Traceback" not in logged
    assert len(logged.strip().splitlines()) == 1


def test_each_referral_step_records_the_step_and_no_extra_view(lead_client, practitioner):
    referral = file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS).referral
    lead_client.get(step_url("referral_detail", referral))
    lead_client.post(step_url("referral_acknowledge", referral), follow=True)
    lead_client.post(step_url("referral_contact", referral), contact_post(), follow=True)
    lead_client.post(step_url("referral_outcome", referral), {"outcome": outcome().pk}, follow=True)
    lead_client.post(
        step_url("referral_close", referral), {"unsent_reason": "By post"}, follow=True
    )
    actions = list(
        AuditEvent.objects.filter(action__startswith="referral.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "referral.viewed",
        "referral.acknowledged",
        "referral.call_recorded",
        "referral.outcome_recorded",
        "referral.closed",
    ]
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.CLOSED
    # Coming back to the page later is a new look, and is recorded.
    lead_client.get(step_url("referral_detail", referral))
    assert AuditEvent.objects.filter(action="referral.viewed").count() == 2
