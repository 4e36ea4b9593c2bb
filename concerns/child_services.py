"""Writes to child records: matching at filing, possible matches, merging and undoing a merge.

A wrong automatic link mixes two children's records, so only the rules in matching.certain
link without a person; anything merely alike becomes a PossibleMatch for the leads."""

import dataclasses
import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Value
from django.utils import timezone

from audit.services import audit_record
from common.queries import rows_of_each

from . import extensions, matching
from .children import match_key
from .models import Child, ChildMerge, Concern, PossibleMatch

CANDIDATE_LIMIT = 100
# Identity fields a merge fills on the kept record where it has nothing and the other has.
FILLABLE = (
    "date_of_birth",
    "gender",
    "gender_description",
    "nhs_number",
    "upn",
    "postcode",
    "address",
    "carers",
    "ethnicity",
    "known_to_social_care",
    "other_agencies",
    "school",
)


class MergeRefused(Exception):
    """A merge, undo or dismissal that was not made, with a plain-English message."""


@dataclass(frozen=True)
class ChildIdentity:
    """What a concern says about who the child is."""

    first_name: str
    last_name: str
    date_of_birth: datetime.date | None
    age_years: int
    gender: str = ""
    gender_description: str = ""
    nhs_number: str = ""
    upn: str = ""
    postcode: str = ""
    address: str = ""
    carers: list = field(default_factory=list)
    ethnicity: str = ""
    known_to_social_care: str = ""
    other_agencies: list = field(default_factory=list)
    school: str = ""


def birth_year(date_of_birth, age_years: int, today: datetime.date) -> int:
    if date_of_birth is not None:
        return date_of_birth.year
    # Someone of `age` on `today` was born this many years ago or one more: take the likelier.
    return today.year - age_years - (1 if today.month < 7 else 0)


# What matching reads of a record: matching.Identity's fields, each a Child column of the same
# name. A filing compares its child with up to CANDIDATE_LIMIT others, so it reads these
# columns, not whole records.
IDENTITY_COLUMNS = tuple(column.name for column in dataclasses.fields(matching.Identity))


def identity_of(child: Child) -> matching.Identity:
    return matching.Identity(**{name: getattr(child, name) for name in IDENTITY_COLUMNS})


def _identity(details: ChildIdentity, year: int) -> matching.Identity:
    return matching.Identity(
        first_name=details.first_name,
        last_name=details.last_name,
        date_of_birth=details.date_of_birth,
        birth_year=year,
        nhs_number=details.nhs_number,
        upn=details.upn,
        postcode=details.postcode,
        school=details.school,
        gender=details.gender,
    )


def candidates_for(
    identity: matching.Identity, exclude_id: int | None = None
) -> list[tuple[int, matching.Identity]]:
    """(id, identity) of up to CANDIDATE_LIMIT children that share a blocking key with
    `identity`, in one query (PostgreSQL), each part an index range. The narrow blocks (the
    same numbers, names that sound alike, the birthday, the postcode, swapped names) come
    first and the broad ones (a surname or first name in the same years) fill what room is
    left, so a common surname never crowds an alike record out."""
    found = Child.objects.filter(merged_into__isnull=True)
    if exclude_id is not None:
        found = found.exclude(pk=exclude_id)
    # UNION ALL keeps no order between its parts: each row says which part it came from.
    parts = [
        found.filter(block)
        .annotate(part=Value(n))
        .values_list("pk", *IDENTITY_COLUMNS, "part")[:CANDIDATE_LIMIT]
        for n, block in enumerate(_blocks(identity))
    ]
    chosen: dict[int, matching.Identity] = {}
    for pk, *values, _ in sorted(rows_of_each(parts), key=lambda row: row[-1]):
        chosen.setdefault(pk, matching.Identity(*values))
    return list(chosen.items())[:CANDIDATE_LIMIT]


