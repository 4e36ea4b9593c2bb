"""Writes to the network: entities named at filing or added by leads, edits, merges, splits,
decisions on possible matches, and the alert when a new concern names a known entity."""

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.services import audit_record
from concerns.models import Concern
from concerns.services import concern_file

from . import clusters
from .keys import DETAIL_FIELDS, EntityInput, keys_for, probable_reason, tidy
from .models import Entity, EntityAlert, EntityLink, Kind, PossibleMatch

logger = logging.getLogger(__name__)

EXACT_KINDS = (Kind.VEHICLE, Kind.PHONE, Kind.ACCOUNT, Kind.PLACE)
CANDIDATES = 50  # the most similar-sounding entities compared with a new one


class NetworkRefused(Exception):
    """A change that was not made, with a plain-English message for the lead."""


def concern_file_with_entities(*, entities: list[EntityInput], **filing) -> Concern:
    """File a concern and the entities it names in one transaction: both or neither.
    A resubmitted form gives back the concern already filed and adds nothing twice."""
    with transaction.atomic():
        concern = concern_file(**filing)
        if entities and not EntityLink.objects.filter(concern=concern).exists():
            entities_attach(
                concern=concern,
                entities=entities,
                by=filing["filed_by"],
                request=filing.get("request"),
            )
    return concern


def entities_attach(
    *, concern: Concern, entities: list[EntityInput], by, at_filing: bool = True, request=None
) -> list[EntityLink]:
    """Link each entity to the concern: to the known entity with the same exact key, or to a
    new one (offered to leads as a possible match for similar people and places). When any
    was already known from other concerns, an alert is recorded for the leads; the periodic
    sweep (network.alerts.alerts_sweep, every REMINDER_SWEEP_SECONDS) sends it. Nothing is
    published from the request: a frozen broker must not hold up a filing."""
    now = timezone.now()
    links, known = [], []
    with transaction.atomic():
        # Before the links lock the entities they name: the order entity merges take too.
        clusters.lock()
        # A concern being filed names nothing yet; a filed one may name some already.
        linked = (
            set() if at_filing else set(concern.entity_links.values_list("entity_id", flat=True))
        )
        for item in entities:
            link, existing = _attach_one(concern, item, by, now, at_filing, linked)
            if link is not None:
                links.append(link)
            if existing:
                known.append(link.entity)
        audit_record(
            action="entities.added",
            actor=by,
            request=request,
            obj=concern,
            detail={"entities": [link.entity_id for link in links], "at_filing": at_filing},
        )
        if at_filing:
            _alert_if_known(concern, known, now)
    return links


def _attach_one(concern, item: EntityInput, by, now, at_filing, linked: set[int]):
    details = tidy(item.kind, item.details())
    keys = keys_for(item.kind, details)
    entity = None
    if item.kind in EXACT_KINDS and keys["exact_key"]:
        entity = (
            Entity.objects.filter(kind=item.kind, exact_key=keys["exact_key"], merged_into=None)
            .order_by("id")
            .first()
        )
    existing = entity is not None
    if entity is None:
        fields = {name: details[name] for name in DETAIL_FIELDS if name != "kind"}
        entity = Entity.objects.create(kind=item.kind, **fields, **keys)
        _offer_possible_matches(entity, details)
    if entity.pk in linked:
        return None, False  # named twice in one concern
    # The entity's cluster and the child's become one, which the new link joins.
    label = clusters.joined_label(entity_id=entity.pk, child_id=concern.child_id)
    # The lock above makes this the only writer of this concern's links: a plain insert.
    link = EntityLink.objects.create(
        entity=entity,
        concern=concern,
        role=item.role,
        added_by=by,
        added_at=now,
        at_filing=at_filing,
        cluster=label,
    )
    linked.add(entity.pk)
    if label is None:
        clusters.cluster_start(link)
    return link, existing


