"""Two-factor authentication (TOTP, with single-use backup codes), on django-otp's devices."""

from base64 import b32encode

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


def two_factor_verify(*, request, token: str) -> tuple[bool, int | None]:
    """Check a code from the app or a backup code. Returns (verified, backup codes left if one
    was used)."""
    user = request.user
    token = token.replace(" ", "").lower()
    with transaction.atomic():
        for device in TOTPDevice.objects.filter(user=user, confirmed=True).select_for_update():
            if device.verify_token(token):
                audit_record(action="two_factor.verified", request=request)
                otp_login(request, device)
                return True, None
        for device in StaticDevice.objects.filter(user=user, confirmed=True).select_for_update():
            if device.verify_token(token):
                left = device.token_set.count()
                audit_record(
                    action="two_factor.verified",
                    request=request,
                    detail={"backup_code": True, "backup_codes_left": left},
                )
                otp_login(request, device)
                return True, left
        audit_record(action="two_factor.failed", request=request, detail={"step": "verify"})
    return False, None


def verification_allowed(*, user) -> bool:
    """False while django-otp's throttling holds the authenticator back after wrong codes."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device is None or device.verify_is_allowed()[0]


def _new_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes
