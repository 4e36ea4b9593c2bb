"""Reads of concerns, always scoped to what the user may see."""

from django.http import Http404

from cse_portal import roles
from cse_portal.audit import audit_record

from .models import Concern


def concerns_visible_to(user):
    if roles.is_lead(user):
        return Concern.objects.all()
    if roles.can_file(user):
        return Concern.objects.filter(filed_by=user)
    return Concern.objects.none()


def concern_get_for_user(*, user, reference: str, request=None) -> Concern:
    """The concern, or a 404 identical to a missing one. A refused attempt is audited."""
    concern = (
        concerns_visible_to(user)
        .select_related("child", "filed_by", "policy", "referral", "referral__outcome")
        .filter(reference=reference)
        .first()
    )
    if concern is None:
        audit_record(
            action="concern.denied",
            actor=user,
            request=request,
            object_type="concern",
            object_ref=reference[:32],
            detail={"exists": Concern.objects.filter(reference=reference).exists()},
        )
        raise Http404("No concern found")
    return concern


def concerns_filed_by(*, user):
    return (
        Concern.objects.filter(filed_by=user)
        .select_related("child", "referral", "referral__outcome")
        .defer("narrative", "explanation")  # the list shows neither; they are most of a row
        .order_by("-filed_at", "-id")
    )
