"""What the network adds to other apps' pages, through their extension points: the concern
page (what the concern names), the child summary at its top (what all the child's concerns
name), the triage dashboard (alerts, and concerns flagged for review) and the written
referral. Registered from NetworkConfig.ready(); those apps import nothing from here."""

from concerns import extensions
from concerns.extensions import Panel
from referrals import written

from .models import Kind
from .selectors import (
    alerts_recent,
    concerns_linked_to_other_children,
    entities_for_child,
    entities_for_concern,
    entity_appearances,
)

DETAILS = (
    *("name", "alias", "approximate_age", "registration", "make", "model", "colour"),
    *("address", "postcode", "number", "handle", "description"),
)  # what the written referral lists of each, in this order


def concern_entities(*, concern, viewer_is_lead: bool) -> dict:
    """The entities the concern names. Only a lead learns whether other concerns name them."""
    links = entities_for_concern(concern=concern)
    if viewer_is_lead:
        elsewhere = entity_appearances(concern=concern)
        for link in links:
            link.elsewhere = elsewhere.get(link.entity_id, {"concerns": 0, "children": 0})
    return {"entity_links": links, "entity_kinds": Kind.choices}


def child_entities(*, concern) -> dict:
    """For the child summary (leads only): who and what all this child's concerns name."""
    return {"child_entities": entities_for_child(child_id=concern.child_id)}


def dashboard_alerts() -> dict:
    return {"entity_alerts": alerts_recent(limit=10)}


def linked_to_other_children(concern_ids: list[int]) -> set[int]:
    return concerns_linked_to_other_children(concern_ids=concern_ids)


def written_entities(concern) -> list[dict]:
    """The written referral's list: each entity as this concern named it (never details that
    other concerns, about other children, gave of the same entity)."""
    rows = []
    for link in entities_for_concern(concern=concern):
        named = link.named
        details = [str(named[name]) for name in DETAILS if named.get(name)]
        if named.get("platform"):
            details.insert(0, link.as_named.get_platform_display())
        rows.append(
            {
                "kind": link.entity.get_kind_display(),
                "role": link.role,
                "details": ", ".join(details) or "Not kept with this concern",
            }
        )
    return rows


def register() -> None:
    extensions.panel_add(
        extensions.CONCERN_PAGE, Panel("network/_concern_entities.html", concern_entities)
    )
    extensions.panel_add(
        extensions.CHILD_SUMMARY, Panel("network/_child_entities.html", child_entities)
    )
    extensions.panel_add(
        extensions.DASHBOARD, Panel("network/_dashboard_alerts.html", dashboard_alerts)
    )
    extensions.row_flag_add(linked_to_other_children)
    if written_entities not in written.LINKED_ENTITIES:
        written.LINKED_ENTITIES.append(written_entities)
