"""What an admin can and cannot do (trust issue item 4 and 5; the admin items of issue 17)."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from accounts import roles
from audit.models import AuditEvent
from indicators.models import Indicator
from indicators.services import indicator_save
from intake.models import Draft

from .factories import PASSWORD

pytestmark = pytest.mark.django_db
LINK = '<a href="https://evil.example/">click</a>'
IMG = '<img src="x" onerror="alert(1)">'


def test_indicator_wording_typed_by_an_admin_is_shown_as_text_on_the_intake_form(
    practitioner_client, admin_user
):
    indicator = Indicator.objects.filter(active=True).first()
    indicator.text = f"Has new friends {LINK}"
    indicator.help_text = f"For example {IMG}"
    indicator_save(indicator=indicator, by=admin_user)

    practitioner_client.post("/concerns/new/start/", {"immediate_risk": "no"})
    draft = Draft.objects.get()
    section = "grooming" if indicator.kind == "indicator" else "features"
    page = practitioner_client.get(f"/concerns/new/{draft.pk}/{section}/").text

    assert LINK not in page and IMG not in page
    assert "Has new friends &lt;a href=" in page
    assert "For example &lt;img src=" in page


def _user_post(user, *, groups, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "groups": [Group.objects.get(name=name).pk for name in groups],
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
        "_save": "Save",
        **changes,
    }
    return {key: value for key, value in data.items() if value != ""}


def _change(admin_client, user, **kwargs):
    return admin_client.post(f"/admin/auth/user/{user.pk}/change/", _user_post(user, **kwargs))


@pytest.fixture
def client_factory():
    return Client


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_an_admin_cannot_give_themselves_the_lead_role(admin_client, admin_user):
    _change(admin_client, admin_user, groups=[roles.ADMIN, roles.LEAD], is_superuser="on")

    admin_user.refresh_from_db()
    assert not admin_user.groups.filter(name=roles.LEAD).exists()
    assert not admin_user.is_superuser
    assert admin_client.get("/triage/").status_code == 403


def test_the_user_form_has_no_superuser_or_permission_boxes(admin_client, practitioner):
    page = admin_client.get(f"/admin/auth/user/{practitioner.pk}/change/").text

    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page
    assert 'name="groups"' in page


def test_an_admin_cannot_make_another_user_a_superuser(admin_client, practitioner):
    _change(admin_client, practitioner, groups=[roles.PRACTITIONER], is_superuser="on")

    practitioner.refresh_from_db()
    assert not practitioner.is_superuser


def test_an_admin_cannot_change_a_superuser(admin_client):
    root = User.objects.create_superuser("root", "root@example.invalid", "a-long-cli-password")

    assert admin_client.get(f"/admin/auth/user/{root.pk}/password/").status_code == 403
    assert "Change user" not in admin_client.get(f"/admin/auth/user/{root.pk}/change/").text


def test_an_admin_cannot_change_what_a_role_may_do(admin_client):
    admin_group = Group.objects.get(name=roles.ADMIN)

    page = admin_client.get(f"/admin/auth/group/{admin_group.pk}/change/")

    assert 'name="permissions"' not in page.text


def test_granting_the_lead_role_is_audited_naming_the_role_and_every_lead_is_emailed(
    admin_client,
    admin_user,
    practitioner,
    lead,
    second_lead,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _change(admin_client, practitioner, groups=[roles.PRACTITIONER, roles.LEAD])

    granted = AuditEvent.objects.get(action="role.granted")
    assert granted.detail == {"role": roles.LEAD}
    assert granted.actor == admin_user and granted.object_id == practitioner.pk
    (message,) = mailoutbox
    assert set(message.bcc) == {lead.email, second_lead.email, practitioner.email}
    assert practitioner.username in message.body and admin_user.username in message.body
    assert "A new safeguarding lead" in message.subject


def test_removing_a_role_is_audited_naming_the_role(admin_client, lead):
    _change(admin_client, lead, groups=[])

    assert AuditEvent.objects.get(action="role.removed").detail == {"role": roles.LEAD}


def test_a_lead_saved_without_an_email_address_gets_a_warning(admin_client, practitioner):
    response = _change(admin_client, practitioner, groups=[roles.LEAD], email="")

    page = admin_client.get(response["Location"]).text
    assert "is a safeguarding lead with no email address" in page


def test_deactivating_a_user_ends_their_sessions_so_reactivation_does_not_revive_them(
    admin_client, practitioner, client_factory
):
    theirs = client_factory()
    theirs.post("/accounts/login/", {"username": practitioner.username, "password": PASSWORD})
    assert theirs.get("/concerns/").status_code == 200

    _change(admin_client, practitioner, groups=[roles.PRACTITIONER], is_active="")
    _change(admin_client, practitioner, groups=[roles.PRACTITIONER])

    practitioner.refresh_from_db()
    assert practitioner.is_active
    assert theirs.get("/concerns/").status_code == 302
    assert AuditEvent.objects.filter(action="user.deactivated", object_id=practitioner.pk).exists()


def test_the_indicator_history_page_shows_each_version_and_who_changed_it(admin_client, admin_user):
    indicator = Indicator.objects.filter(active=True).first()
    first_text, first_weight = indicator.text, indicator.weight
    indicator.text = "Has been seen with much older new friends"
    indicator.weight = 7
    indicator_save(indicator=indicator, by=admin_user)

    page = admin_client.get(f"/admin/indicators/indicator/{indicator.pk}/history/").text

    assert first_text in page and "Has been seen with much older new friends" in page
    assert f"<td>{first_weight}</td>" in page and "<td>7</td>" in page
    assert admin_user.username in page


def test_a_superuser_can_switch_off_their_own_first_account(client):
    root = User.objects.create_superuser("root", "root@example.invalid", "a-long-cli-password")
    client.force_login(root)

    _change(client, root, groups=[], is_active="", is_staff="on")

    root.refresh_from_db()
    assert not root.is_active
    assert client.get("/admin/").status_code == 302  # signed out
