"""Writes to the network: entities named at filing or added by leads, edits, merges, splits,
decisions on possible matches, and the alert when a new concern names a known entity."""

import logging
from dataclasses import dataclass, field
from functools import partial
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.utils import timezone

from audit.services import audit_record
from common.queries import rows_insert, rows_of_each
from concerns.models import Concern
from concerns.services import concern_file

from . import clusters
from .keys import DETAIL_FIELDS, EntityInput, given, keys_for, probable_reason, tidy
from .models import Entity, EntityAlert, EntityLink, Kind, PossibleMatch

logger = logging.getLogger(__name__)

EXACT_KINDS = (Kind.VEHICLE, Kind.PHONE, Kind.ACCOUNT, Kind.PLACE)
CANDIDATES = 50  # the most similar-sounding entities compared with a new one
# The most possible matches offered for one new entity: the latest it probably is. A nickname
# named in many concerns not yet merged would otherwise put dozens of pairs to the leads at
# every filing; each of those was offered with the ones before it, so the chain still joins.
OFFERS = 5


class NetworkRefused(Exception):
    """A change that was not made, with a plain-English message for the lead."""


def concern_file_with_entities(*, entities: list[EntityInput], **filing) -> Concern:
    """File a concern and the entities it names in one transaction: both or neither. A
    resubmitted form gives back the concern already filed and adds nothing twice."""
    if entities:
        filing["after_file"] = partial(entities_at_filing, entities=entities, by=filing["filed_by"])
    return concern_file(**filing)


def entities_at_filing(concern: Concern, *, entities: list[EntityInput], by) -> dict:
    """Link a concern's entities as it is filed (concern_file's `after_file`). Gives what the
    filing's own audit event records of them: the filing is one event, not two."""
    links = entities_attach(concern=concern, entities=entities, by=by, audit=False)
    return {"entities": [link.entity_id for link in links]}


def entities_attach(
    *,
    concern: Concern,
    entities: list[EntityInput],
    by,
    at_filing: bool = True,
    audit: bool = True,
    request=None,
) -> list[EntityLink]:
    """Link each entity to the concern: to the known entity with the same exact key, or to a
    new one. When any was already known from other concerns, an alert is recorded for the
    leads; the periodic sweep (network.alerts.alerts_sweep, every REMINDER_SWEEP_SECONDS)
    sends it. A new person or place with a name waits for the worker's sweep
    (possible_matches_offer), which compares it with those filed before it and offers the
    leads the ones it may be. Nothing is published from the request: a frozen broker must not
    hold up a filing.

    All of a concern's entities at once, however many: one look-up of exact keys, one insert
    of each kind of row and one join of clusters. What it writes is what linking them one
    after another, in the order named, would write. Audited as "entities.added" unless
    `audit` is False: the caller records them in its own event."""
    now = timezone.now()
    named = [_Named.of(item) for item in entities]  # keys worked out before taking the lock
    # The caller's transaction (the filing's, a lead's request) succeeds or fails as a whole,
    # and nobody carries on after a failure here: a savepoint would be two statements for nothing.
    with transaction.atomic(savepoint=False):
        # Before the links lock the entities they name: the order entity merges take too. Held
        # by every writer of entities and links, so two filings naming one new registration at
        # once make one entity: the second looks for it once the first has committed.
        clusters.lock()
        # A concern being filed names nothing yet; a filed one may name some already.
        linked = (
            set() if at_filing else set(concern.entity_links.values_list("entity_id", flat=True))
        )
        filed = _filed_already(named, child_id=concern.child_id)
        new = _new_entities(named, filed.by_key)
        rows_insert([n.entity for n in new])
        links, known = _links(concern, named, linked, by=by, now=now, at_filing=at_filing)
        labels = {n.seen.cluster_label for n in known if n.seen.cluster_label is not None}
        clusters.links_create(
            links, child_id=concern.child_id, known_labels=labels, child_label=filed.child_label
        )
        if audit:
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


class _Seen(NamedTuple):
    """What the links of an entity already filed say: whether another child's concern names
    it (the alert's flag) and its cluster. Counting them is left to the alert's sweep: a
    much-named place would otherwise make every filing naming it read all its links."""

    other_child: bool
    cluster_label: int | None


