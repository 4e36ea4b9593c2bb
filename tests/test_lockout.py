"""Sign-in lockout (trust issue items 1 and 2): by username and address, growing cool-off."""

import datetime
from importlib import import_module

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.apps import apps

from audit.models import AuditEvent

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
WRONG = "not-the-password-at-all"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
OFFICE = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


def _sign_in(client, username, password=PASSWORD, address=OFFICE):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client, username, times, address=OFFICE):
    response = None
    for _ in range(times):
        response = _sign_in(client, username, WRONG, address)
    return response


def _can_sign_in(client, user, address=OFFICE) -> bool:
    response = _sign_in(client, user.username, address=address)
    client.logout()
    return response.status_code == 302


def test_signing_in_as_another_user_does_not_wipe_a_users_failures(client, practitioner):
    # The review's repro: 9 wrong for B, a right sign-in as E from the same address, repeated.
    accomplice = UserFactory(username="accomplice")
    for _ in range(3):
        _fail(client, practitioner.username, 9)
        assert _can_sign_in(client, accomplice)

    assert not _can_sign_in(client, practitioner)


def test_a_users_own_sign_in_clears_only_their_failures(client, practitioner, other_practitioner):
    _fail(client, practitioner.username, 9)
    _fail(client, other_practitioner.username, 9)

    assert _can_sign_in(client, practitioner)

    assert not AccessAttempt.objects.filter(username=practitioner.username).exists()
    assert AccessAttempt.objects.get(username=other_practitioner.username).failures_since_start == 9


def test_made_up_usernames_from_one_address_lock_out_no_one_else_there(client, practitioner):
    for number in range(40):
        _sign_in(client, f"nobody-{number}", WRONG)

    assert _can_sign_in(client, practitioner)


def test_ten_failures_lock_the_username_at_that_address_but_not_elsewhere(client, practitioner):
    response = _fail(client, practitioner.username, 10)

    assert response.status_code == 429
    assert not _can_sign_in(client, practitioner, OFFICE)
    assert _can_sign_in(client, practitioner, ELSEWHERE)


def test_thirty_failures_from_many_addresses_lock_the_username_everywhere(client, practitioner):
    for number in range(5):
        _fail(client, practitioner.username, 6, address=f"192.0.2.{number + 1}")

    assert not _can_sign_in(client, practitioner, ELSEWHERE)


def test_the_lockout_page_says_when_to_try_again(client, practitioner):
    with time_machine.travel(START, tick=False):
        response = _fail(client, practitioner.username, 10)

    # 09:00 UTC on 2 March is 9am in London; the lock lasts 15 minutes.
    assert response.status_code == 429
    assert "You cannot sign in with this username until 9:15am" in response.text
    assert "Each further wrong password locks it for twice as long" in response.text


def test_a_lock_ends_after_fifteen_minutes_and_the_next_failure_doubles_it(client, practitioner):
    with time_machine.travel(START, tick=False) as clock:
        _fail(client, practitioner.username, 10)
        clock.shift(datetime.timedelta(minutes=14))
        assert "until 9:15am" in _sign_in(client, practitioner.username).text

        clock.shift(datetime.timedelta(minutes=2))
        again = _fail(client, practitioner.username, 1)
        assert "until 9:46am" in again.text

        clock.shift(datetime.timedelta(minutes=31))
        assert _can_sign_in(client, practitioner)


def test_a_lock_is_forgotten_a_day_after_the_last_failure(client, practitioner):
    with time_machine.travel(START, tick=False) as clock:
        _fail(client, practitioner.username, 10)
        clock.shift(datetime.timedelta(hours=25))
        response = _fail(client, practitioner.username, 1)

    assert response.status_code == 200
    assert AccessAttempt.objects.get(username=practitioner.username).failures_since_start == 1


def test_unknown_usernames_are_locked_the_same_way_so_locks_reveal_nothing(client):
    response = _fail(client, "no-such-person", 10)

    assert response.status_code == 429
    assert "You cannot sign in with this username" in response.text


def test_a_typed_unknown_username_is_never_stored(client, practitioner):
    # People type their password into the username box.
    _fail(client, "Tr0ub4dor&3-typed-in-the-wrong-box", 3)
    _fail(client, practitioner.username, 1)

    stored = str(list(AccessAttempt.objects.values_list()))
    stored += str(list(AccessLog.objects.values_list()))
    assert "Tr0ub4dor" not in stored
    assert practitioner.username in stored


def test_usernames_typed_before_this_policy_that_name_no_account_are_forgotten(practitioner):
    forget = import_module("cse_portal.migrations.0008_forget_unknown_usernames")
    for username in ["Tr0ub4dor&3-typed-in-the-wrong-box", practitioner.username]:
        AccessAttempt.objects.create(
            username=username, ip_address=OFFICE, user_agent="", failures_since_start=1
        )

    forget.forget_unknown_usernames(apps, None)

    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [practitioner.username]


def test_a_sign_in_is_kept_once_on_the_audit_trail_not_in_a_second_log(client, practitioner):
    client.post("/accounts/login/", {"username": practitioner.username, "password": PASSWORD})

    assert AuditEvent.objects.filter(action="login", actor=practitioner).count() == 1
    assert not AccessLog.objects.exists()
