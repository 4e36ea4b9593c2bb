"""Two-factor authentication (TOTP, with single-use backup codes), on django-otp's devices."""

from base64 import b32encode
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import audit_record

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolment_device(*, user) -> TOTPDevice:
    """The not-yet-confirmed device being set up: the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def qr_code_svg(device: TOTPDevice) -> str:
    """An inline SVG (no style attributes, so the strict CSP allows it) of the otpauth URL."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=15)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 (generated, not user input)


def secret_for_typing(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for apps that cannot scan."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def two_factor_enrol(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device if the code is right. Returns the new backup codes, to be shown once."""
    with transaction.atomic():
        if not device.verify_token(token):
            audit_record(action="two_factor.failed", request=request, detail={"step": "enrol"})
            return None
        TOTPDevice.objects.filter(pk=device.pk, confirmed=False).update(confirmed=True)
        codes = _new_backup_codes(request.user)
        audit_record(action="two_factor.enrolled", request=request)
    otp_login(request, device)
    return codes


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