@dataclass
class _Named:
    """One entity as a concern names it: its details as stored, its keys, and the entity it
    turns out to be (`seen`: found by its exact key among those already filed)."""

    item: EntityInput
    details: dict
    keys: dict
    entity: Entity = field(init=False)
    seen: _Seen | None = None

    @classmethod
    def of(cls, item: EntityInput) -> "_Named":
        details = tidy(item.kind, item.details())
        return cls(item, details, keys_for(item.kind, details))

    @property
    def named(self) -> dict:
        """What the concern says of it, for its link: the details given, blanks left out."""
        return given(self.details)

    @property
    def exact(self) -> tuple[str, str] | None:
        key = self.keys["exact_key"]
        return (self.item.kind, key) if self.item.kind in EXACT_KINDS and key else None


class _Filed(NamedTuple):
    """What is already filed that a concern's new links join."""

    # The entities filed under the exact keys named (the oldest where a key has several), each
    # with what its links say (None when no concern names it).
    by_key: dict[tuple[str, str], tuple[Entity, _Seen | None]]
    # What one of the child's links says of its cluster, for clusters.links_create: [] when
    # no concern about the child names an entity yet.
    child_label: list[int | None]


def _filed_already(named: list[_Named], *, child_id: int) -> _Filed:
    """The entities already filed under these exact keys, and the child's cluster: one query
    for every kind and the child, however many concerns name them. Each entity comes with what
    the alert and the cluster join need, from the first of its links each asks for (their
    index). Read under clusters.lock(), as the links it joins will be written."""
    wanted = sorted({n.exact for n in named if n.exact})
    sql = _CHILD_SQL
    params: list[int | str] = [child_id]
    if wanted:
        sql += " UNION ALL " + _KNOWN_SQL.format(keys=" OR ".join([_KEY] * len(wanted)))
        params += [child_id, *(value for pair in wanted for value in pair)]
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY 1", params)
        rows = cursor.fetchall()
    filed = _Filed({}, [])
    for pk, kind, exact_key, named_before, other_child, cluster_label in rows:
        if pk is None:  # the child's row
            filed.child_label.append(cluster_label)
            continue
        entity = Entity.from_db(
            connection.alias, ["id", "kind", "exact_key"], [pk, kind, exact_key]
        )
        seen = _Seen(bool(other_child), cluster_label) if named_before else None
        filed.by_key.setdefault((kind, exact_key), (entity, seen))
    return filed


# Written out rather than built by the ORM: as three subqueries on the links, building the
# statement took the ORM about 2 ms of every filing that names a car, phone or account, four
# times what PostgreSQL takes to run it. Every link of an entity is in its one cluster
# (clusters' module note), so any labelled one gives it; every link of a child too, so any of
# its links gives the child's (its row has no id, and is there only if it has a link).
_LINKS = EntityLink._meta.db_table
_CHILD_SQL = (
    "SELECT NULL AS id, NULL, NULL, TRUE, FALSE, c.cluster FROM "  # noqa: S608 (as below)
    f"(SELECT l.cluster FROM {_LINKS} l WHERE l.child_id = %s LIMIT 1) c"
)
_KNOWN_SQL = (
    f"SELECT e.id, e.kind, e.exact_key, "  # noqa: S608 (table names ours, values parameters)
    f"EXISTS (SELECT 1 FROM {_LINKS} l WHERE l.entity_id = e.id) AS named, "
    f"EXISTS (SELECT 1 FROM {_LINKS} l WHERE l.entity_id = e.id AND l.child_id <> %s) "
    f"AS other_child, (SELECT l.cluster FROM {_LINKS} l WHERE l.entity_id = e.id "
    f"AND l.cluster IS NOT NULL LIMIT 1) AS cluster_label "
    f"FROM {Entity._meta.db_table} e WHERE ({{keys}}) AND e.merged_into_id IS NULL"
)
_KEY = "(e.kind = %s AND e.exact_key = %s)"


