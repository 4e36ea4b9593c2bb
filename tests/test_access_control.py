"""Object-level and role-level access: a practitioner cannot read, change or detect another
practitioner's concern, and lead-only pages refuse everyone else (audited)."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from audit.models import AuditEvent
from concerns.models import Addendum, Concern

from .factories import LOW_ANSWERS, UserFactory, file_test_concern
from .forms import intake_post

pytestmark = pytest.mark.django_db
MISSING = "CSE-2026-999999"


def _comparable(html: str) -> str:
    # Tokens and nonces differ on every response; everything else must be identical.
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


@pytest.fixture
def concern_of_a(practitioner):
    return file_test_concern(filed_by=practitioner, answers=LOW_ANSWERS)


@pytest.fixture
def b_client(client, other_practitioner):
    client.force_login(other_practitioner)
    return client


def _refusals(user, reference):
    return AuditEvent.objects.filter(
        action="concern.denied", actor=user, object_type="concern", object_ref=reference
    )


def test_practitioner_gets_404_for_another_practitioners_concern_by_url(
    b_client, other_practitioner, concern_of_a
):
    response = b_client.get(f"/concerns/{concern_of_a.reference}/")

    assert response.status_code == 404
    assert concern_of_a.child.first_name not in response.text
    assert concern_of_a.narrative not in response.text
    refusal = _refusals(other_practitioner, concern_of_a.reference).get()
    assert refusal.detail == {"exists": True}
    assert refusal.ip_address == "127.0.0.1"
    assert not AuditEvent.objects.filter(action="concern.viewed", actor=other_practitioner)


def test_practitioner_gets_404_for_another_practitioners_confirmation_page(
    b_client, other_practitioner, concern_of_a
):
    response = b_client.get(f"/concerns/{concern_of_a.reference}/filed/")

    assert response.status_code == 404
    assert concern_of_a.reference not in response.text
    assert _refusals(other_practitioner, concern_of_a.reference).exists()


def test_another_practitioners_concern_looks_exactly_like_a_missing_one(b_client, concern_of_a):
    theirs = b_client.get(f"/concerns/{concern_of_a.reference}/")
    missing = b_client.get(f"/concerns/{MISSING}/")

    assert theirs.status_code == missing.status_code == 404
    assert _comparable(theirs.text) == _comparable(missing.text)


def test_addendum_posted_to_another_practitioners_concern_is_404_and_saves_nothing(
    b_client, other_practitioner, concern_of_a
):
    before = Concern.objects.values().get(pk=concern_of_a.pk)

    response = b_client.post(
        f"/concerns/{concern_of_a.reference}/addenda/", {"text": "Overwriting your concern"}
    )

    assert response.status_code == 404
    assert not Addendum.objects.exists()
    assert Concern.objects.values().get(pk=concern_of_a.pk) == before
    assert _refusals(other_practitioner, concern_of_a.reference).exists()


def test_refusal_of_a_missing_reference_is_audited_too(b_client, other_practitioner):
    assert b_client.get(f"/concerns/{MISSING}/").status_code == 404
    assert _refusals(other_practitioner, MISSING).get().detail == {"exists": False}


def test_filer_and_lead_can_open_the_concern(client, practitioner, lead, concern_of_a):
    client.force_login(practitioner)
    assert client.get(f"/concerns/{concern_of_a.reference}/").status_code == 200
    client.force_login(lead)
    assert client.get(f"/concerns/{concern_of_a.reference}/").status_code == 200


def test_admin_cannot_read_concern_content(client, admin_user, concern_of_a):
    client.force_login(admin_user)

    response = client.get(f"/concerns/{concern_of_a.reference}/")

    assert response.status_code == 404
    assert concern_of_a.narrative not in response.text
    assert _refusals(admin_user, concern_of_a.reference).exists()
    assert client.get("/admin/concerns/concern/").status_code == 404
    assert client.get("/admin/concerns/child/").status_code == 404


LEAD_PAGES = [
    "/triage/",
    "/referrals/",
    "/children/1/",
    "/children/1/merge/",
    "/children/search/",
    "/children/possible-matches/",
    "/children/possible-matches/1/",
    "/children/merges/1/undo/",
]


@pytest.mark.parametrize("path", LEAD_PAGES)
def test_practitioner_cannot_reach_lead_pages(practitioner_client, practitioner, path):
    response = practitioner_client.get(path)

    assert response.status_code == 403
    assert "You cannot do that" in response.text
    assert AuditEvent.objects.filter(
        action="access.denied", actor=practitioner, detail__path=path
    ).exists()


@pytest.mark.urls("tests.urls_security")
def test_practitioner_get_and_post_to_a_lead_only_view_are_refused_and_audited(
    practitioner_client, practitioner
):
    assert practitioner_client.get("/test-only/lead/").status_code == 403
    response = practitioner_client.post("/test-only/lead/", {"status": "closed"})

    assert response.status_code == 403
    assert "lead-only page" not in response.text
    refusals = AuditEvent.objects.filter(action="access.denied", actor=practitioner)
    assert sorted(refusals.values_list("detail__method", flat=True)) == ["GET", "POST"]


@pytest.mark.urls("tests.urls_security")
def test_lead_reaches_a_lead_only_view_and_signed_out_visitors_are_sent_to_sign_in(client, lead):
    response = client.get("/test-only/lead/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

    client.force_login(lead)
    assert client.get("/test-only/lead/").content == b"lead-only page"


def test_triage_permission_given_directly_or_through_a_group_opens_lead_pages(client):
    direct = UserFactory(username="direct_triager")
    direct.user_permissions.add(Permission.objects.get(codename="triage_concern"))
    grouped = UserFactory(username="grouped_triager")
    grouped.groups.add(Group.objects.create(name="Deputy leads"))
    Group.objects.get(name="Deputy leads").permissions.add(
        Permission.objects.get(codename="triage_concern")
    )

    for user in (direct, grouped):
        client.force_login(user)
        assert client.get("/referrals/").status_code == 200


def _permission_reads(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len([q for q in queries if "auth_permission" in q["sql"]])


def test_a_page_asks_about_the_users_roles_at_most_once(client, lead):
    client.force_login(lead)
    client.logout()  # a fresh start: nothing remembered about this user's roles
    client.force_login(lead)

    assert _permission_reads(client, "/referrals/") <= 1


def test_roles_are_read_again_only_after_people_or_roles_change(client, lead):
    client.force_login(lead)
    client.get("/referrals/")

    assert _permission_reads(client, "/referrals/") == 0
    lead.groups.add(Group.objects.get(name=roles.PRACTITIONER))
    assert _permission_reads(client, "/referrals/") == 1


def test_a_lead_whose_role_is_taken_away_is_refused_at_once(client, lead):
    client.force_login(lead)
    assert client.get("/referrals/").status_code == 200

    lead.groups.remove(Group.objects.get(name=roles.LEAD))

    assert client.get("/referrals/").status_code == 403


def test_admin_without_a_filing_role_cannot_open_the_intake_form(client, admin_user):
    client.force_login(admin_user)

    assert client.get("/concerns/new/").status_code == 403
    assert AuditEvent.objects.filter(action="access.denied", actor=admin_user).exists()


def test_extra_fields_posted_with_a_concern_are_ignored(
    practitioner_client, practitioner, other_practitioner
):
    data = intake_post(
        LOW_ANSWERS,
        status="closed",
        band="4",
        scored_band="4",
        total="99",
        filed_by=str(other_practitioner.pk),
        filed_by_id=str(other_practitioner.pk),
        reference="CSE-1999-000001",
        referral="1",
    )

    practitioner_client.post("/concerns/new/", data)

    concern = Concern.objects.get()
    assert concern.filed_by == practitioner
    assert concern.status == Concern.Status.NEW
    assert concern.get_band_display() == "Low"
    assert concern.total == 1
    assert concern.reference != "CSE-1999-000001"


def test_extra_fields_posted_with_an_addendum_are_ignored(
    practitioner_client, practitioner, other_practitioner, concern_of_a
):
    other = file_test_concern(filed_by=other_practitioner)

    practitioner_client.post(
        f"/concerns/{concern_of_a.reference}/addenda/",
        {"text": "More detail", "author": other_practitioner.pk, "concern": other.pk},
    )

    addendum = Addendum.objects.get()
    assert addendum.author == practitioner
    assert addendum.concern == concern_of_a


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


def test_home_sends_each_role_to_its_start_page(client, practitioner, lead, admin_user):
    client.force_login(practitioner)
    assert client.get("/")["Location"] == "/concerns/"
    client.force_login(lead)
    assert client.get("/")["Location"] == "/triage/"
    client.force_login(admin_user)
    assert client.get("/")["Location"] == "/admin/"


def test_a_concern_page_view_is_audited(client, practitioner):
    concern = file_test_concern(filed_by=practitioner)
    client.force_login(practitioner)
    client.get(reverse("concern_detail", args=[concern.reference]))
    event = AuditEvent.objects.filter(action="concern.viewed").get()
    assert event.object_ref == concern.reference
    assert Concern.objects.count() == 1
