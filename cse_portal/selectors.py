"""Reads of the audit trail and the retention policy."""

from django.db.models import Q

from .models import AuditEvent, RetentionPolicy

TRAIL_LIMIT = 100


def audit_for_object(
    *, object_type: str, object_id: int | None = None, object_ref: str = "", limit=TRAIL_LIMIT
):
    """The newest events about one record, in one query. Matching on the reference as well as
    the id catches refused attempts, which are recorded before anything was looked up."""
    match = Q(pk__in=[])
    if object_id is not None:
        match |= Q(object_id=object_id)
    if object_ref:
        match |= Q(object_ref=object_ref)
    return list(
        AuditEvent.objects.filter(match, object_type=object_type)
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )


def audit_for_concern(*, concern, limit=TRAIL_LIMIT):
    return audit_for_object(
        object_type="concern", object_id=concern.pk, object_ref=concern.reference, limit=limit
    )


def retention_policy() -> RetentionPolicy:
    policy, _ = RetentionPolicy.objects.get_or_create(pk=1)
    return policy