def _blocks(identity: matching.Identity) -> list[Q]:
    keys = matching.keys_for(identity.first_name, identity.last_name, identity.postcode)
    narrow = Q(name_pair_key=keys.name_pair_key)
    broad = None
    if identity.nhs_number:
        narrow |= Q(nhs_number=identity.nhs_number)
    if identity.upn:
        narrow |= Q(upn=identity.upn)
    if identity.date_of_birth:
        for key in (keys.first_key, keys.last_key):
            narrow |= Q(date_of_birth=identity.date_of_birth, first_key=key)
            narrow |= Q(date_of_birth=identity.date_of_birth, last_key=key)
    if keys.postcode_key:
        narrow |= Q(postcode_key=keys.postcode_key, first_key=keys.first_key)
    if identity.birth_year:
        years = [identity.birth_year - 1, identity.birth_year, identity.birth_year + 1]
        narrow |= Q(last_norm=keys.first_norm, birth_year__in=years)  # swapped round
        narrow |= Q(first_norm=keys.last_norm, birth_year__in=years)
        broad = (
            Q(last_norm=keys.last_norm, birth_year__in=years)
            | Q(first_norm=keys.first_norm, birth_year__in=years)
            | Q(last_key=keys.last_key, birth_year__in=years)
        )
    return [narrow] if broad is None else [narrow, broad]


def child_match_or_create(*, details: ChildIdentity, today: datetime.date) -> Child:
    """The child record for a concern being filed (inside the filing's transaction). A certain
    match is linked; otherwise a new record, with any alike records put to the leads."""
    year = birth_year(details.date_of_birth, details.age_years, today)
    identity = _identity(details, year)
    candidates = candidates_for(identity)
    certain = [pk for pk, known in candidates if matching.certain(identity, known)]
    if certain:
        child = Child.objects.get(pk=min(certain))
        _add_what_is_new(child, details)
        return child
    child = Child.objects.create(**_columns(details, year))
    pairs = []
    for pk, known in candidates:
        comparison = matching.possible(known, identity)
        if comparison is not None:
            pairs.append(_pair(pk, child.pk, comparison, "filing"))
    # One statement however many: the new record is in no pair yet, so none can conflict.
    PossibleMatch.objects.bulk_create(pairs)
    return child


def _columns(details: ChildIdentity, year: int) -> dict:
    keys = matching.keys_for(details.first_name, details.last_name, details.postcode)
    return {
        "first_name": details.first_name,
        "last_name": details.last_name,
        "date_of_birth": details.date_of_birth,
        "gender": details.gender,
        "gender_description": details.gender_description,
        "nhs_number": details.nhs_number,
        "upn": details.upn,
        "postcode": details.postcode,
        "address": details.address,
        "carers": list(details.carers),
        "ethnicity": details.ethnicity,
        "known_to_social_care": details.known_to_social_care,
        "other_agencies": list(details.other_agencies),
        "school": details.school,
        "match_key": match_key(details.first_name, details.last_name, details.date_of_birth),
        "birth_year": year,
        **keys.__dict__,
    }


def _add_what_is_new(child: Child, details: ChildIdentity) -> None:
    """A linked concern fills what the record lacked; the school is the latest given."""
    changes = {}
    for name in FILLABLE:
        given = getattr(details, name, None)
        if given and not getattr(child, name):
            changes[name] = list(given) if isinstance(given, list | tuple) else given
    if details.school and details.school != child.school:
        changes["school"] = details.school
    if "postcode" in changes:
        changes["postcode_key"] = matching.postcode_key(changes["postcode"])
    if changes:
        Child.objects.filter(pk=child.pk).update(**changes)


def _pair(one_id: int, other_id: int, comparison, found_by: str) -> PossibleMatch:
    first, second = sorted((one_id, other_id))
    return PossibleMatch(
        child_a_id=first,
        child_b_id=second,
        weight=comparison.weight,
        levels=comparison.levels,
        found_by=found_by,
        found_at=timezone.now(),
    )


