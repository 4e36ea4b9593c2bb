"""Loads a concern's audit trail for the lead's view of it, whichever view renders the page."""

from django import template
from django.contrib.auth import get_user_model
from django.utils import timezone

from .. import roles
from ..dates import when_to_the_second
from ..selectors import audit_for_concern

register = template.Library()


@register.simple_tag(takes_context=True)
def concern_audit_trail(context, concern, limit):
    """The newest `limit` rows of the trail as plain text, which the template draws several
    times faster than the events themselves, and whether there are older ones."""
    request = context.get("request")
    if request is None or not roles.is_lead(request.user):
        return {"rows": [], "more": False}
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
