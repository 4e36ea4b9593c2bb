"""Reads of the audit trail and the retention policy."""

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


def audit_for_concern(*, concern, limit=TRAIL_LIMIT, offset=0):
    """The newest events about one concern (skipping `offset` of them), in one query on the
    index of (object type, reference, time), so a concern viewed thousands of times costs no
    more to show than one viewed ten times. Every event about a concern carries its reference:
    audit_record takes it from the concern, and a refused attempt records the reference asked
    for (there is no id to record when the concern was not found)."""
    return list(
        AuditEvent.objects.filter(object_type="concern", object_ref=concern.reference)
        .select_related("actor")
        .only(*TRAIL_FIELDS)
        .order_by("-at", "-id")[offset : offset + limit]
    )


def retention_policy() -> RetentionPolicy:
    policy, _ = RetentionPolicy.objects.get_or_create(pk=1)
    return policy