def _new_entities(named: list[_Named], known: dict) -> list[_Named]:
    """Give each its entity: the known one, or a new one (not yet saved); those given new ones,
    in the order named. An exact key named twice in one concern is one entity."""
    made: dict[tuple[str, str], Entity] = {}
    new = []
    for n in named:
        if n.exact in known:
            n.entity, n.seen = known[n.exact]
        elif n.exact in made:
            n.entity = made[n.exact]
        else:
            fields = {name: n.details[name] for name in DETAIL_FIELDS}
            n.entity = Entity(kind=n.item.kind, **fields, **n.keys)
            n.entity.to_compare = _may_match(n.entity)
            new.append(n)
            if n.exact:
                made[n.exact] = n.entity
    return new


def _links(concern, named: list[_Named], linked: set[int], *, by, now, at_filing):
    """The new links (not yet saved), each entity once, and those of them already filed."""
    links, known = [], []
    for n in named:
        if n.entity.pk in linked:
            continue  # named twice in one concern, or already named in it
        linked.add(n.entity.pk)
        links.append(
            EntityLink(
                entity=n.entity,
                concern=concern,
                child_id=concern.child_id,
                filed_at=concern.filed_at,
                role=n.item.role,
                named=n.named,
                added_by=by,
                added_at=now,
                at_filing=at_filing,
            )
        )
        if n.seen is not None:
            known.append(n)
    return links, known


class _Candidate(NamedTuple):
    """What probable_reason compares of an entity already filed."""

    id: int
    name: str
    alias: str
    approximate_age: int | None
    postcode_key: str


COMPARE_BATCH = 100  # entities compared in one transaction
COMPARE_BATCHES = 10  # at most, in one sweep: the solo worker has reminders to send too


def possible_matches_offer(*, batch: int = COMPARE_BATCH, batches: int = COMPARE_BATCHES) -> int:
    """The worker's sweep (beat, every REMINDER_SWEEP_SECONDS): compare each person or place
    named since the last one with those filed before it, and offer the leads the near ones it
    probably is. Batched, so a busy day's filings cost a few queries a hundred, not a few
    each inside their requests; and since the earlier ones are all in the database by then,
    two filings at once naming "Dazza" are put to the leads as well. Returns how many
    entities were compared.

    Each batch is claimed by locking its rows, skipping those another sweep holds (a second
    beat, a redelivered task), and is marked compared in the same transaction as its offers:
    compared once, offered once. The lock allows the links that filings add meanwhile."""
    compared = 0
    for _ in range(batches):
        with transaction.atomic():
            waiting = list(
                Entity.objects.select_for_update(skip_locked=True, no_key=True)
                .filter(to_compare=True)
                .order_by("id")[:batch]
            )
            if not waiting:
                break
            standing = [e for e in waiting if e.merged_into_id is None and _may_match(e)]
            _offer_possible_matches(standing, _candidates(standing))
            Entity.objects.filter(pk__in=[e.pk for e in waiting]).update(to_compare=False)
        compared += len(waiting)
    if compared:
        logger.info("entities compared count=%s", compared)
    return compared


def _may_match(entity: Entity) -> bool:
    return entity.kind in (Kind.PERSON, Kind.PLACE) and bool(entity.name_text)


def _sounds(entity: Entity) -> set[str]:
    """What its names sound like: its name's, and its other name's."""
    return {sound for sound in (entity.name_sound, entity.alias_sound) if sound}


def _near(entity: Entity) -> Q:
    """Entities worth comparing with a new one: a name or other name that sounds the same as
    one of its own (or, with no sound, the same name), or the same postcode."""
    sounds = _sounds(entity)
    if sounds:
        near = Q(name_sound__in=sounds) | Q(alias_sound__in=sounds)
    else:
        near = Q(name_text=entity.name_text)
    if entity.postcode_key:
        near |= Q(postcode_key=entity.postcode_key)
    return near


def _candidates(entities: list[Entity], *, older: bool = True) -> dict[int, list[_Candidate]]:
    """For each entity (by id), the latest CANDIDATES of its kind near it, filed before it
    unless `older` is False (an edited one): one query for them all, none when there are none."""
    queries = []
    for entity in entities:
        before = Q(pk__lt=entity.pk) if older else ~Q(pk=entity.pk)
        queries.append(
            Entity.objects.filter(_near(entity), before, kind=entity.kind, merged_into=None)
            .annotate(asked=Value(entity.pk))
            .values_list("asked", *_Candidate._fields)
            .order_by("-id")[:CANDIDATES]
        )
    found: dict[int, list[_Candidate]] = {}
    for asked, *values in rows_of_each(queries):
        found.setdefault(asked, []).append(_Candidate(*values))
    return found


