"""The benchmark's concerns and their answers: timeline, references, scores and decisions."""

import datetime
import random
import uuid
from dataclasses import dataclass

from concerns.children import age_on
from concerns.models import Concern, ReferenceCounter
from referrals.hours import LONDON

from . import pgcopy
from .people import SeedChild, Staff
from .plan import NARRATIVES, NOTES, STATUS_REASONS
from .scoring import Pattern, Scored, Scorer
from .timeline import concern_times

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
ANSWER_WORDS = ("no", "possible", "yes")


@dataclass(slots=True)
class SeedConcern:
    id: int
    reference: str
    child: SeedChild
    filed_by: int
    filed_at: datetime.datetime
    age_years: int
    pattern: Pattern
    scored: Scored
    status: str = Concern.Status.NEW
    status_reason: str = ""
    status_changed_at: datetime.datetime | None = None
    status_changed_by: int | None = None
    review_date: datetime.date | None = None
    filed_iso: str = ""

    @property
    def urgent(self) -> bool:
        return self.scored.band >= 3


def filing_order(children, count: int, scorer: Scorer, rng: random.Random, now) -> list:
    """(filed_at, child, other concerns about the child in the repeat window before) for every
    concern, oldest first: ids and references follow filing order."""
    times = concern_times(children, count, rng, now)
    window = datetime.timedelta(days=scorer.policy.repeat_days)
    return sorted(_timeline(children, times, window), key=lambda entry: entry[0])


def make_concerns(timeline: list, staff: Staff, scorer: Scorer, numbers, rng, now):
    """The concerns of one stretch of `filing_order`, numbered on from those already loaded."""
    filers = rng.choices(staff.practitioners, k=len(timeline))
    first_id = pgcopy.next_id("concerns_concern")
    concerns = []
    for offset, (filed_at, child, recent) in enumerate(timeline):
        age = _age(child, filed_at)
        pattern, scored = scorer.pick(
            young=age < scorer.policy.young_age, ld=child.learning_disability, recent=recent
        )
        concern = SeedConcern(
            id=first_id + offset,
            reference=numbers.take(filed_at),
            child=child,
            filed_by=filers[offset],
            filed_at=filed_at,
            age_years=age,
            pattern=pattern,
            scored=scored,
            filed_iso=filed_at.isoformat(),
        )
        _decide(concern, staff, rng, now)
        concerns.append(concern)
    return concerns


def _timeline(children: list[SeedChild], times: dict, window: datetime.timedelta):
    """(filed_at, child, other concerns about the child within `window` before) per concern."""
    for child in children:
        filed = sorted(times[child.id])
        earliest = 0
        for index, at in enumerate(filed):
            while at - filed[earliest] > window:
                earliest += 1
            yield at, child, index - earliest


def _age(child: SeedChild, filed_at: datetime.datetime) -> int:
    if child.date_of_birth is not None:
        return age_on(child.date_of_birth, filed_at.astimezone(LONDON).date())
    years = (filed_at - child.first_at).total_seconds() / (365.25 * 86400)
    return int(child.age_at_start + years)


def _decide(concern: SeedConcern, staff: Staff, rng: random.Random, now) -> None:
    """Urgent concerns are referred. The rest are reviewed within a day or two, as monitoring
    or closed; today's (and a few overdue ones) still await review."""
    if concern.urgent:
        concern.status = Concern.Status.REFERRED
        return
    age = now - concern.filed_at
    if age < DAY or (age < 10 * DAY and rng.random() < 0.05):
        return
    changed = concern.filed_at + HOUR + rng.random() * min(2 * DAY, age - HOUR)
    monitoring_share = 0.1 if age > 180 * DAY else 0.4
    if rng.random() < monitoring_share:
        concern.status = Concern.Status.MONITORING
        concern.review_date = concern.filed_at.astimezone(LONDON).date() + 91 * DAY
    else:
        concern.status = Concern.Status.CLOSED
    concern.status_reason = rng.choice(STATUS_REASONS)
    concern.status_changed_at = changed
    concern.status_changed_by = rng.choice(staff.leads)[0]