def _offer_possible_matches(entity: Entity, details: dict) -> None:
    if entity.kind not in (Kind.PERSON, Kind.PLACE) or not entity.name_text:
        return
    near = Q(name_sound=entity.name_sound) if entity.name_sound else Q(name_text=entity.name_text)
    if entity.postcode_key:
        near |= Q(postcode_key=entity.postcode_key)
    candidates = (
        Entity.objects.filter(near, kind=entity.kind, merged_into=None)
        .exclude(pk=entity.pk)
        .order_by("-id")[:CANDIDATES]
    )
    offers = []
    for old in candidates:
        reason = probable_reason(entity.kind, details, old)
        if reason:
            offers.append(PossibleMatch(first=old, second=entity, reason=reason))
    PossibleMatch.objects.bulk_create(offers, ignore_conflicts=True)


def _alert_if_known(concern: Concern, known: list[Entity], now) -> EntityAlert | None:
    """One alert per concern: for each known entity, how many other concerns and other
    children name it. Counts and kinds only: this is what the email may say."""
    if not known:
        return None
    rows = (
        EntityLink.objects.filter(entity__in=known)
        .exclude(concern=concern)
        .values_list("entity_id", "concern_id", "concern__child_id")
    )
    concerns: dict[int, set[int]] = {}
    children: dict[int, set[int]] = {}
    for entity_id, concern_id, child_id in rows:
        concerns.setdefault(entity_id, set()).add(concern_id)
        if child_id != concern.child_id:
            children.setdefault(entity_id, set()).add(child_id)
    lines = [
        {
            "kind": entity.kind,
            "concerns": len(concerns.get(entity.pk, ())),
            "children": len(children.get(entity.pk, ())),
        }
        for entity in known
        if concerns.get(entity.pk)
    ]
    if not lines:
        return None
    all_children = set().union(*children.values()) if children else set()
    alert, _ = EntityAlert.objects.get_or_create(
        concern=concern,
        defaults={"lines": lines, "other_children": len(all_children), "created_at": now},
    )
    return alert


def entities_add_to_concern(*, concern: Concern, entities: list[EntityInput], by, request=None):
    """A lead adds entities to a concern already filed, as an addendum is added."""
    return entities_attach(
        concern=concern, entities=entities, by=by, at_filing=False, request=request
    )


def entity_edit(*, entity: Entity, details: dict, by, request=None) -> list[str]:
    """Correct an entity's own details; the keys follow. Returns the names of the fields
    changed (audited by name: the values are case content)."""
    details = tidy(entity.kind, details)
    changed = [name for name, value in details.items() if getattr(entity, name) != value]
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(entity, name, details[name])
        for name, value in keys_for(entity.kind, _details_of(entity)).items():
            setattr(entity, name, value)
        entity.save()
        audit_record(
            action="entity.edited",
            actor=by,
            request=request,
            obj=entity,
            detail={"fields": changed},
        )
    return changed


def _details_of(entity: Entity) -> dict:
    return {name: getattr(entity, name) for name in DETAIL_FIELDS}


def entity_merge(*, keep: Entity, merge: Entity, by, request=None) -> Entity:
    """The two are the same: every concern naming `merge` now names `keep`. `merge` stays,
    pointing at `keep`, so old links to it still lead somewhere."""
    if keep.pk == merge.pk or keep.kind != merge.kind:
        raise NetworkRefused("Only two different entities of the same kind can be merged.")
    with transaction.atomic():
        clusters.lock()
        locked = {
            e.pk: e for e in Entity.objects.select_for_update().filter(pk__in=[keep.pk, merge.pk])
        }
        if any(e.merged_into_id for e in locked.values()):
            raise NetworkRefused("One of these has already been merged. Nothing was changed.")
        labels = clusters.labels_of(entity_ids=[keep.pk, merge.pk])
        moved = _move_links(merge, keep)
        clusters.relabel(labels)  # the two clusters are one now
        Entity.objects.filter(pk=merge.pk).update(merged_into=keep, updated_at=timezone.now())
        PossibleMatch.objects.filter(
            Q(first=merge) | Q(second=merge), status=PossibleMatch.Status.OPEN
        ).filter(Q(first=keep) | Q(second=keep)).update(
            status=PossibleMatch.Status.MERGED, decided_by=by, decided_at=timezone.now()
        )
        audit_record(
            action="entity.merged",
            actor=by,
            request=request,
            obj=keep,
            detail={"kept": keep.pk, "merged": merge.pk, "links_moved": moved},
        )
    return keep


