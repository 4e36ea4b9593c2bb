"""Pure scoring of a CSE concern: no Django, no database.

``score()`` turns the practitioner's answers to the grooming indicators and
defining features into a total, a base band from that total, and a final
band after the safeguarding floors.  The ``Result`` carries everything needed
to explain the band afterwards and can be stored with ``as_dict()``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum


class Band(IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    IMMEDIATE = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()


NO, POSSIBLE, YES = "no", "possible", "yes"
ANSWERS = (NO, POSSIBLE, YES)
INDICATOR, FEATURE = "indicator", "feature"
KINDS = (INDICATOR, FEATURE)


def _decimal(value) -> Decimal:
    result = value if isinstance(value, Decimal) else Decimal(str(value))
    if not result.is_finite():
        raise ValueError(f"Not a finite number: {value!r}")
    return result


@dataclass(frozen=True)
class Item:
    """One grooming indicator or defining feature, as worded/weighted when scored."""

    key: str
    text: str
    weight: int
    kind: str = INDICATOR

    def __post_init__(self) -> None:
        if self.weight < 0:
            raise ValueError(f"Item {self.key!r}: weight must not be negative.")
        if self.kind not in KINDS:
            raise ValueError(f"Item {self.key!r}: unknown kind {self.kind!r}.")


@dataclass(frozen=True)
class Policy:
    version: int = 1
    medium_threshold: Decimal = Decimal(6)
    high_threshold: Decimal = Decimal(12)
    young_age: int = 13
    repeat_count: int = 3
    repeat_days: int = 90
    # A looked after child is treated as a child with a learning disability is.
    looked_after_floor: bool = True

    def __post_init__(self) -> None:
        medium = _decimal(self.medium_threshold)
        high = _decimal(self.high_threshold)
        if medium > high:
            raise ValueError("medium_threshold must not exceed high_threshold.")
        object.__setattr__(self, "medium_threshold", medium)
        object.__setattr__(self, "high_threshold", high)

    def as_dict(self) -> dict:
        return {
            "version": self.version,
            "medium_threshold": str(self.medium_threshold),
            "high_threshold": str(self.high_threshold),
            "young_age": self.young_age,
            "repeat_count": self.repeat_count,
            "repeat_days": self.repeat_days,
            "looked_after_floor": self.looked_after_floor,
        }

    @staticmethod
    def from_dict(d: dict) -> Policy:
        return Policy(
            version=d["version"],
            medium_threshold=Decimal(d["medium_threshold"]),
            high_threshold=Decimal(d["high_threshold"]),
            young_age=d["young_age"],
            repeat_count=d["repeat_count"],
            repeat_days=d["repeat_days"],
            # Explanations stored before the looked after floor existed were scored without it.
            looked_after_floor=d.get("looked_after_floor", False),
        )


@dataclass(frozen=True)
class ChildFacts:
    age_years: int
    learning_disability: bool = False
    looked_after: bool = False


@dataclass(frozen=True)
class Contribution:
    key: str
    text: str
    kind: str
    answer: str
    weight: int
    points: Decimal

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "text": self.text,
            "kind": self.kind,
            "answer": self.answer,
            "weight": self.weight,
            "points": str(self.points),
        }

    @staticmethod
    def from_dict(d: dict) -> Contribution:
        return Contribution(
            key=d["key"],
            text=d["text"],
            kind=d["kind"],
            answer=d["answer"],
            weight=d["weight"],
            points=Decimal(d["points"]),
        )


@dataclass(frozen=True)
class FloorApplied:
    code: str  # "immediate_risk" | "disclosure" | "young_or_ld" (also looked after) | "repeat"
    description: str
    band_before: Band
    band_after: Band

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "description": self.description,
            **_band_dict("band_before", self.band_before),
            **_band_dict("band_after", self.band_after),
        }

    @staticmethod
    def from_dict(d: dict) -> FloorApplied:
        return FloorApplied(
            code=d["code"],
            description=d["description"],
            band_before=Band(d["band_before"]),
            band_after=Band(d["band_after"]),
        )


def _band_dict(name: str, band: Band) -> dict:
    return {name: int(band), f"{name}_label": band.label}


@dataclass(frozen=True)
class Result:
    total: Decimal
    base_band: Band
    band: Band
    contributions: tuple[Contribution, ...]
    floors: tuple[FloorApplied, ...]
    policy: Policy

    def as_dict(self) -> dict:
        return {
            "total": str(self.total),
            **_band_dict("base_band", self.base_band),
            **_band_dict("band", self.band),
            "contributions": [c.as_dict() for c in self.contributions],
            "floors": [f.as_dict() for f in self.floors],
            "policy": self.policy.as_dict(),
        }

    @staticmethod
    def from_dict(d: dict) -> Result:
        return Result(
            total=Decimal(d["total"]),
            base_band=Band(d["base_band"]),
            band=Band(d["band"]),
            contributions=tuple(Contribution.from_dict(c) for c in d["contributions"]),
            floors=tuple(FloorApplied.from_dict(f) for f in d["floors"]),
            policy=Policy.from_dict(d["policy"]),
        )


def band_for_total(total: Decimal, policy: Policy) -> Band:
    """Band from the total alone: never Immediate."""
    if total >= policy.high_threshold:
        return Band.HIGH
    if total >= policy.medium_threshold:
        return Band.MEDIUM
    return Band.LOW


# --- answers and points -----------------------------------------------------


def _check_answers(items: Sequence[Item], answers: Mapping[str, str]) -> None:
    keys = [item.key for item in items]
    if len(set(keys)) != len(keys):
        raise ValueError("Item keys must be unique.")
    unknown_keys = set(answers) - set(keys)
    if unknown_keys:
        raise ValueError(f"Answers for unknown items: {sorted(unknown_keys)}")
    for key, answer in answers.items():
        if answer not in ANSWERS:
            raise ValueError(f"Unknown answer {answer!r} for item {key!r}.")


def _points(weight: int, answer: str) -> Decimal:
    if answer == YES:
        return Decimal(weight)
    if answer == POSSIBLE:
        return Decimal(weight) / 2
    return Decimal(0)


def _contributions(items: Sequence[Item], answers: Mapping[str, str]) -> tuple[Contribution, ...]:
    found = []
    for item in items:
        answer = answers.get(item.key, NO)
        points = _points(item.weight, answer)
        if points > 0:
            found.append(Contribution(item.key, item.text, item.kind, answer, item.weight, points))
    return tuple(found)


# --- floors -------------------------------------------------------------------

Rule = tuple[str, str, Callable[[Band], Band]]


def _at_least(floor: Band) -> Callable[[Band], Band]:
    return lambda band: max(band, floor)


def _one_higher_up_to_high(band: Band) -> Band:
    return max(band, min(Band(band + 1), Band.HIGH))


def _young_or_ld_rule(
    items: Sequence[Item],
    answers: Mapping[str, str],
    child: ChildFacts,
    policy: Policy,
) -> Rule | None:
    reasons = []
    if child.age_years < policy.young_age:
        reasons.append(f"is under {policy.young_age}")
    if child.learning_disability:
        reasons.append("has a learning disability")
    if child.looked_after and policy.looked_after_floor:
        reasons.append("is looked after")
    indicator_present = any(
        item.kind == INDICATOR and answers.get(item.key, NO) != NO for item in items
    )
    if not (reasons and indicator_present):
        return None
    who = " and ".join(reasons)
    description = f"The child {who}, and at least one sign is present: at least Medium."
    return ("young_or_ld", description, _at_least(Band.MEDIUM))


def _repeat_rule(recent_concerns: int, policy: Policy) -> Rule | None:
    including_this = recent_concerns + 1
    if including_this < policy.repeat_count:
        return None
    description = (
        f"The child has had {policy.repeat_count} or more concerns in "
        f"{policy.repeat_days} days ({including_this}, including this one): "
        "one band higher, up to High."
    )
    return ("repeat", description, _one_higher_up_to_high)


def _rules(
    items: Sequence[Item],
    answers: Mapping[str, str],
    child: ChildFacts,
    disclosure: bool,
    immediate_risk: bool,
    recent_concerns: int,
    policy: Policy,
) -> list[Rule]:
    rules: list[Rule | None] = [
        (
            "disclosure",
            "The child has disclosed sexual exploitation: at least High.",
            _at_least(Band.HIGH),
        )
        if disclosure
        else None,
        _young_or_ld_rule(items, answers, child, policy),
        _repeat_rule(recent_concerns, policy),
        (
            "immediate_risk",
            "The child is at immediate risk: Immediate.",
            _at_least(Band.IMMEDIATE),
        )
        if immediate_risk
        else None,
    ]
    return [rule for rule in rules if rule is not None]


def _apply(band: Band, rules: list[Rule]) -> tuple[Band, tuple[FloorApplied, ...]]:
    applied = []
    for code, description, lift in rules:
        after = lift(band)
        applied.append(FloorApplied(code, description, band, after))
        band = after
    return band, tuple(applied)


# --- entry point --------------------------------------------------------------


def score(
    *,
    items: Sequence[Item],
    answers: Mapping[str, str],
    child: ChildFacts,
    disclosure: bool,
    immediate_risk: bool,
    recent_concerns: int,
    policy: Policy,
) -> Result:
    """Score one concern.

    recent_concerns = number of OTHER concerns about the same child in the
    last policy.repeat_days days.
    """
    _check_answers(items, answers)
    if recent_concerns < 0:
        raise ValueError("recent_concerns must not be negative.")
    contributions = _contributions(items, answers)
    total = sum((c.points for c in contributions), Decimal(0))
    base_band = band_for_total(total, policy)
    rules = _rules(items, answers, child, disclosure, immediate_risk, recent_concerns, policy)
    band, floors = _apply(base_band, rules)
    return Result(total, base_band, band, contributions, floors, policy)
