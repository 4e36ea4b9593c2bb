"""Lead pages keep what they drew under the data version, which the database changes with
every write to what they show. Whatever changes, and however, the next page shows it."""

import datetime
import re

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concerns import services as concern_services
from concerns.models import Concern
from cse_portal import pagecache, roles
from referrals import services as referral_services
from referrals.models import Referral

from .factories import HIGH_ANSWERS, LOW_ANSWERS, child_details, file_test_concern

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's"),
]
NOT_VERSIONED = {
    # Changed only together with a concern, which changes the version anyway.
    "concerns_concerncount",
    "concerns_referencecounter",
    # No page shows them, and the reminder sweep writes them every minute.
    "referrals_reminder",
    "referrals_notification",
    # Shown only on pages that are never kept: a referral, its written referral, the admin.
    "referrals_callattempt",
    "referrals_priorcontact",
    "referrals_writtenreferral",
    "referrals_mashsettings",
    "referrals_dutyshift",
}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _tables_with_the_trigger() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s",
            ["cse_portal_data_version"],
        )
        return {row[0] for row in cursor.fetchall()}


def test_every_table_a_lead_page_can_show_changes_the_data_version():
    shown = {
        model._meta.db_table
        for label in ("concerns", "referrals", "indicators")
        for model in apps.get_app_config(label).get_models()
    } - NOT_VERSIONED
    shown |= {"auth_user", "auth_group", "auth_user_groups", "auth_group_permissions"}

    assert shown - _tables_with_the_trigger() == set()


def test_a_new_concern_appears_on_a_dashboard_already_drawn(lead_client, practitioner):
    lead_client.get("/triage/")
    concern = file_test_concern(filed_by=practitioner, answers=LOW_ANSWERS)

    response = lead_client.get("/triage/")

    assert concern.reference in response.text
    assert "Low" in response.text


def test_a_second_view_of_the_dashboard_reads_none_of_the_concerns(lead_client, practitioner):
    file_test_concern(filed_by=practitioner, answers=LOW_ANSWERS)
    lead_client.get("/triage/")

    with CaptureQueriesContext(connection) as queries:
        response = lead_client.get("/triage/")

    assert "Jamie Example" in response.text
    assert not [q for q in queries if "concerns_concern" in q["sql"]]


def test_a_decision_shows_on_a_concern_page_already_drawn(lead_client, lead, practitioner):
    concern = file_test_concern(filed_by=practitioner, answers=LOW_ANSWERS)
    url = reverse("concern_detail", args=[concern.reference])
    assert "Not reviewed yet" in lead_client.get(url).text

    concern_services.concern_close_no_further_action(
        concern_id=concern.pk, from_status=concern.status, reason="Known to services", by=lead
    )

    text = lead_client.get(url).text
    assert "Not reviewed yet" not in text
    assert "Known to services" in text


def test_an_edit_made_outside_the_application_still_shows(lead_client, practitioner):
    """A bulk update, as a data fix or a script would make it: no Django signal is sent."""
    concern = file_test_concern(filed_by=practitioner, answers=LOW_ANSWERS)
    lead_client.get("/triage/")

    Concern.objects.filter(pk=concern.pk).update(area="Trowbridge")
    User.objects.filter(pk=practitioner.pk).update(first_name="Renamed")

    text = lead_client.get("/triage/").text
    assert "Trowbridge" in text
    assert "Renamed" in text


def test_acknowledging_shows_on_a_referral_queue_already_drawn(lead_client, lead, practitioner):
    concern = file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS)
    assert "Awaiting contact" in lead_client.get("/referrals/").text

    referral_services.referral_acknowledge(referral_id=concern.referral.pk, by=lead)

    text = lead_client.get("/referrals/").text
    assert "Awaiting contact" not in text
    assert "Acknowledged" in text


def test_another_lead_can_acknowledge_from_a_queue_drawn_for_someone_else(
    lead, second_lead, practitioner
):
    concern = file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(lead)
    second.force_login(second_lead)
    first.get("/referrals/")

    page = second.get("/referrals/").text
    token = TOKEN.search(page.split("<main", 1)[1]).group(1)
    url = reverse("referral_acknowledge", args=[concern.referral.pk])
    assert f'formaction="{url}"' in page

    response = second.post(url, {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert Referral.objects.get(pk=concern.referral.pk).acknowledged_by == second_lead


def test_a_lead_who_loses_the_role_is_refused_at_once(lead_client, lead):
    assert lead_client.get("/triage/").status_code == 200

    lead.groups.remove(Group.objects.get(name=roles.LEAD))

    assert lead_client.get("/triage/").status_code == 403


def test_a_search_made_in_one_session_is_not_shown_in_another(lead, second_lead, practitioner):
    file_test_concern(filed_by=practitioner, child=child_details(first_name="Rowan"))
    file_test_concern(filed_by=practitioner, child=child_details(first_name="Jamie"))
    searcher, other = Client(), Client()
    searcher.force_login(lead)
    other.force_login(second_lead)
    found = searcher.post("/triage/", {"search": "Rowan"})
    assert "Rowan" in searcher.get(found["Location"]).text

    text = other.get(found["Location"]).text

    assert 'value="Rowan"' not in text
    assert "That search has expired" in text
    assert "Jamie Example" in text


def test_waits_on_a_drawn_queue_move_on_with_the_clock(lead_client, practitioner):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS)
        assert "under a minute" in lead_client.get("/referrals/").text
    with time_machine.travel(start + datetime.timedelta(minutes=7), tick=False):
        assert "7 minutes" in lead_client.get("/referrals/").text


def test_a_write_during_a_request_makes_it_read_the_version_again(practitioner):
    concern = file_test_concern(filed_by=practitioner, answers=LOW_ANSWERS)
    seen = {}

    def view(request):
        seen["before"] = pagecache.versions()
        seen["again"] = pagecache.versions()
        Concern.objects.filter(pk=concern.pk).update(area="Devizes")
        seen["after"] = pagecache.versions()

    pagecache.DataVersionMiddleware(view)(None)

    assert seen["before"] == seen["again"]
    assert seen["after"].content != seen["before"].content
    assert seen["after"].people == seen["before"].people


def test_filters_refused_after_the_dashboard_was_drawn_show_the_message_and_what_was_typed(
    lead_client,
):
    lead_client.get("/triage/")

    response = lead_client.post("/triage/", {"area": "x" * 101, "filed_from_0": "31"})

    assert (
        "Area must be 100 characters or fewer"
        in response.text.split("<main", 1)[1]
        .split("govuk-error-summary", 1)[1]
        .split('id="concerns"', 1)[1]
    )
    assert 'value="31"' in response.text
    assert f'value="{"x" * 101}"' in response.text


def test_an_empty_addition_after_the_page_was_drawn_is_refused_next_to_the_field(
    lead_client, practitioner
):
    concern = file_test_concern(filed_by=practitioner, answers=LOW_ANSWERS)
    lead_client.get(reverse("concern_detail", args=[concern.reference]))

    response = lead_client.post(reverse("addendum_add", args=[concern.reference]), {"text": ""})

    assert response.text.count("Enter the information to add") == 2  # summary and field
