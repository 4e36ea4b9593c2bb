"""Reads about child records for safeguarding leads: possible matches, search, the summary on
a concern page, the chronology's events and what a merge would re-screen. Lead-only: no
practitioner-facing page calls these."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from rapidfuzz import fuzz

from audit.models import AuditEvent
from indicators.scoring import Band, ChildFacts, Item, score

from . import matching
from .child_services import candidates_for, identity_of
from .children import normalise_name
from .models import Addendum, BandOverride, Child, ChildMerge, Concern, PossibleMatch

# --- possible matches ------------------------------------------------------------------------


def possible_matches_open(*, offset: int, limit: int) -> list[PossibleMatch]:
    """Open pairs, likeliest first, where neither record has since been merged away."""
    return list(
        PossibleMatch.objects.filter(
            status=PossibleMatch.Status.OPEN,
            child_a__merged_into__isnull=True,
            child_b__merged_into__isnull=True,
        )
        .select_related("child_a", "child_b")
        .order_by("-weight", "id")[offset : offset + limit]
    )


def possible_match_get(*, match_id: int) -> PossibleMatch | None:
    return PossibleMatch.objects.select_related("child_a", "child_b").filter(pk=match_id).first()


@dataclass(frozen=True)
class CompareRow:
    label: str
    one: str
    other: str
    differs: bool


def compare_rows(one: Child, other: Child) -> list[CompareRow]:
    """The two records side by side, with what differs marked."""
    facts = _record_facts([one, other])
    rows = []
    for label in facts[one.pk]:
        a, b = facts[one.pk][label], facts[other.pk][label]
        rows.append(CompareRow(label, a, b, differs=_differs(a, b)))
    return rows


def _differs(a: str, b: str) -> bool:
    return bool(a and b) and normalise_name(a) != normalise_name(b)


def _record_facts(children: list[Child]) -> dict[int, dict[str, str]]:
    latest = _latest_concerns(children)
    return {child.pk: _facts(child, latest.get(child.pk)) for child in children}


def _facts(child: Child, latest: dict | None) -> dict[str, str]:
    latest = latest or {}
    return {
        "First name": child.first_name,
        "Last name": child.last_name,
        "Date of birth": child.date_of_birth.strftime("%-d %B %Y") if child.date_of_birth else "",
        "Born in (or about)": str(child.birth_year or ""),
        "Gender": child.gender_display,
        "NHS number": child.nhs_number,
        "Unique pupil number": child.upn,
        "School or setting": child.school,
        "Postcode": child.postcode,
        "Address": child.address,
        "Ethnicity": child.ethnicity,
        "Concerns": str(latest.get("count", 0)),
        "Latest concern": latest["last"].strftime("%-d %B %Y") if latest.get("last") else "",
    }


def _latest_concerns(children: list[Child]) -> dict[int, dict]:
    rows = (
        Concern.objects.filter(child__in=children)
        .values("child_id")
        .annotate(count=Count("id"), last=Max("filed_at"))
        .order_by()
    )
    return {row["child_id"]: row for row in rows}


# --- finding a child -------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchCriteria:
    name: str = ""
    date_of_birth: datetime.date | None = None
    age: int | None = None
    school: str = ""
    postcode: str = ""
    nhs_number: str = ""
    upn: str = ""
    today: datetime.date | None = None


SEARCH_LIMIT = 50


def child_search(*, criteria: SearchCriteria) -> list[Child]:
    """Children matching what the lead typed, best first. Every part is an indexed lookup;
    names are found by their sound and normalised spelling, then ranked by similarity."""
    found = Child.objects.filter(_search_filter(criteria), merged_into__isnull=True)
    rows = list(found[: SEARCH_LIMIT * 4])
    if criteria.name:
        rows.sort(key=lambda child: -fuzz.token_sort_ratio(criteria.name, child.full_name))
    return rows[:SEARCH_LIMIT]


def _search_filter(criteria: SearchCriteria) -> Q:
    query = Q()
    if criteria.nhs_number:
        query &= Q(nhs_number=criteria.nhs_number)
    if criteria.upn:
        query &= Q(upn=criteria.upn.upper())
    if criteria.date_of_birth:
        query &= Q(date_of_birth=criteria.date_of_birth)
    if criteria.age is not None and criteria.today:
        year = criteria.today.year - criteria.age
        query &= Q(birth_year__in=[year - 2, year - 1, year])
    if criteria.postcode:
        query &= Q(postcode_key=matching.postcode_key(criteria.postcode))
    if criteria.school:
        query &= Q(school__iexact=criteria.school.strip())
    if criteria.name:
        query &= _name_filter(criteria.name)
    return query


def _name_filter(name: str) -> Q:
    """Each word may be a first or last name, spelt as typed or sounding alike."""
    words = [normalise_name(word) for word in name.split()]
    query = Q()
    for word in (w for w in words if w):
        key = matching.phonetic(word)
        query &= Q(first_norm=word) | Q(last_norm=word) | Q(first_key=key) | Q(last_key=key)
    return query


# --- a concern page's child summary ----------------------------------------------------------


def child_summary(*, concern: Concern) -> dict:
    """The child's other concerns (count, highest band, latest), any open referral, and
    whether the joined history would lift a band. Three queries."""
    others = Concern.objects.filter(child_id=concern.child_id).exclude(pk=concern.pk)
    counts = others.aggregate(count=Count("id"), highest=Max("band"), latest=Max("filed_at"))
    open_referral = (
        Concern.objects.filter(child_id=concern.child_id, referral__isnull=False)
        .exclude(referral__status__in=["closed", "outcome_recorded"])
        .select_related("referral")
        .order_by("-filed_at")
        .first()
    )
    return {
        "child_id": concern.child_id,
        "other_count": counts["count"],
        "highest": Band(counts["highest"]).label if counts["highest"] is not None else "",
        "latest": counts["latest"],
        "open_referral": open_referral,
        "rescreen": rescreen_suggestions(child_id=concern.child_id),
    }


# --- re-screening after a merge --------------------------------------------------------------


@dataclass(frozen=True)
class Rescreen:
    concern: Concern
    band: Band  # what the joined history would have given
    because: str
    reason: str  # filled in for the override


def rescreen_suggestions(*, child_id: int) -> list[Rescreen]:
    """Concerns whose band the child's whole history would have lifted, had it been known
    when they were filed (the repeat floor). Only for records that have had a merge."""
    if not ChildMerge.objects.filter(kept_id=child_id, undone_at__isnull=True).exists():
        return []
    concerns = list(
        Concern.objects.filter(child_id=child_id)
        .select_related("policy")
        .prefetch_related("answers")
        .order_by("filed_at", "id")
    )
    suggestions = []
    for concern in concerns:
        lifted = _rescored(concern, concerns)
        if lifted is not None:
            suggestions.append(lifted)
    return suggestions


def _rescored(concern: Concern, history: list[Concern]) -> Rescreen | None:
    policy = concern.policy.as_policy()
    since = concern.filed_at - datetime.timedelta(days=policy.repeat_days)
    recent = sum(
        1
        for other in history
        if other.pk != concern.pk and since <= other.filed_at <= concern.filed_at
    )
    answers = list(concern.answers.all())
    result = score(
        items=[Item(key=a.key, text=a.text, weight=a.weight, kind=a.kind) for a in answers],
        answers={a.key: a.answer for a in answers},
        child=ChildFacts(
            age_years=concern.age_years,
            learning_disability=concern.learning_disability,
            looked_after=concern.looked_after,
        ),
        disclosure=concern.disclosure,
        immediate_risk=concern.immediate_risk,
        recent_concerns=recent,
        policy=policy,
    )
    if result.band <= concern.band:
        return None
    because = " ".join(floor.description for floor in result.floors if floor.code == "repeat")
    because = because or "The joined history changes the score."
    reason = (
        "Re-screened after child records were merged: with the child's joined history, "
        f"{because[0].lower()}{because[1:]}"
    )
    return Rescreen(concern=concern, band=result.band, because=because, reason=reason)


# --- the chronology --------------------------------------------------------------------------

KINDS = {
    "concern": "Concerns",
    "addendum": "Additions",
    "decision": "Decisions",
    "band": "Band changes",
    "referral": "Referral steps",
    "merge": "Merges",
}
DECISIONS = {
    "concern.monitoring": "Monitoring",
    "concern.closed": "Closed with no further action",
    "concern.referred": "Referred by a safeguarding lead",
}


@dataclass(frozen=True)
class Event:
    at: datetime.datetime
    kind: str
    title: str
    detail: str = ""
    reference: str = ""

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


def child_events(*, child: Child, kinds: set[str] | None = None) -> list[Event]:
    """Everything that happened about a child, oldest first. A fixed number of queries."""
    wanted = kinds or set(KINDS)
    concerns = list(
        Concern.objects.filter(child=child)
        .select_related("referral", "referral__outcome")
        .only(
            "id",
            "reference",
            "filed_at",
            "band",
            "scored_band",
            "status",
            "child_id",
            "referral",
        )
    )
    by_id = {concern.pk: concern for concern in concerns}
    events = []
    readers = {
        "concern": _concern_events,
        "addendum": _addendum_events,
        "decision": _decision_events,
        "band": _band_events,
        "referral": _referral_events,
    }
    for kind, reader in readers.items():
        if kind in wanted:
            events += reader(by_id)
    if "merge" in wanted:
        events += _merge_events(child)
    return sorted(events, key=lambda event: event.at)


def _concern_events(by_id) -> list[Event]:
    return [
        Event(
            c.filed_at,
            "concern",
            "Concern filed",
            f"Scored {c.get_scored_band_display()}",
            c.reference,
        )
        for c in by_id.values()
    ]


def _addendum_events(by_id) -> list[Event]:
    rows = Addendum.objects.filter(concern_id__in=by_id).only("concern_id", "created_at")
    return [
        Event(a.created_at, "addendum", "Addition made", "", by_id[a.concern_id].reference)
        for a in rows
    ]


def _decision_events(by_id) -> list[Event]:
    rows = AuditEvent.objects.filter(
        object_type="concern", object_id__in=list(by_id), action__in=list(DECISIONS)
    ).only("object_id", "action", "at", "actor_username")
    return [
        Event(
            e.at,
            "decision",
            DECISIONS[e.action],
            f"by {e.actor_username}",
            by_id[e.object_id].reference,
        )
        for e in rows
    ]


def _band_events(by_id) -> list[Event]:
    rows = BandOverride.objects.filter(concern_id__in=by_id).select_related("by")
    return [
        Event(
            o.at,
            "band",
            f"Band changed from {o.get_from_band_display()} to {o.get_to_band_display()}",
            o.reason,
            by_id[o.concern_id].reference,
        )
        for o in rows
    ]


def _referral_events(by_id) -> list[Event]:
    events = []
    for concern in by_id.values():
        referral = getattr(concern, "referral", None)
        if referral is None:
            continue
        steps = [
            (referral.created_at, "Referral opened", ""),
            (referral.acknowledged_at, "Referral acknowledged", ""),
            (
                referral.contacted_at,
                f"{referral.get_contacted_hub_display()} contacted",
                referral.hub_reference,
            ),
            (
                referral.outcome_at,
                "Outcome recorded",
                referral.outcome.name if referral.outcome else "",
            ),
            (referral.closed_at, "Referral closed", ""),
        ]
        events += [
            Event(at, "referral", title, detail, concern.reference)
            for at, title, detail in steps
            if at is not None
        ]
    return events


def _merge_events(child: Child) -> list[Event]:
    rows = ChildMerge.objects.filter(Q(kept=child) | Q(merged=child)).select_related("by")
    events = []
    for merge in rows:
        other = merge.merged_id if merge.kept_id == child.pk else merge.kept_id
        events.append(Event(merge.at, "merge", f"Merged with child record {other}", merge.reason))
        if merge.undone_at:
            events.append(
                Event(
                    merge.undone_at,
                    "merge",
                    f"Merge with child record {other} undone",
                    merge.undo_reason,
                )
            )
    return events


def merges_of(*, child: Child) -> list[ChildMerge]:
    return list(ChildMerge.objects.filter(Q(kept=child) | Q(merged=child)).select_related("by"))


def likely_matches_for(*, child: Child) -> list[tuple[Child, matching.Comparison]]:
    """Other records alike enough to be the same child (for the lead's merge page)."""
    mine = identity_of(child)
    found = {}
    for pk, other in candidates_for(mine, exclude_id=child.pk):
        comparison = matching.possible(mine, other)
        if comparison is not None:
            found[pk] = comparison
    records = Child.objects.in_bulk(list(found))  # whole records for the few that are alike
    return sorted(
        [(records[pk], comparison) for pk, comparison in found.items()],
        key=lambda pair: -pair[1].weight,
    )