def _move_links(source: Entity, target: Entity) -> list[int]:
    """Move the links; where both were named in one concern, keep one link with both roles."""
    already = {link.concern_id: link for link in EntityLink.objects.filter(entity=target)}
    moved = []
    for link in EntityLink.objects.filter(entity=source).order_by("id"):
        twin = already.get(link.concern_id)
        if twin is None:
            moved.append(link.pk)
            continue
        if link.role and link.role not in twin.role:
            twin.role = "; ".join(part for part in (twin.role, link.role) if part)[:200]
            twin.save(update_fields=["role"])
        link.delete()
    EntityLink.objects.filter(pk__in=moved).update(entity=target)
    return moved


def entity_split(*, entity: Entity, concern_ids: list[int], by, request=None) -> Entity:
    """These concerns named someone or something else: give them a new entity with the same
    details, for the lead to correct."""
    links = EntityLink.objects.filter(entity=entity, concern_id__in=concern_ids)
    with transaction.atomic():
        clusters.lock()
        Entity.objects.select_for_update().get(pk=entity.pk)
        ids = list(links.values_list("id", flat=True))
        remaining = EntityLink.objects.filter(entity=entity).exclude(pk__in=ids).count()
        if not ids or remaining == 0:
            raise NetworkRefused("Choose some of the concerns, but not all of them, to split off.")
        details = _details_of(entity)
        new = Entity.objects.create(kind=entity.kind, **details, **keys_for(entity.kind, details))
        labels = clusters.labels_of(entity_ids=[entity.pk])
        EntityLink.objects.filter(pk__in=ids).update(entity=new)
        clusters.relabel(labels)  # the split-off concerns may be a cluster of their own
        audit_record(
            action="entity.split",
            actor=by,
            request=request,
            obj=entity,
            detail={"new_entity": new.pk, "links_moved": ids},
        )
    return new


def possible_match_decide(*, match_id: int, same: bool, by, request=None) -> PossibleMatch:
    """A lead decides: the same (merge the newer into the older) or keep apart. One
    conditional update on the open match, so two leads cannot both decide."""
    now = timezone.now()
    status = PossibleMatch.Status.MERGED if same else PossibleMatch.Status.APART
    with transaction.atomic():
        clusters.lock()  # before the merge locks the entities
        changed = PossibleMatch.objects.filter(
            pk=match_id, status=PossibleMatch.Status.OPEN
        ).update(status=status, decided_by=by, decided_at=now)
        if changed == 0:
            raise NetworkRefused("Another lead has already decided this. Nothing was changed.")
        match = PossibleMatch.objects.select_related("first", "second").get(pk=match_id)
        if same:
            entity_merge(keep=match.first, merge=match.second, by=by, request=request)
        audit_record(
            action="entity.match_decided",
            actor=by,
            request=request,
            obj=match.first,
            detail={"match": match.pk, "other": match.second_id, "same": same},
        )
    return match


def alert_claim(*, alert_id: int, now, expires) -> bool:
    """Claim an unsent alert with one conditional update (see referrals.reminders)."""
    claimable = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - expires)
    rows = EntityAlert.objects.filter(claimable, pk=alert_id, sent_at__isnull=True)
    return rows.update(claimed_at=now) == 1


def alert_mark_sent(*, alert_id: int, now) -> None:
    EntityAlert.objects.filter(pk=alert_id, sent_at__isnull=True).update(sent_at=now)


def children_changed(sender, *, child_ids: list[int], **kwargs) -> None:
    """Child records were merged, or a merge undone (concerns.extensions' signal): their
    clusters may have joined or parted."""
    clusters.relabel(clusters.labels_of(child_ids=child_ids))
