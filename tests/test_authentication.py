"""Signing in: lockout, password hashing and rules, session lifetime, sign-out, deactivation."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEvent
from cse_portal.settings import base as base_settings

from .factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
WRONG = "not-the-password-at-all"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _sign_in(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def _signed_in(client) -> bool:
    response = client.get("/concerns/")
    return response.status_code == 200


def test_sign_in_with_the_right_password_works_and_is_audited(client, practitioner):
    response = _sign_in(client, practitioner.username)

    assert response.status_code == 302
    assert _signed_in(client)
    login = AuditEvent.objects.get(action="login")
    assert login.actor == practitioner
    assert login.ip_address == "127.0.0.1"


def test_eleven_wrong_passwords_lock_the_account_even_against_the_right_password(
    client, practitioner
):
    for _ in range(11):
        response = _sign_in(client, practitioner.username, WRONG)

    assert response.status_code == 429
    assert "You cannot sign in with this username" in response.text
    refused = _sign_in(client, practitioner.username)
    assert "You cannot sign in with this username" in refused.text
    assert not _signed_in(client)
    assert AuditEvent.objects.filter(action="login.failed", detail__locked=True).exists()


def test_nine_wrong_passwords_do_not_lock_the_account(client, practitioner):
    for _ in range(9):
        _sign_in(client, practitioner.username, WRONG)

    _sign_in(client, practitioner.username)

    assert _signed_in(client)


def test_a_locked_account_is_unlocked_with_axes_reset_username(client, practitioner):
    for _ in range(11):
        _sign_in(client, practitioner.username, WRONG)

    call_command("axes_reset_username", practitioner.username, verbosity=0)
    _sign_in(client, practitioner.username)

    assert _signed_in(client)


def test_an_admin_unlocks_an_account_in_the_admin_and_it_is_audited(
    client, practitioner, admin_user
):
    for _ in range(11):
        _sign_in(client, practitioner.username, WRONG)
    attempt = AccessAttempt.objects.get(username=practitioner.username)
    admin_client = type(client)()
    admin_client.force_login(admin_user)

    page = admin_client.get("/admin/axes/accessattempt/")
    admin_client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert "Locked Out" in page.text
    assert not AccessAttempt.objects.exists()
    assert AuditEvent.objects.filter(
        action="config.deleted", actor=admin_user, object_type="accessattempt"
    ).exists()
    _sign_in(client, practitioner.username)
    assert _signed_in(client)


def test_failed_sign_in_records_a_real_username_but_never_the_password(client, practitioner):
    _sign_in(client, practitioner.username, "Tr0ub4dor&3-secret")

    failed = AuditEvent.objects.get(action="login.failed")
    assert failed.actor_username == practitioner.username
    assert failed.object_id == practitioner.pk
    assert failed.actor is None
    assert "Tr0ub4dor" not in str(AuditEvent.objects.values_list())


def test_failed_sign_in_with_an_unknown_username_records_no_username(client):
    # People type their password into the username box; an unknown username may be one.
    _sign_in(client, "Tr0ub4dor&3-typed-in-the-wrong-box", "whatever")

    failed = AuditEvent.objects.get(action="login.failed")
    assert failed.actor_username == ""
    assert failed.detail["known_account"] is False
    assert "Tr0ub4dor" not in str(AuditEvent.objects.values_list())


def test_passwords_are_hashed_with_argon2(practitioner, settings):
    settings.PASSWORD_HASHERS = base_settings.PASSWORD_HASHERS

    practitioner.set_password("a-long-enough-passphrase")
    practitioner.save()

    assert practitioner.password.startswith("argon2")
    assert practitioner.check_password("a-long-enough-passphrase")


def test_passwords_shorter_than_twelve_characters_are_refused():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Wiltshire1!")
    validate_password("Wiltshire-12")


def test_session_id_changes_at_sign_in(client, practitioner):
    session = client.session
    session["before_sign_in"] = True
    session.save()
    before = session.session_key
    client.cookies[django_settings.SESSION_COOKIE_NAME] = before

    _sign_in(client, practitioner.username)

    after = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert _signed_in(client)


def test_idle_for_thirty_minutes_signs_you_out(client, practitioner):
    with time_machine.travel(START, tick=False) as traveller:
        _sign_in(client, practitioner.username)
        assert _signed_in(client)

        traveller.shift(datetime.timedelta(minutes=31))
        response = client.get("/concerns/")

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_activity_within_thirty_minutes_keeps_you_signed_in(client, practitioner):
    with time_machine.travel(START, tick=False) as traveller:
        _sign_in(client, practitioner.username)
        for _ in range(4):
            traveller.shift(datetime.timedelta(minutes=25))
            assert _signed_in(client)


def test_twelve_hours_after_sign_in_you_are_signed_out_however_active(client, practitioner):
    with time_machine.travel(START, tick=False) as traveller:
        _sign_in(client, practitioner.username)
        for _ in range(28):  # every 25 minutes for 11 h 40 min
            traveller.shift(datetime.timedelta(minutes=25))
            assert _signed_in(client)
        traveller.shift(datetime.timedelta(minutes=25))
        response = client.get("/concerns/")

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?timeout=1"
    assert AuditEvent.objects.filter(action="session.expired", actor=practitioner).exists()
    assert "You were signed out" in client.get(response["Location"]).text


def test_after_sign_out_the_old_session_cookie_is_useless(client, practitioner):
    _sign_in(client, practitioner.username)
    old_cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value

    client.post("/accounts/logout/")
    client.cookies[django_settings.SESSION_COOKIE_NAME] = old_cookie

    assert not _signed_in(client)
    assert AuditEvent.objects.filter(action="logout", actor=practitioner).exists()


def test_deactivating_a_user_ends_their_session(client, practitioner):
    _sign_in(client, practitioner.username)
    assert _signed_in(client)

    practitioner.is_active = False
    practitioner.save()

    assert not _signed_in(client)


def test_a_deactivated_user_cannot_sign_in(client, practitioner):
    practitioner.is_active = False
    practitioner.save()

    _sign_in(client, practitioner.username)

    assert not _signed_in(client)


def test_sessions_are_stored_with_a_thirty_minute_expiry(client, practitioner):
    _sign_in(client, practitioner.username)

    session = Session.objects.get()
    remaining = session.expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < remaining <= datetime.timedelta(minutes=30)


def test_sign_in_page_uses_plain_english_errors(client):
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    assert "Enter your username" in response.text
    assert "Enter your password" in response.text
