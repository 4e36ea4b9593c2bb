"""Run labelled records through the real matching at filing and count what it got right.

Each record goes through concerns.child_services.child_match_or_create against the database
Django is configured with, as a filing would. Needs django.setup() done by the caller."""

from collections import Counter
from dataclasses import dataclass, field

from concerns.child_services import ChildIdentity, child_match_or_create
from concerns.models import Child, PossibleMatch

from .labelled import TODAY, Record


@dataclass
class Figures:
    records: int = 0
    duplicates: int = 0  # records of a child already seen
    auto_links: int = 0
    wrong_auto_links: int = 0
    duplicates_not_linked: int = 0
    surfaced: int = 0  # of those, put to the leads with a record of the same child
    pairs: int = 0
    true_pairs: int = 0
    missed_by_variant: Counter = field(default_factory=Counter)
    false_pairs_twins: int = 0
    false_pair_levels: Counter = field(default_factory=Counter)

    @property
    def possible_recall(self) -> float:
        return self.surfaced / self.duplicates_not_linked if self.duplicates_not_linked else 1.0

    @property
    def possible_precision(self) -> float:
        return self.true_pairs / self.pairs if self.pairs else 1.0

    @property
    def auto_link_precision(self) -> float:
        return 1 - self.wrong_auto_links / self.auto_links if self.auto_links else 1.0

    @property
    def joined_up(self) -> float:
        """Of all repeats, how many were linked or surfaced."""
        found = self.auto_links - self.wrong_auto_links + self.surfaced
        return found / self.duplicates if self.duplicates else 1.0

    def report(self) -> str:
        lines = [
            f"records {self.records}, of which repeats of a child already seen {self.duplicates}",
            f"automatic links {self.auto_links}, wrong {self.wrong_auto_links} "
            f"(precision {self.auto_link_precision:.2%})",
            f"repeats not linked {self.duplicates_not_linked}: put to the leads {self.surfaced} "
            f"(recall {self.possible_recall:.2%})",
            f"possible pairs {self.pairs}, truly the same child {self.true_pairs} "
            f"(precision {self.possible_precision:.2%}; twins among the wrong: "
            f"{self.false_pairs_twins})",
            f"repeats joined up, linked or surfaced: {self.joined_up:.2%}",
            f"missed, by variant: {dict(self.missed_by_variant.most_common())}",
        ]
        return "\n".join(lines)


def identity(record: Record) -> ChildIdentity:
    return ChildIdentity(
        first_name=record.first_name,
        last_name=record.last_name,
        date_of_birth=record.date_of_birth,
        age_years=record.age_years,
        gender=record.gender,
        nhs_number=record.nhs_number,
        postcode=record.postcode,
        school=record.school,
    )


def evaluate(records: list[Record]) -> Figures:
    figures = Figures()
    person_of: dict[int, int] = {}  # child record id -> the real child it was made for
    seen: set[int] = set()
    twins = _twin_people(records)
    for record in records:
        figures.records += 1
        repeat = record.person in seen
        seen.add(record.person)
        before = Child.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        child = child_match_or_create(details=identity(record), today=TODAY)
        figures.duplicates += repeat
        if child.pk <= before:
            figures.auto_links += 1
            figures.wrong_auto_links += person_of[child.pk] != record.person
            continue
        person_of[child.pk] = record.person
        _count_pairs(figures, child, record, person_of, repeat, twins)
    return figures


def _count_pairs(figures, child, record, person_of, repeat, twins) -> None:
    pairs = PossibleMatch.objects.filter(child_b=child).values_list("child_a_id", "levels")
    others = [person_of[other] for other, _ in pairs]
    for (_, levels), other in zip(pairs, others, strict=True):
        if other != record.person:
            figures.false_pair_levels[tuple(levels.values())] += 1
    figures.pairs += len(others)
    figures.true_pairs += sum(other == record.person for other in others)
    figures.false_pairs_twins += sum(
        other != record.person and frozenset((other, record.person)) in twins for other in others
    )
    if repeat:
        figures.duplicates_not_linked += 1
        if record.person in others:
            figures.surfaced += 1
        else:
            figures.missed_by_variant[record.variant] += 1


def _twin_people(records: list[Record]) -> set[frozenset]:
    firsts = {}
    for record in records:
        if record.variant == "first":
            firsts.setdefault((record.last_name, record.date_of_birth), []).append(record.person)
    return {frozenset(people) for people in firsts.values() if len(people) == 2}