def possible_match_record(*, one: Child, other: Child, comparison, found_by: str):
    """Put a pair to the leads, once: a pair already seen (open or decided) is left alone."""
    try:
        with transaction.atomic():
            pair = _pair(one.pk, other.pk, comparison, found_by)
            pair.save()
            return pair
    except IntegrityError:
        return None


# --- a lead's decisions ----------------------------------------------------------------------


def _decide_pair(match_id: int, status: str, reason: str, by) -> PossibleMatch:
    """Claim an open pair by one conditional update: of two leads deciding at once, one wins."""
    changed = PossibleMatch.objects.filter(pk=match_id, status=PossibleMatch.Status.OPEN).update(
        status=status, decided_by=by, decided_at=timezone.now(), reason=reason
    )
    if changed == 0:
        raise MergeRefused("Someone has already decided about this pair. Nothing was changed.")
    return PossibleMatch.objects.get(pk=match_id)


def possible_match_dismiss(*, match_id: int, reason: str, by, request=None) -> PossibleMatch:
    with transaction.atomic():
        match = _decide_pair(match_id, PossibleMatch.Status.DISMISSED, reason, by)
        audit_record(
            action="child.match_dismissed",
            actor=by,
            request=request,
            obj=match.child_a,
            detail={"other_child": match.child_b_id},
        )
    return match


def possible_match_confirm(*, match_id: int, reason: str, by, request=None) -> ChildMerge:
    """The same child: merge the newer record into the older."""
    with transaction.atomic():
        match = _decide_pair(match_id, PossibleMatch.Status.MERGED, reason, by)
        return child_merge(
            kept_id=match.child_a_id,
            merged_id=match.child_b_id,
            reason=reason,
            by=by,
            request=request,
            possible_match=match,
        )


def child_merge(
    *, kept_id: int, merged_id: int, reason: str, by, request=None, possible_match=None
) -> ChildMerge:
    """Join two child records: the merged record's concerns move to the kept one, which gains
    what it lacked. The merged record stays, marked, so that the merge can be undone."""
    if kept_id == merged_id:
        raise MergeRefused("These are the same record. Choose a different child record.")
    with transaction.atomic():
        kept, merged = _lock_children(kept_id, merged_id)
        concern_ids = list(Concern.objects.filter(child=merged).values_list("pk", flat=True))
        Concern.objects.filter(pk__in=concern_ids).update(child=kept)
        extensions.children_changed.send(Child, child_ids=[kept.pk, merged.pk])
        filled = _fill_blanks(kept, merged)
        Child.objects.filter(pk=merged.pk).update(merged_into=kept)
        merge = ChildMerge.objects.create(
            kept=kept,
            merged=merged,
            concern_ids=concern_ids,
            filled=filled,
            possible_match=possible_match,
            reason=reason,
            by=by,
            at=timezone.now(),
        )
        audit_record(
            action="child.merged",
            actor=by,
            request=request,
            obj=kept,
            detail={"merged_child": merged.pk, "merge": merge.pk},
        )
    return merge


def _lock_children(kept_id: int, merged_id: int) -> tuple[Child, Child]:
    # Locked in id order, so two merges of the same pair wait for each other, never deadlock.
    rows = {
        c.pk: c
        for c in Child.objects.select_for_update()
        .filter(pk__in=[kept_id, merged_id])
        .order_by("pk")
    }
    if len(rows) != 2:
        raise MergeRefused("There is no child record with that number.")
    kept, merged = rows[kept_id], rows[merged_id]
    if kept.merged_into_id or merged.merged_into_id:
        raise MergeRefused(
            "One of these records has already been merged into another. Open that one instead."
        )
    return kept, merged


