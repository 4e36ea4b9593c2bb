"""Reads of the audit trail and the retention policy."""

from .audit import pending_about
from .models import AuditEvent, RetentionPolicy

TRAIL_LIMIT = 100


# What the trail shows: not the detail. Names come from staff_names (templatetags/audit_trail).
TRAIL_FIELDS = ["at", "action", "actor", "actor_username", "object_ref", "ip_address"]


def audit_for_concern(*, concern, limit=TRAIL_LIMIT, offset=0, request=None):
    """The newest events about one concern (skipping `offset` of them), in one query on the
    index of (object type, reference, time), so a concern viewed thousands of times costs no
    more to show than one viewed ten times. Every event about a concern carries its reference:
    audit_record takes it from the concern, and a refused attempt records the reference asked
    for (there is no id to record when the concern was not found). The request's own events,
    not yet written, come first (cse_portal.audit)."""
    pending = pending_about(request, object_type="concern", object_ref=concern.reference)
    shown = pending[offset : offset + limit]
    offset = max(offset - len(pending), 0)
    written = (
        AuditEvent.objects.filter(object_type="concern", object_ref=concern.reference)
        .only(*TRAIL_FIELDS)
        .order_by("-at", "-id")[offset : offset + limit - len(shown)]
    )
    return shown + list(written)


def retention_policy() -> RetentionPolicy:
    policy, _ = RetentionPolicy.objects.get_or_create(pk=1)
    return policy