def _offer_possible_matches(
    entities: list[Entity], candidates: dict[int, list[_Candidate]]
) -> None:
    """Offer each entity with the near ones it probably is (the latest OFFERS). A pair offered
    before, open or decided, is not put to the leads again."""
    offers = []
    for entity in entities:
        details = _details_of(entity)
        offered = 0
        for old in sorted(candidates.get(entity.pk, []), key=lambda c: -c.id):
            reason = probable_reason(entity.kind, details, old)
            if reason:
                offers.append(_pair(entity.pk, old.id, reason))
                offered += 1
                if offered == OFFERS:
                    break
    PossibleMatch.objects.bulk_create(offers, ignore_conflicts=True)


def _pair(one: int, other: int, reason: str) -> PossibleMatch:
    # The older entry first, as deciding "the same" keeps the first.
    first, second = sorted((one, other))
    return PossibleMatch(first_id=first, second_id=second, reason=reason)


def _alert_if_known(concern: Concern, known: list[_Named], now) -> None:
    """One alert per concern, naming the kind and id of each entity other concerns name, and
    whether another child's does (the dashboard's flag). How many concerns and children is
    counted by the sweep that sends it (alert_count). Never who or what: ids and kinds only."""
    seen = [(n, n.seen) for n in known if n.seen is not None]
    if not seen:
        return
    lines = [{"kind": n.item.kind, "entity": n.entity.pk} for n, _ in seen]
    flagged = any(s.other_child for _, s in seen)
    alert = EntityAlert(concern=concern, lines=lines, other_children=int(flagged), created_at=now)
    # One statement; a concern that somehow has its alert already keeps it.
    rows_insert([alert], ignore_conflicts=True)


def alert_count(alert: EntityAlert, *, standing: dict[int, int] | None = None) -> EntityAlert:
    """Count, for each entity an alert names, the other concerns naming it that were filed by
    the time its concern was, and their other children: what its email and the dashboard say.
    Not saved: alert_mark_sent writes the counts with the time the alert went. One query (two
    without `standing`, entries_standing's answer for its lines); a line's entity merged
    since is counted as the entry it was merged into."""
    if all("concerns" in line for line in alert.lines):
        return alert
    standing = standing if standing is not None else entries_standing(alert.lines)
    ids = [line["entity"] for line in alert.lines]
    counts = _counts_before(alert.concern, {standing.get(pk, pk) for pk in ids})
    none = {"concerns": 0, "children": 0}  # its concerns deleted since, at their retention's end
    alert.lines = [
        {**line, **counts.get(standing.get(line["entity"], line["entity"]), none)}
        for line in alert.lines
    ]
    alert.other_children = max(line["children"] for line in alert.lines)
    return alert


def entries_standing(lines: list[dict]) -> dict[int, int]:
    """For the entity of each of these alert lines, the entry it stands as now: itself, or
    the one it was merged into. One query for any number of alerts' lines."""
    ids = {line["entity"] for line in lines}
    merged = Entity.objects.filter(pk__in=ids).values_list("pk", "merged_into")
    return {pk: into or pk for pk, into in merged}


def _counts_before(concern: Concern, entity_ids: set[int]) -> dict[int, dict]:
    """For each entity, the concerns naming it filed by this one's time (but this one), and
    their children other than this one's."""
    rows = (
        EntityLink.objects.filter(entity_id__in=entity_ids, filed_at__lte=concern.filed_at)
        .exclude(concern_id=concern.pk)
        .values("entity_id")
        .annotate(
            concerns=Count("concern_id", distinct=True),
            children=Count("child_id", distinct=True, filter=~Q(child_id=concern.child_id)),
        )
        .order_by()
    )
    return {row.pop("entity_id"): row for row in rows}


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
    key_before = entity.exact_key
    with transaction.atomic():
        for name in changed:
            setattr(entity, name, details[name])
        for name, value in keys_for(entity.kind, _details_of(entity)).items():
            setattr(entity, name, value)
        entity.save()
        _offer_after_edit(entity, key_before=key_before, changed=changed)
        audit_record(
            action="entity.edited",
            actor=by,
            request=request,
            obj=entity,
            detail={"fields": changed},
        )
    return changed


