"""Reads of the audit trail and the retention policy."""

from django.db import connection
from django.db.models import Q

from .models import AuditEvent, RetentionPolicy

TRAIL_LIMIT = 100


# What the trail shows: not the detail, nor the actor's password hash and the like.
TRAIL_FIELDS = [
    "at",
    "action",
    "actor_username",
    "object_type",
    "object_id",
    "object_ref",
    "ip_address",
    "actor__username",
    "actor__first_name",
    "actor__last_name",
]


def audit_for_object(
    *, object_type: str, object_id: int | None = None, object_ref: str = "", limit=TRAIL_LIMIT
):
    """The newest events about one record, in one query. Matching on the reference as well as
    the id catches refused attempts, which are recorded before anything was looked up. Each
    match takes its newest from its own index, so a record viewed thousands of times costs
    no more to show than one viewed a hundred times."""
    newest = AuditEvent.objects.filter(object_type=object_type).order_by("-at", "-id")
    matches = []
    if object_id is not None:
        matches.append(newest.filter(object_id=object_id).values("id")[:limit])
    if object_ref:
        matches.append(newest.filter(object_ref=object_ref).values("id")[:limit])
    if not matches:
        return []
    first, *rest = matches
    if connection.vendor != "postgresql":  # SQLite cannot LIMIT inside a UNION
        wanted = Q(object_id=object_id) if object_id is not None else Q(pk__in=[])
        if object_ref:
            wanted |= Q(object_ref=object_ref)
        first, rest = newest.filter(wanted).values("id")[:limit], []
    return list(
        AuditEvent.objects.filter(pk__in=first.union(*rest) if rest else first)
        .select_related("actor")
        .only(*TRAIL_FIELDS)
        .order_by("-at", "-id")[:limit]
    )


def audit_for_concern(*, concern, limit=TRAIL_LIMIT):
    return audit_for_object(
        object_type="concern", object_id=concern.pk, object_ref=concern.reference, limit=limit
    )


def retention_policy() -> RetentionPolicy:
    policy, _ = RetentionPolicy.objects.get_or_create(pk=1)
    return policy
