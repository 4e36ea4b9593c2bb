"""Two-factor authentication: required for leads and admins when REQUIRE_2FA is on, with
enrolment by QR code, a verify step and single-use backup codes."""

import re
import time
from base64 import b32decode

import pytest
import time_machine
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent

from .factories import PASSWORD

pytestmark = pytest.mark.django_db
SETUP = "/accounts/two-factor/setup/"
VERIFY = "/accounts/two-factor/verify/"
A_LEAD_PAGE = "/concerns/new/"


@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_2FA = True


def _code(device: TOTPDevice, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def _sign_in(client, user):
    return client.post(
        "/accounts/login/", {"username": user.username, "password": PASSWORD}, follow=True
    )


def _device_from(setup_page) -> TOTPDevice:
    """The authenticator app's copy of the secret the setup page showed."""
    secret = setup_page.context["secret"].replace(" ", "")
    return TOTPDevice(key=b32decode(secret).hex())


def _enrolled_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def test_lead_without_an_authenticator_is_sent_to_enrolment(client, lead, require_2fa):
    _sign_in(client, lead)

    response = client.get(A_LEAD_PAGE, follow=True)

    assert response.redirect_chain[-1][0].startswith(SETUP)
    assert "Set up two-factor authentication" in response.text


def test_admin_without_an_authenticator_is_sent_to_enrolment(client, admin_user, require_2fa):
    client.force_login(admin_user)

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0].startswith(SETUP)


def test_practitioners_are_not_asked_for_a_second_factor(practitioner_client, require_2fa):
    assert practitioner_client.get("/concerns/").status_code == 200


def test_without_require_2fa_leads_go_straight_in(lead_client, settings):
    settings.REQUIRE_2FA = False
    assert lead_client.get(A_LEAD_PAGE).status_code == 200


def test_enrolment_shows_a_qr_code_and_backup_codes_once(client, lead, require_2fa):
    client.force_login(lead)

    page = client.get(SETUP)
    assert "<svg" in page.text and "style=" not in page.text
    assert page.context["secret"].replace(" ", "") in page.text.replace(" ", "")

    done = client.post(SETUP, {"code": _code(_device_from(page))})

    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.text)
    assert len(codes) == 10
    assert "shown only once" in done.text
    assert TOTPDevice.objects.get(user=lead).confirmed
    assert client.get(A_LEAD_PAGE).status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.enrolled", actor=lead).exists()
    assert codes[0] not in str(list(AuditEvent.objects.values_list()))


def test_the_setup_secret_stays_the_same_within_one_session_only(lead_client, lead):
    first = lead_client.get(SETUP).context["secret"]
    second = lead_client.get(SETUP).context["secret"]
    # Someone else who has the lead's password, in another browser:
    client = Client()
    client.post("/accounts/login/", {"username": lead.username, "password": PASSWORD})
    elsewhere = client.get(SETUP).context["secret"]

    assert first == second
    assert elsewhere != first
    assert not TOTPDevice.objects.filter(user=lead).exists()


def test_a_code_from_another_sessions_secret_does_not_enrol(lead_client, lead):
    theirs = lead_client.get(SETUP)
    client = Client()
    client.force_login(lead)
    client.get(SETUP)

    response = client.post(SETUP, {"code": _code(_device_from(theirs))})

    assert "The code is not right" in response.text
    assert not TOTPDevice.objects.filter(user=lead).exists()


def test_the_setup_secret_is_replaced_after_fifteen_minutes(lead_client, lead):
    with time_machine.travel(time.time(), tick=False) as clock:
        old = lead_client.get(SETUP)
        clock.shift(16 * 60)
        expired = lead_client.post(SETUP, {"code": _code(_device_from(old))})
        new = lead_client.get(SETUP)

    assert "The QR code has expired" in expired.text
    assert new.context["secret"] != old.context["secret"]
    assert not TOTPDevice.objects.filter(user=lead).exists()


def test_the_setup_secret_is_replaced_once_used(lead_client, lead):
    page = lead_client.get(SETUP)
    lead_client.post(SETUP, {"code": _code(_device_from(page))})
    TOTPDevice.objects.filter(user=lead).delete()  # an admin resets the lead's authenticator

    assert lead_client.get(SETUP).context["secret"] != page.context["secret"]


def test_a_wrong_code_at_enrolment_is_refused_with_a_clear_error(client, lead, require_2fa):
    client.force_login(lead)
    client.get(SETUP)

    response = client.post(SETUP, {"code": "000000"})

    assert "Error: " in response.text
    assert "The code is not right" in response.text
    assert not TOTPDevice.objects.filter(user=lead, confirmed=True).exists()
    assert client.get(A_LEAD_PAGE).status_code == 302


def test_an_enrolled_lead_enters_a_code_after_signing_in(client, lead, require_2fa):
    device = _enrolled_device(lead)
    signed_in = _sign_in(client, lead)
    assert "Enter your security code" in client.get(A_LEAD_PAGE, follow=True).text

    wrong = client.post(f"{VERIFY}?next={A_LEAD_PAGE}", {"code": "123456"})
    with time_machine.travel(time.time() + 5):  # django-otp holds back a retry for a second
        right = client.post(f"{VERIFY}?next={A_LEAD_PAGE}", {"code": _code(device)})

    assert signed_in.status_code == 200
    assert "The code is not right" in wrong.text
    assert right.status_code == 302 and right["Location"] == A_LEAD_PAGE
    assert client.get(A_LEAD_PAGE).status_code == 200
    actions = list(AuditEvent.objects.filter(actor=lead).values_list("action", flat=True))
    assert "two_factor.failed" in actions and "two_factor.verified" in actions


def test_a_backup_code_works_once(client, lead, require_2fa):
    _enrolled_device(lead)
    backup = StaticDevice.objects.create(user=lead, name="Backup codes", confirmed=True)
    backup.token_set.create(token="abcdefgh")
    client.force_login(lead)

    used = client.post(f"{VERIFY}?next={A_LEAD_PAGE}", {"code": "ABCD EFGH"}, follow=True)
    client.post("/accounts/logout/")
    client.force_login(lead)
    reused = client.post(VERIFY, {"code": "abcdefgh"})

    assert "You used a backup code. You have 0 left." in used.text
    assert "The code is not right" in reused.text


def test_verify_never_redirects_to_another_site(client, lead, require_2fa):
    device = _enrolled_device(lead)
    client.force_login(lead)

    response = client.post(f"{VERIFY}?next=https://evil.example/", {"code": _code(device)})

    assert response["Location"] == "/"


def test_a_code_cannot_be_used_twice(client, lead, require_2fa):
    device = _enrolled_device(lead)
    code = _code(device)
    client.force_login(lead)
    client.post(VERIFY, {"code": code})
    client.post("/accounts/logout/")
    client.force_login(lead)

    response = client.post(VERIFY, {"code": code})

    assert response.status_code == 200
    assert client.get(A_LEAD_PAGE).status_code == 302


def test_quick_retries_after_a_wrong_code_are_held_back(client, lead, require_2fa):
    device = _enrolled_device(lead)
    client.force_login(lead)
    client.post(VERIFY, {"code": "123456"})

    response = client.post(VERIFY, {"code": _code(device)})

    assert "Wait a minute, then try again" in response.text
    assert client.get(A_LEAD_PAGE).status_code == 302