def _fill_blanks(kept: Child, merged: Child) -> dict:
    """Fill the kept record's empty fields from the merged one; return what they were."""
    filled, changes = {}, {}
    for name in FILLABLE:
        theirs, ours = getattr(merged, name), getattr(kept, name)
        if theirs and not ours:
            filled[name] = ours if name != "date_of_birth" else None
            changes[name] = theirs
    if "postcode" in changes:
        changes["postcode_key"] = matching.postcode_key(changes["postcode"])
    if "date_of_birth" in changes:
        changes["birth_year"] = changes["date_of_birth"].year
        filled["birth_year"] = kept.birth_year
    if changes:
        Child.objects.filter(pk=kept.pk).update(**changes)
    return filled


def child_merge_undo(*, merge_id: int, reason: str, by, request=None) -> ChildMerge:
    """Put both records back as they were. Concerns filed since the merge stay with the kept
    record: they were filed about it."""
    with transaction.atomic():
        merge = ChildMerge.objects.select_for_update().filter(pk=merge_id).first()
        if merge is None or merge.undone_at is not None:
            raise MergeRefused("This merge has already been undone. Nothing was changed.")
        kept = Child.objects.select_for_update().get(pk=merge.kept_id)
        if kept.merged_into_id:
            raise MergeRefused(
                "The kept record has since been merged into another. Undo that merge first."
            )
        Concern.objects.filter(pk__in=merge.concern_ids, child=kept).update(child=merge.merged_id)
        extensions.children_changed.send(Child, child_ids=[kept.pk, merge.merged_id])
        if merge.filled:
            Child.objects.filter(pk=kept.pk).update(**_restored(merge.filled))
        Child.objects.filter(pk=merge.merged_id).update(merged_into=None)
        ChildMerge.objects.filter(pk=merge.pk).update(
            undone_at=timezone.now(), undone_by=by, undo_reason=reason
        )
        if merge.possible_match_id:
            PossibleMatch.objects.filter(pk=merge.possible_match_id).update(
                status=PossibleMatch.Status.DISMISSED, reason=reason
            )
        audit_record(
            action="child.merge_undone",
            actor=by,
            request=request,
            obj=kept,
            detail={"merged_child": merge.merged_id, "merge": merge.pk},
        )
    merge.refresh_from_db()
    return merge


def _restored(filled: dict) -> dict:
    values = dict(filled)
    if "postcode" in values:
        values["postcode_key"] = matching.postcode_key(values["postcode"])
    return values


# --- the nightly look for duplicates ---------------------------------------------------------

# The blocking rules: children sharing all of one rule's columns are compared, pair by pair.
BLOCKS = (
    ("name_pair_key",),
    ("nhs_number",),
    ("upn",),
    ("last_norm", "birth_year"),
    ("first_norm", "birth_year"),
    ("date_of_birth", "first_key"),
    ("date_of_birth", "last_key"),
    ("postcode_key", "first_key"),
)
GROUP_LIMIT = 50  # a block this big is a common name, not a child: compare its newest only


def possible_duplicates_find() -> int:
    """Compare children who share a blocking key (never all pairs); put alike pairs to the
    leads. Returns how many new pairs were found."""
    found = 0
    for columns in BLOCKS:
        for group in _groups(columns):
            found += _compare_group(group)
    return found


def _groups(columns: tuple[str, ...]):
    live = Child.objects.filter(merged_into__isnull=True)
    for column in columns:
        empty = None if column in ("date_of_birth", "birth_year") else ""
        live = live.exclude(**{f"{column}__isnull": True} if empty is None else {column: ""})
    shared = live.values(*columns).annotate(n=Count("id")).filter(n__gt=1).order_by()
    for values in shared.iterator():
        values.pop("n")
        yield list(live.filter(**values).order_by("-pk")[:GROUP_LIMIT])


def _compare_group(children: list[Child]) -> int:
    found = 0
    known = [(child, identity_of(child)) for child in children]
    for i, (one, mine) in enumerate(known):
        for other, theirs in known[i + 1 :]:
            comparison = matching.possible(mine, theirs)
            if comparison is not None and possible_match_record(
                one=one, other=other, comparison=comparison, found_by="nightly"
            ):
                found += 1
    return found
