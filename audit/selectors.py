"""Reads of the audit trail, drawn by the views that show it."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import pending_about
from common.dates import when_to_the_second
from common.paging import Cursor, Keyset, keyset_page

TRAIL_LIMIT = 100


# What the trail shows: not the detail. Names come from staff_names below.
TRAIL_FIELDS = ["at", "action", "actor", "actor_username", "object_ref", "ip_address"]


def audit_for_concern(*, concern, limit=TRAIL_LIMIT, request=None):
    """The newest events about one concern, in one query on the index of (object type,
    reference, time), so a concern viewed thousands of times costs no more to show than one
    viewed ten times. Every event about a concern carries its reference: audit_record takes it
    from the concern, and a refused attempt records the reference asked for (there is no id to
    record when the concern was not found). The request's own events, not yet written, come
    first (audit.services)."""
    shown = pending_about(request, object_type="concern", object_ref=concern.reference)[:limit]
    written = (
        AuditEvent.objects.filter(object_type="concern", object_ref=concern.reference)
        .only(*TRAIL_FIELDS)
        .order_by("-at", "-id")[: limit - len(shown)]
    )
    return shown + list(written)


TRAIL_ORDER = Keyset(("at", "id"))  # newest first, on the index of (type, reference, at, id)


def trail_page(*, concern, cursor: Cursor | None, per_page: int, request) -> dict:
    """A page of a concern's whole trail, newest first, from just past `cursor`
    (common.paging), as plain text. The request's own events, not yet written, head the
    first page."""
    pending = (
        []
        if cursor
        else pending_about(request, object_type="concern", object_ref=concern.reference)
    )
    written = AuditEvent.objects.filter(object_type="concern", object_ref=concern.reference)
    page = keyset_page(written.only(*TRAIL_FIELDS), TRAIL_ORDER, cursor, per_page - len(pending))
    if page["has_previous"]:
        pending = []  # a step back that reached the start drew the first page from the top
    events = pending + page["rows"]
    page["rows"] = trail_rows(events, len(events))["rows"]
    return page


def concern_trail(*, concern, limit: int, request) -> dict:
    """The newest `limit` rows of a concern's trail as plain text, and whether there are older
    ones. The caller has already checked that the viewer is a lead."""
    return trail_rows(audit_for_concern(concern=concern, limit=limit + 1, request=request), limit)


def trail_rows(events, limit: int) -> dict:
    """`events`: up to limit + 1 of them; the one past the limit only says there are more."""
    zone = timezone.get_current_timezone()
    names = staff_names({event.actor_id for event in events[:limit] if event.actor_id})
    rows = [_row(event, zone, names) for event in events[:limit]]
    return {"rows": rows, "more": len(events) > limit}


def _row(event, zone, names: dict) -> dict:
    return {
        "when": when_to_the_second(event.at, zone),
        "who": _who(event, names),
        "what": event.action_label,
        "where": event.ip_address or "Not known",
    }


def _who(event, names: dict) -> str:
    """The person's name and username as it was recorded; the name if they still exist."""
    if event.actor_id not in names:
        return event.actor_username or "Unknown"
    name = names[event.actor_id] or event.actor_username
    return f"{name} ({event.actor_username})"


def staff_names(ids: set[int]) -> dict[int, str]:
    """The full names of the people with these ids who still exist."""
    if not ids:
        return {}
    users = get_user_model().objects.filter(pk__in=ids).values_list("id", "first_name", "last_name")
    return {pk: f"{first} {last}".strip() for pk, first, last in users}
