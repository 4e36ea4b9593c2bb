"""Roles are Django groups carrying permissions; code asks about permissions, not group names."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

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


def role_required(test):
    """Decorate a view so that only users passing `test` reach it. Signed-out users go to the
    sign-in page; others get the 403 page, which records "access.denied" (views.permission_denied).
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not test(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


lead_required = role_required(is_lead)


ESCALATED_PERM = "referrals.open_escalated"


def is_duty_manager(user) -> bool:
    return user.is_authenticated and user.has_perm(ESCALATED_PERM)