class NextReference:
    """Hands out CSE-<year>-<n> numbers in filing order and records the last one per year,
    so concerns filed after seeding carry on from there."""

    def __init__(self):
        self.last = dict(ReferenceCounter.objects.values_list("year", "last"))

    def take(self, filed_at: datetime.datetime) -> str:
        year = filed_at.astimezone(LONDON).year
        self.last[year] = self.last.get(year, 0) + 1
        return f"CSE-{year}-{self.last[year]:06d}"

    def save(self) -> None:
        for year, last in self.last.items():
            ReferenceCounter.objects.update_or_create(year=year, defaults={"last": last})


CONCERN_COLUMNS = [
    "id", "reference", "submission_token", "filed_by_id", "filed_at", "age_years", "narrative",
    "child_id", "age_is_approximate", "school", "area", "learning_disability", "looked_after",
    "disclosure", "immediate_risk", "total", "scored_band", "band", "explanation",
    "policy_id", "status", "status_reason", "status_changed_at", "status_changed_by_id",
    "review_date", "reviewed_at",
]  # fmt: skip


def copy_concerns(concerns: list[SeedConcern], policy_id: int, rng: random.Random) -> int:
    """The parts shared by many rows (the child's, the score's) are formatted once each."""
    narratives = [pgcopy.text(narrative) for narrative in NARRATIVES]
    child_text = {}
    undecided = {
        status: pgcopy.line(policy_id, status.value, "", None, None, None, None)
        for status in (Concern.Status.NEW, Concern.Status.REFERRED)
    }

    def lines():
        for c in concerns:
            child = c.child
            if child.id not in child_text:
                child_text[child.id] = child.copy_text
            if c.status_changed_at is None:
                decision = undecided[c.status]
            else:
                decision = pgcopy.line(
                    policy_id, c.status, c.status_reason, c.status_changed_at,
                    c.status_changed_by, c.review_date, c.status_changed_at,
                )  # fmt: skip
            yield (
                f"{c.id}\t{c.reference}\t{uuid.uuid4()}\t{c.filed_by}\t{c.filed_iso}\t"
                f"{c.age_years}\t{rng.choice(narratives)}\t{child_text[child.id]}\t"
                f"{c.scored.copy_text}\t{decision}"
            )

    count = pgcopy.copy_lines("concerns_concern", CONCERN_COLUMNS, lines())
    pgcopy.sync_sequence("concerns_concern")
    return count


ANSWER_COLUMNS = [
    "concern_id", "indicator_id", "indicator_version", "key", "kind", "text", "weight", "answer",
    "note", "order",
]  # fmt: skip


def copy_answers(concerns: list[SeedConcern], scorer: Scorer, rng: random.Random) -> int:
    """Fourteen rows a concern: each indicator with the wording and weight it was answered
    against. The constant part of each row is built once."""
    middles = [
        "\t" + pgcopy.line(ind.pk, ind.version, ind.key, ind.kind, ind.text, ind.weight)[:-1] + "\t"
        for ind in scorer.indicators
    ]
    notes = [pgcopy.text(note) for note in NOTES]

    def lines():
        for c in concerns:
            prefix = str(c.id)
            for order, (middle, code) in enumerate(zip(middles, c.pattern.answers, strict=True)):
                note = rng.choice(notes) if code == 2 and rng.random() < 0.2 else ""
                yield f"{prefix}{middle}{ANSWER_WORDS[code]}\t{note}\t{order}\n"

    return pgcopy.copy_lines("concerns_answer", [f'"{c}"' for c in ANSWER_COLUMNS], lines())


def count_bands(concerns: list[SeedConcern], counts: dict[int, int]) -> None:
    for concern in concerns:
        counts[concern.scored.band] = counts.get(concern.scored.band, 0) + 1
