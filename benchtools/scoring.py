"""Answers for the benchmark's concerns, scored by the real `indicators.scoring.score()`.

Each concern picks an answer pattern from a pool made for the band it should land in; the
score, with its safety floors, decides the band it actually gets. Results are cached per
distinct input, since a pattern recurs thousands of times."""

import json
import random
from dataclasses import dataclass
from decimal import Decimal

from indicators.models import Indicator
from indicators.scoring import ANSWERS, INDICATOR, Band, ChildFacts, score
from indicators.selectors import active_indicators, current_policy

from . import pgcopy
from .plan import BAND_MIX

POOL_SIZE = 60
ATTEMPTS = 4
TOTAL_RANGES = {Band.LOW: (0, 6), Band.MEDIUM: (6, 12), Band.HIGH: (12, 40)}


@dataclass(frozen=True)
class Pattern:
    answers: tuple[int, ...]  # index into ANSWERS, one per active indicator, in order
    disclosure: bool = False
    immediate_risk: bool = False


@dataclass(frozen=True)
class Scored:
    band: int
    copy_text: str  # disclosure, immediate_risk, total, scored_band, band, explanation for COPY


class Scorer:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.indicators: list[Indicator] = active_indicators()
        self.items = [indicator.as_item() for indicator in self.indicators]
        self.policy_row = current_policy()
        self.policy = self.policy_row.as_policy()
        self.pools = {band: self._pool(band) for band in Band}
        self.cache: dict[tuple, Scored] = {}
        self.achieved = dict.fromkeys(BAND_MIX, 0)

    def pick(self, *, young: bool, ld: bool, recent: int) -> tuple[Pattern, Scored]:
        """A pattern whose final band is the one drawn from the mix, when the floors allow."""
        target = Band(self._target())
        for _ in range(ATTEMPTS):
            pattern = self.rng.choice(self.pools[target])
            scored = self.score(pattern, young=young, ld=ld, recent=recent)
            if scored.band == target:
                break
        self.achieved[scored.band] += 1
        return pattern, scored

    def _target(self) -> int:
        """Draw the band the mix is furthest behind on. Floors push some concerns up whatever
        their answers; drawing on the shortfall makes the others make up for it."""
        made = sum(self.achieved.values()) + 1
        shortfall = {
            band: max(0.0, share * made - self.achieved[band]) for band, share in BAND_MIX.items()
        }
        point = self.rng.random() * sum(shortfall.values())
        for band, gap in shortfall.items():
            point -= gap
            if point < 0:
                return band
        return 1

    def score(self, pattern: Pattern, *, young: bool, ld: bool, recent: int) -> Scored:
        repeat = recent if recent + 1 >= self.policy.repeat_count else 0
        key = (id(pattern), young, ld, repeat)  # patterns live in the pools: id() is stable
        if key not in self.cache:
            self.cache[key] = self._score(pattern, young, ld, repeat)
        return self.cache[key]

    def _score(self, pattern: Pattern, young: bool, ld: bool, recent: int) -> Scored:
        result = score(
            items=self.items,
            answers=self._answer_words(pattern),
            child=ChildFacts(
                age_years=self.policy.young_age - 1 if young else 15, learning_disability=ld
            ),
            disclosure=pattern.disclosure,
            immediate_risk=pattern.immediate_risk,
            recent_concerns=recent,
            policy=self.policy,
        )
        explanation = json.dumps(result.as_dict(), ensure_ascii=False, separators=(",", ":"))
        band = int(result.band)
        fields = (pattern.disclosure, pattern.immediate_risk, result.total, band, band, explanation)
        return Scored(band, pgcopy.line(*fields)[:-1])

    def _answer_words(self, pattern: Pattern) -> dict[str, str]:
        return {
            item.key: ANSWERS[code] for item, code in zip(self.items, pattern.answers, strict=True)
        }

    def _pool(self, band: Band) -> list[Pattern]:
        if band is Band.IMMEDIATE:
            return [
                Pattern(p.answers, immediate_risk=True)
                for p in self.rng.sample(
                    self._by_total(Band.MEDIUM) + self._by_total(Band.HIGH), POOL_SIZE
                )
            ]
        if band is Band.HIGH:
            # Some High concerns are High because the child disclosed, whatever the total.
            disclosed = [Pattern(p.answers, disclosure=True) for p in self._by_total(Band.MEDIUM)]
            return self._by_total(Band.HIGH) + disclosed[: POOL_SIZE // 4]
        return self._by_total(band)

    def _by_total(self, band: Band) -> list[Pattern]:
        low, high = TOTAL_RANGES[band]
        patterns: list[Pattern] = []
        while len(patterns) < POOL_SIZE:
            answers = self._random_answers(band)
            total = sum(
                Decimal(item.weight) * code / 2
                for item, code in zip(self.items, answers, strict=True)
            )
            if low <= total < high:
                patterns.append(Pattern(answers))
        return patterns

    def _random_answers(self, band: Band) -> tuple[int, ...]:
        answers = [0] * len(self.items)
        if band is Band.LOW and self.rng.random() < 0.3:
            # Nothing ticked among the signs: a worry the practitioner could not yet name.
            candidates = [i for i, item in enumerate(self.items) if item.kind != INDICATOR]
        else:
            candidates = list(range(len(self.items)))
        how_many = {Band.LOW: (0, 3), Band.MEDIUM: (2, 5), Band.HIGH: (4, 10)}[band]
        for index in self.rng.sample(candidates, min(len(candidates), self.rng.randint(*how_many))):
            answers[index] = 2 if self.rng.random() < 0.6 else 1
        return tuple(answers)
