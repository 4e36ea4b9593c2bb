"""Roles are Django groups carrying permissions; code asks about permissions, not group names."""

PRACTITIONER = "Practitioner"
LEAD = "Safeguarding lead"
ADMIN = "Admin"
DUTY_MANAGER = "Duty manager"

FILE_PERM = "concerns.file_concern"
TRIAGE_PERM = "concerns.triage_concern"
CONFIGURE_PERM = "indicators.change_indicator"


def is_practitioner(user) -> bool:
    return user.is_authenticated and user.has_perm(FILE_PERM) and not is_lead(user)


def is_lead(user) -> bool:
    return user.is_authenticated and user.has_perm(TRIAGE_PERM)


def is_admin(user) -> bool:
    return user.is_authenticated and user.is_staff


def can_file(user) -> bool:
    return user.is_authenticated and user.has_perm(FILE_PERM)
