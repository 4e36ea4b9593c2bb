"""Two-factor authentication (TOTP, with single-use backup codes), on django-otp's devices."""

import time
from base64 import b32encode
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from audit.services import audit_record

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
PENDING_KEY = "cse_2fa_pending"
PENDING_SECONDS = 15 * 60


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolment_device(*, request) -> TOTPDevice:
    """An unsaved device holding this session's pending secret. Each session gets its own
    secret, so knowing a lead's password is not enough to copy their second factor; it is
    replaced once used or after PENDING_SECONDS."""
    pending = request.session.get(PENDING_KEY)
    if not pending or pending_expired(request):
        pending = {"key": random_hex(20), "at": time.time()}
        request.session[PENDING_KEY] = pending
    return TOTPDevice(user=request.user, name=APP_DEVICE_NAME, key=pending["key"])


def pending_expired(request) -> bool:
    pending = request.session.get(PENDING_KEY)
    return bool(pending) and time.time() - pending["at"] > PENDING_SECONDS


def qr_code_svg(device: TOTPDevice) -> str:
    """An inline SVG (no style attributes, so the strict CSP allows it) of the otpauth URL."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=15)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 (generated, not user input)


def secret_for_typing(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for apps that cannot scan."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def two_factor_enrol(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Save the device if the code is right. Returns the new backup codes, to be shown once."""
    matched_step = _matching_step(device, token)
    with transaction.atomic():
        if matched_step is None:
            audit_record(action="two_factor.failed", request=request, detail={"step": "enrol"})
            return None
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        device.confirmed = True
        device.last_t = matched_step  # the same code cannot be used again to verify
        device.save()
        codes = _new_backup_codes(request.user)
        audit_record(action="two_factor.enrolled", request=request)
    del request.session[PENDING_KEY]
    otp_login(request, device)
    return codes


def _matching_step(device: TOTPDevice, token: str) -> int | None:
    if not (token.isdigit() and len(token) == device.digits):
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return totp.t() if totp.verify(int(token), tolerance=device.tolerance) else None


@dataclass(frozen=True)
class Verification:
    verified: bool
    held_back: bool = False  # django-otp's throttling after wrong codes
    backup_codes_left: int | None = None  # when a backup code was used


def two_factor_verify(*, request, token: str) -> Verification:
    """Check a code from the app (6 digits) or a backup code (anything else)."""
    token = token.replace(" ", "").lower()
    is_app_code = token.isdigit() and len(token) == 6
    model = TOTPDevice if is_app_code else StaticDevice
    with transaction.atomic():
        devices = model.objects.filter(user=request.user, confirmed=True).select_for_update()
        for device in devices:
            if not device.verify_is_allowed()[0]:
                return Verification(verified=False, held_back=True)
            if device.verify_token(token):
                return _verified(request, device, backup=not is_app_code)
        audit_record(action="two_factor.failed", request=request, detail={"step": "verify"})
    return Verification(verified=False)


def _verified(request, device, *, backup: bool) -> Verification:
    left = device.token_set.count() if backup else None
    detail = {"backup_code": True, "backup_codes_left": left} if backup else {}
    audit_record(action="two_factor.verified", request=request, detail=detail)
    otp_login(request, device)
    return Verification(verified=True, backup_codes_left=left)


def _new_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes
