"""Reads of the network. Callers check the role first: everything here but
`entities_for_concern` is for safeguarding leads only.

Other apps may call this module (the concern page, the written referral); this app depends on
concerns, never the reverse: concerns' models, services and selectors do not import it."""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, OuterRef, Q

from common.paging import Cursor, Keyset, keyset_page
from concerns.models import Child, Concern

from . import normalise
from .models import Entity, EntityAlert, EntityLink, Kind, PlaceType, PossibleMatch
from .wording import alert_sentence

# People, vehicles, places, phones, accounts: the order the intake and the headings use.
KIND_ORDER = {kind: place for place, kind in enumerate(Kind.values)}


def entities_for_concern(*, concern) -> list[EntityLink]:
    """The entities one concern names, each link with its `.entity`, `.role` and `.named`, in
    the order they were added. For the concern's filer show only `.named` (`link.as_named`):
    the entity's own details may come from other concerns about other children."""
    return list(EntityLink.objects.filter(concern=concern).select_related("entity").order_by("id"))


def entity_get(*, entity_id: int) -> Entity | None:
    """The entity, or the one it was merged into."""
    entity = Entity.objects.filter(pk=entity_id).first()
    for _ in range(10):  # a chain of merges is short
        if entity is None or entity.merged_into_id is None:
            return entity
        entity = Entity.objects.filter(pk=entity.merged_into_id).first()
    return entity


def entity_appearances(*, concern) -> dict[int, dict]:
    """For a lead: how many other concerns and other children name each entity this concern
    names. One query, whether the concern names any or not."""
    named = EntityLink.objects.filter(concern=concern).values("entity_id")
    rows = (
        EntityLink.objects.filter(entity_id__in=named)
        .exclude(concern=concern)
        .values_list("entity_id", "concern_id", "child_id")
    )
    found: dict[int, dict] = {}
    for entity_id, concern_id, child_id in rows:
        seen = found.setdefault(entity_id, {"concerns": set(), "children": set()})
        seen["concerns"].add(concern_id)
        if child_id != concern.child_id:
            seen["children"].add(child_id)
    return {
        pk: {"concerns": len(v["concerns"]), "children": len(v["children"])}
        for pk, v in found.items()
    }


# Oldest first, by the concerns' own columns: the page after a cursor starts past that concern.
ENTITY_CONCERNS_ORDER = Keyset(("filed_at", "id"), descending=False)
ENTITY_CONCERN_FIELDS = (
    "reference",
    "filed_at",
    "band",
    "child",
    "child__first_name",
    "child__last_name",
    "filed_by",
    "filed_by__username",
    "filed_by__first_name",
    "filed_by__last_name",
)


def entity_concerns_page(*, entity: Entity, cursor: Cursor | None, per_page: int) -> dict:
    """A page of the concerns naming the entity, oldest first, from just past `cursor`
    (common.paging), each with its child, its filer and the entity's `role` in it. One query
    (two when a step back reaches the start)."""
    concerns = (
        Concern.objects.filter(entity_links__entity=entity)
        .annotate(role=F("entity_links__role"))  # the same join: one row per concern
        .select_related("child", "filed_by")
        .only(*ENTITY_CONCERN_FIELDS)
    )
    return keyset_page(concerns, ENTITY_CONCERNS_ORDER, cursor, per_page)


def entity_named_in(*, entity: Entity) -> dict[str, int]:
    """How many concerns name the entity, about how many children: one query."""
    return EntityLink.objects.filter(entity=entity).aggregate(
        concerns=Count("id"), children=Count("child_id", distinct=True)
    )


@dataclass
class ChildEntity:
    entity: Entity
    concerns: int  # of this child's concerns naming it
    other_children: int  # other children whose concerns name it


def entities_for_child(*, child_id: int, limit: int = 20) -> list[ChildEntity]:
    """For a lead: the entities named in any concern about the child, the most named (then the
    most recent) first, each with how many other children's concerns name it. Three queries."""
    rows = list(
        EntityLink.objects.filter(child_id=child_id)
        .values("entity_id")
        .annotate(concerns=Count("concern_id", distinct=True), latest=Max("filed_at"))
        .order_by("-concerns", "-latest", "entity_id")[:limit]
    )
    ids = [row["entity_id"] for row in rows]
    entities = Entity.objects.in_bulk(ids)
    others = dict(
        EntityLink.objects.filter(entity_id__in=ids)
        .exclude(child_id=child_id)
        .values("entity_id")
        .annotate(children=Count("child_id", distinct=True))
        .values_list("entity_id", "children")
    )
    return [
        ChildEntity(entities[row["entity_id"]], row["concerns"], others.get(row["entity_id"], 0))
        for row in rows
    ]


def _open_matches():
    """Pairs to decide. A pair naming an entry merged since is passed over (merges carry
    their pairs to the entry kept; this is for any left from before they did)."""
    return PossibleMatch.objects.filter(
        status=PossibleMatch.Status.OPEN, first__merged_into=None, second__merged_into=None
    ).select_related("first", "second")


def possible_match_open(*, match_id: int) -> PossibleMatch | None:
    return _open_matches().filter(pk=match_id).first()


