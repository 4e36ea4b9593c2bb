"""Input no form expects gets a clear message, never a 500: years too big for any calendar, a
Host header the site does not serve, a submission token that belongs to someone else."""

import pytest
from django.test import Client
from django.urls import reverse

from concerns.models import Child, Concern

from .factories import HIGH_ANSWERS, LOW_ANSWERS, MEDIUM_ANSWERS, file_test_concern
from .forms import intake_post

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"
NEW = "/concerns/new/"


def huge_year(name: str) -> dict:
    return {f"{name}_0": "1", f"{name}_1": "1", f"{name}_2": HUGE}


def test_a_huge_year_of_birth_is_a_field_error_and_nothing_is_saved(practitioner_client):
    response = practitioner_client.post(NEW, intake_post(LOW_ANSWERS, **huge_year("date_of_birth")))

    assert response.status_code == 200
    assert "Date of birth must be a real date" in response.text
    assert HUGE in response.text  # what was typed is shown again
    assert not Concern.objects.exists() and not Child.objects.exists()


@pytest.mark.parametrize("name", ["filed_from", "filed_to"])
def test_a_huge_year_in_a_triage_filter_is_a_field_error(lead_client, name):
    response = lead_client.get(reverse("triage"), huge_year(name))

    assert response.status_code == 200
    assert "must be a real date" in response.text


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("band", "Select a band from the list"),
        ("status", "Select a status from the list"),
        ("sort", "Select an order from the list"),
    ],
)
def test_a_triage_choice_edited_in_the_address_says_to_pick_from_the_list(
    lead_client, name, message
):
    response = lead_client.get(reverse("triage"), {name: "not-a-choice"})

    assert response.status_code == 200
    assert message in response.text
    assert "Select a valid choice" not in response.text


@pytest.mark.parametrize("name", ["filed_from", "filed_to"])
def test_the_last_day_a_calendar_has_is_not_an_error_page(lead_client, name):
    last_day = {f"{name}_0": "31", f"{name}_1": "12", f"{name}_2": "9999"}

    assert lead_client.get(reverse("triage"), last_day).status_code == 200
    assert lead_client.get(reverse("triage_export"), last_day).status_code in (200, 302)


def test_a_huge_year_in_the_export_filters_goes_back_to_the_list_with_the_error(lead_client):
    response = lead_client.get(reverse("triage_export"), huge_year("filed_to"), follow=True)

    assert response.status_code == 200
    assert "must be a real date" in response.text


def test_a_huge_review_date_is_a_field_error(lead_client, practitioner):
    concern = file_test_concern(filed_by=practitioner, answers=MEDIUM_ANSWERS)
    data = {"decision": "monitor", "reason": "Keep an eye", **huge_year("review_date")}
    data["from_status"] = concern.status

    response = lead_client.post(reverse("concern_decide", args=[concern.reference]), data)

    assert response.status_code == 200
    assert "The review date must be a real date" in response.text
    concern.refresh_from_db()
    assert concern.status == "new"


def test_a_huge_call_date_is_a_field_error(lead_client, lead, practitioner):
    referral = file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS).referral
    lead_client.post(reverse("referral_acknowledge", args=[referral.pk]))
    data = {"hub": "mash", "call_time": "10:00", "hub_reference": "M/1", **huge_year("call_date")}

    response = lead_client.post(reverse("referral_contact", args=[referral.pk]), data)

    assert response.status_code == 200
    assert "The date of the call must be a real date" in response.text
    referral.refresh_from_db()
    assert referral.status == "acknowledged"


def test_a_host_the_site_does_not_serve_gets_400_not_500(settings, practitioner):
    settings.ALLOWED_HOSTS = ["portal.example"]
    client = Client(raise_request_exception=False)
    client.force_login(practitioner)

    for path in ("/", "/concerns/", "/accounts/login/", "/healthz"):
        response = client.get(path, HTTP_HOST="attacker.example")
        assert response.status_code == 400, path
        assert "There is a problem with what was sent" in response.text


def test_anothers_submission_token_is_refused_and_reveals_nothing(
    practitioner, other_practitioner, client
):
    theirs = file_test_concern(
        filed_by=other_practitioner, answers=HIGH_ANSWERS, narrative="Their private account."
    )
    client.force_login(practitioner)
    mine = intake_post(
        LOW_ANSWERS,
        submission_token=str(theirs.submission_token),
        narrative="My own account of what I saw.",
    )

    response = client.post(NEW, mine)

    assert response.status_code == 409
    assert theirs.reference not in response.text
    assert "Their private account" not in response.text
    assert "My own account of what I saw." in response.text  # what was typed is kept
    assert Concern.objects.count() == 1
    refiled = client.post(NEW, _with_form_token(response, mine))
    assert refiled.status_code == 302
    assert Concern.objects.filter(filed_by=practitioner).count() == 1


def _with_form_token(response, data: dict) -> dict:
    """Send again what the page now holds: the same answers, the token it was redrawn with."""
    token = response.context["form"]["submission_token"].value()
    assert str(token) != data["submission_token"]
    return {**data, "submission_token": str(token)}


def test_the_same_form_sent_twice_files_one_concern_and_shows_it(practitioner_client):
    data = intake_post(LOW_ANSWERS)

    first = practitioner_client.post(NEW, data)
    second = practitioner_client.post(NEW, data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Concern.objects.count() == 1


def test_a_reused_token_with_different_text_says_so_and_keeps_the_new_text(practitioner_client):
    data = intake_post(LOW_ANSWERS)
    practitioner_client.post(NEW, data)
    first = Concern.objects.get()
    changed = {**data, "narrative": "A second, different account."}

    response = practitioner_client.post(NEW, changed)

    assert response.status_code == 409
    assert first.reference in response.text  # their own concern: they may be told of it
    assert "has not been filed" in response.text
    assert "A second, different account." in response.text
    refiled = practitioner_client.post(NEW, _with_form_token(response, changed))
    assert refiled.status_code == 302
    assert Concern.objects.count() == 2
    assert Concern.objects.latest("id").narrative == "A second, different account."


def test_a_token_that_is_not_a_uuid_is_a_form_error_not_a_500(practitioner_client):
    response = practitioner_client.post(NEW, intake_post(LOW_ANSWERS, submission_token="x" * 40))

    assert response.status_code == 200
    assert not Concern.objects.exists()
