import pytest
from django.urls import reverse

from concerns.models import Concern

from .factories import file_test_concern

pytestmark = pytest.mark.django_db


def test_second_practitioner_gets_404_on_the_first_practitioners_concern(
    client, practitioner, other_practitioner
):
    concern = file_test_concern(filed_by=practitioner)
    client.force_login(other_practitioner)
    for name in ("concern_detail", "concern_filed"):
        response = client.get(reverse(name, args=[concern.reference]))
        assert response.status_code == 404
        assert "Jamie" not in response.text


def test_my_concerns_lists_only_my_own(client, practitioner, other_practitioner):
    mine = file_test_concern(filed_by=practitioner)
    theirs = file_test_concern(filed_by=other_practitioner)
    client.force_login(practitioner)
    text = client.get("/concerns/").text
    assert mine.reference in text
    assert theirs.reference not in text


@pytest.mark.parametrize(
    "path", ["/", "/concerns/", "/concerns/new/", "/concerns/CSE-2026-000001/"]
)
def test_anonymous_users_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_public_page_works_signed_out_and_shows_signs_and_numbers(client):
    response = client.get("/report-cse/")
    assert response.status_code == 200
    for text in (
        "Regularly missing from home or school",
        "Sexual health problems",
        "Prevent",
        "Protect",
        "Prosecute",
        "Publicise",
        'href="tel:03004560108"',
        'href="tel:08456070888"',
        'href="tel:999"',
    ):
        assert text in response.text


def test_home_sends_each_role_to_its_start_page(client, practitioner, lead, admin_user):
    client.force_login(practitioner)
    assert client.get("/")["Location"] == "/concerns/"
    client.force_login(lead)
    assert client.get("/")["Location"] == "/triage/"
    client.force_login(admin_user)
    assert client.get("/")["Location"] == "/admin/"


def test_lead_can_open_any_concern(client, practitioner, lead):
    concern = file_test_concern(filed_by=practitioner)
    client.force_login(lead)
    assert client.get(reverse("concern_detail", args=[concern.reference])).status_code == 200


def test_sign_in_page_uses_plain_english_errors(client):
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    assert "Enter your username" in response.text
    assert "Enter your password" in response.text


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


def test_a_concern_page_view_is_audited(client, practitioner):
    from audit.models import AuditEvent

    concern = file_test_concern(filed_by=practitioner)
    client.force_login(practitioner)
    client.get(reverse("concern_detail", args=[concern.reference]))
    event = AuditEvent.objects.filter(action="concern.viewed").get()
    assert event.object_ref == concern.reference
    assert Concern.objects.count() == 1