def possible_matches_for(*, entity: Entity) -> list[PossibleMatch]:
    return list(_open_matches().filter(Q(first=entity) | Q(second=entity)))


MERGE_CHOICES = 20  # the most entries a search for one to merge offers


def merge_candidates(*, entity: Entity, text: str) -> list[Entity]:
    """For a lead merging an entry into `entity`: the other entries of its kind (not merged)
    that what they typed finds, each with `.concerns` naming it, the latest first. Part of a
    registration, number or handle finds it; a name finds people and places spelt or sounding
    alike, or at the postcode typed. A rare action, so it may read every entry of its kind."""
    found = _merge_query(entity.kind, text)
    if found is None:
        return []
    rows = (
        Entity.objects.filter(found, kind=entity.kind, merged_into=None)
        .exclude(pk=entity.pk)
        .annotate(concerns=Count("links"))
        .order_by("-id")
    )
    return list(rows[:MERGE_CHOICES])


def _merge_query(kind: str, text: str) -> Q | None:
    """What finds an entry of this kind from the text typed, or None when nothing can."""
    if kind == Kind.VEHICLE:
        part = normalise.registration_key(text)
        return Q(exact_key__contains=part) if part else None
    if kind == Kind.PHONE:
        # '07700 900982' and '+44 7700 900982' both find '+447700900982'.
        digits = "".join(ch for ch in text if ch.isdigit()).lstrip("0")
        return Q(exact_key__contains=digits) if len(digits) >= 3 else None
    if kind == Kind.ACCOUNT:
        handle = normalise.handle_text(text)
        return Q(exact_key__contains=handle) if handle else None
    plain, sound = normalise.plain_text(text), normalise.phonetic_key(text)
    postcode = normalise.postcode_key(text)
    if not plain:
        return None
    found = Q(name_text__contains=plain) | Q(alias__icontains=text.strip())
    if sound:
        found |= Q(name_sound=sound)
    if postcode:
        found |= Q(postcode_key=postcode)
    return found


def possible_matches_open(*, limit: int = 20) -> list[PossibleMatch]:
    return list(_open_matches().order_by("-created_at", "-id")[:limit])


def concerns_linked_to_other_children(*, concern_ids: list[int]) -> set[int]:
    """Of these concerns, those naming an entity that another child's concern names: flagged
    for review whatever their band. One query, which stops at the first other child each
    entity has: reading every link of a much-named place grew with the years."""
    other_child = EntityLink.objects.filter(entity_id=OuterRef("entity_id")).exclude(
        child_id=OuterRef("child_id")
    )
    linked = EntityLink.objects.filter(concern_id__in=concern_ids).filter(Exists(other_child))
    return set(linked.order_by().values_list("concern_id", flat=True))


@dataclass
class AlertRow:
    concern: Concern
    other_children: int
    sentences: list[str]


def alerts_recent(*, limit: int = 10) -> list[AlertRow]:
    """The latest concerns that named a known entity, for the triage dashboard."""
    alerts = (
        EntityAlert.objects.select_related("concern", "concern__child")
        .only(
            "lines",
            "other_children",
            "created_at",
            "concern__reference",
            "concern__band",
            "concern__child__first_name",
            "concern__child__last_name",
        )
        .order_by("-created_at", "-id")[:limit]
    )
    return [
        AlertRow(alert.concern, alert.other_children, [alert_sentence(x) for x in alert.lines])
        for alert in alerts
    ]


def places_ranked(*, since, limit: int = 100) -> list[dict]:
    """Places by the number of concerns (then children) naming them since `since`: one
    query."""
    rows = (
        EntityLink.objects.filter(entity__kind=Kind.PLACE, filed_at__gte=since)
        .values("entity_id", "entity__name", "entity__place_type", "entity__postcode")
        .annotate(
            concerns=Count("concern_id", distinct=True),
            children=Count("child_id", distinct=True),
        )
        .order_by("-concerns", "-children", "entity__name")[:limit]
    )
    types = dict(PlaceType.choices)
    return [{**row, "place_type_label": types.get(row["entity__place_type"], "")} for row in rows]


@dataclass
class PackConcern:
    concern: Concern
    entities: list


def meeting_pack(*, child_ids: set[int], entity_ids: set[int]) -> dict:
    """A cluster for a MACE meeting: its children, entities, and every concern linking them,
    oldest first, with the entities each names. Three queries."""
    links = list(
        EntityLink.objects.filter(entity_id__in=entity_ids, child_id__in=child_ids)
        .select_related("concern", "concern__child", "concern__filed_by", "entity")
        .order_by("concern__filed_at", "concern_id", "id")
    )
    concerns: dict[int, PackConcern] = {}
    for link in links:
        row = concerns.setdefault(link.concern_id, PackConcern(link.concern, []))
        row.entities.append(link)
    return {
        "children": list(Child.objects.filter(pk__in=child_ids).order_by("last_name", "id")),
        "entities": sorted(
            Entity.objects.filter(pk__in=entity_ids), key=lambda e: (KIND_ORDER[e.kind], e.pk)
        ),
        "concerns": list(concerns.values()),
    }