# What an edit may change to make an entity like another person or place.
COMPARED_FIELDS = {"name", "alias", "approximate_age", "postcode"}
SAME_KEY: dict[str, str] = {
    Kind.VEHICLE: "The same registration",
    Kind.PHONE: "The same phone number",
    Kind.ACCOUNT: "The same account",
    Kind.PLACE: "The same name at the same postcode",
}


def _offer_after_edit(entity: Entity, *, key_before: str, changed: list[str]) -> None:
    """A lead's correction may make an entity the same as, or like, another filed before or
    after it (a mistyped registration put right): the leads are offered the pairs at once,
    never merged. A filing's entities wait for the sweep; an edit is one lead's, and rare."""
    if entity.merged_into_id is not None:
        return
    if _may_match(entity) and COMPARED_FIELDS.intersection(changed):
        _offer_possible_matches([entity], _candidates([entity], older=False))
    if entity.kind in SAME_KEY and entity.exact_key and entity.exact_key != key_before:
        same = (
            Entity.objects.filter(kind=entity.kind, exact_key=entity.exact_key, merged_into=None)
            .exclude(pk=entity.pk)
            .order_by("-id")
            .values_list("pk", flat=True)[:OFFERS]
        )
        pairs = [_pair(entity.pk, other, SAME_KEY[entity.kind]) for other in same]
        PossibleMatch.objects.bulk_create(pairs, ignore_conflicts=True)


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
        # Those merged into `merge` before point at `keep` too: every old address is one step
        # from the entry that stands, however many merges follow.
        Entity.objects.filter(Q(pk=merge.pk) | Q(merged_into=merge)).update(
            merged_into=keep, updated_at=timezone.now()
        )
        PossibleMatch.objects.filter(
            Q(first=merge) | Q(second=merge), status=PossibleMatch.Status.OPEN
        ).filter(Q(first=keep) | Q(second=keep)).update(
            status=PossibleMatch.Status.MERGED, decided_by=by, decided_at=timezone.now()
        )
        _matches_follow(merge, keep)
        audit_record(
            action="entity.merged",
            actor=by,
            request=request,
            obj=keep,
            detail={"kept": keep.pk, "merged": merge.pk, "links_moved": moved},
        )
    return keep


def _matches_follow(merge: Entity, keep: Entity) -> None:
    """`merge` is `keep` now: its open pairs with other entries become `keep`'s, so that no
    pair left to decide names an entry that no longer stands alone (deciding it would be
    refused for good). Where `keep` already has a pair with that entry, open or decided, the
    pair is not put to the leads a second time."""
    open_pairs = PossibleMatch.objects.filter(
        Q(first=merge) | Q(second=merge), status=PossibleMatch.Status.OPEN
    )
    kept_pairs = PossibleMatch.objects.filter(Q(first=keep) | Q(second=keep))
    paired = {pk for pair in kept_pairs.values_list("first_id", "second_id") for pk in pair}
    for match in open_pairs:
        other = match.second_id if match.first_id == merge.pk else match.first_id
        if other in paired:
            match.delete()
            continue
        paired.add(other)
        # The older entry first, as filing makes them: deciding "the same" keeps the first.
        match.first_id, match.second_id = sorted((keep.pk, other))
        match.save(update_fields=["first", "second"])


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


def alert_mark_sent(*, alert: EntityAlert, now) -> None:
    """Sent, with the counts it said (alert_count): the dashboard shows them from now on."""
    EntityAlert.objects.filter(pk=alert.pk, sent_at__isnull=True).update(
        sent_at=now, lines=alert.lines, other_children=alert.other_children
    )


def children_changed(sender, *, child_ids: list[int], **kwargs) -> None:
    """Child records were merged, or a merge undone (concerns.extensions' signal): their
    concerns' links follow the concerns to their child now, and their clusters may have
    joined or parted."""
    labels = clusters.labels_of(child_ids=child_ids)  # before the links move
    child_now = Concern.objects.filter(pk=OuterRef("concern_id")).values("child_id")[:1]
    moved = EntityLink.objects.filter(child_id__in=child_ids)
    moved.update(child_id=Subquery(child_now))
    clusters.relabel(labels)
