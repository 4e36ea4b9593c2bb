"""Referrals for the benchmark's urgent concerns, in every state."""

import datetime
import random
from dataclasses import dataclass

from referrals.hours import Hours, is_office_hours
from referrals.models import Outcome, Referral

from . import pgcopy
from .concerns import SeedConcern
from .people import Staff

MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
S = Referral.Status
OPEN_STATES = [S.AWAITING, S.ACKNOWLEDGED, S.MASH_CONTACTED, S.EDT_CONTACTED, S.OUTCOME_RECORDED]
# Put on the newest referrals too, so that every state exists.
FORCED_STATES = [*OPEN_STATES, S.POLICE_CONTACTED, S.WITHDRAWN]
CONTACTED_HUB = {S.EDT_CONTACTED: Referral.Hub.EDT, S.POLICE_CONTACTED: Referral.Hub.POLICE}


@dataclass(slots=True)
class SeedReferral:
    id: int
    concern: SeedConcern
    status: str
    acknowledged_at: datetime.datetime | None = None
    contacted_at: datetime.datetime | None = None
    contacted_hub: str = ""
    follow_up_sent_at: datetime.datetime | None = None
    outcome_id: int | None = None
    outcome_at: datetime.datetime | None = None
    closed_at: datetime.datetime | None = None
    lead: int | None = None


def make_referrals(
    concerns: list[SeedConcern], rng: random.Random, now, *, newest: bool
) -> list[SeedReferral]:
    """Each urgent concern's referral gets as far as its age allows. A few are still open long
    after (stale), and, when these are the `newest` concerns, the last referrals are put one in
    each state so every state exists."""
    outcomes = list(Outcome.objects.values_list("pk", flat=True))
    first_id = pgcopy.next_id("referrals_referral")
    urgent = [c for c in concerns if c.urgent]
    referrals = [
        _referral(first_id + offset, concern, rng, now, outcomes)
        for offset, concern in enumerate(urgent)
    ]
    if newest:
        for referral, state in zip(reversed(referrals), FORCED_STATES, strict=False):
            _force_state(referral, state, now)
    return referrals


def _referral(pk, concern: SeedConcern, rng, now, outcomes) -> SeedReferral:
    referral = SeedReferral(pk, concern, S.AWAITING, lead=None)
    at = concern.filed_at
    # Usually acknowledged within the hour; one in ten waits for hours.
    at += (rng.uniform(3, 45) if rng.random() < 0.9 else rng.uniform(120, 720)) * MINUTE
    if at > now:
        return referral
    referral.status, referral.acknowledged_at = S.ACKNOWLEDGED, at
    at += rng.uniform(5, 90) * MINUTE
    if at > now:
        return referral
    in_hours = is_office_hours(at, Hours())
    referral.status = S.MASH_CONTACTED if in_hours else S.EDT_CONTACTED
    referral.contacted_at = at
    referral.contacted_hub = Referral.Hub.MASH if in_hours else Referral.Hub.EDT
    if in_hours and rng.random() < 0.95 and at + 30 * HOUR < now:
        referral.follow_up_sent_at = at + rng.uniform(1, 30) * HOUR
    at += rng.uniform(1, 10) * DAY
    if at > now:
        return referral
    referral.status, referral.outcome_at = S.OUTCOME_RECORDED, at
    referral.outcome_id = rng.choice(outcomes)
    at += rng.uniform(1, 14) * DAY
    age = now - concern.filed_at
    stale = rng.random() < (0.15 if age < 90 * DAY else 0.002)
    if at > now or stale:
        return referral
    referral.status, referral.closed_at = S.CLOSED, at
    return referral


def _force_state(referral: SeedReferral, state: str, now) -> None:
    """Put a recent referral in the given state, with times that fit before now."""
    start = referral.concern.filed_at
    step = (now - start) / 5
    referral.status = state
    referral.acknowledged_at = None if state == S.AWAITING else start + step
    contacted = state in (S.MASH_CONTACTED, S.EDT_CONTACTED, S.POLICE_CONTACTED, S.OUTCOME_RECORDED)
    referral.contacted_at = start + 2 * step if contacted else None
    referral.contacted_hub = ""
    if contacted:
        referral.contacted_hub = CONTACTED_HUB.get(state, Referral.Hub.MASH)
    referral.follow_up_sent_at = None
    referral.outcome_at = start + 3 * step if state == S.OUTCOME_RECORDED else None
    referral.outcome_id = referral.outcome_id if state == S.OUTCOME_RECORDED else None
    if state == S.OUTCOME_RECORDED and referral.outcome_id is None:
        referral.outcome_id = Outcome.objects.values_list("pk", flat=True).first()
    referral.closed_at = None


REFERRAL_COLUMNS = [
    "id", "concern_id", "status", "created_at", "acknowledged_at", "acknowledged_by_id",
    "contacted_at", "contacted_by_id", "contacted_hub", "hub_reference", "follow_up_sent_at",
    "outcome_id", "outcome_note", "outcome_at", "outcome_by_id", "closed_at", "closed_by_id",
]  # fmt: skip


def copy_referrals(referrals: list[SeedReferral], staff: Staff, rng: random.Random) -> int:
    def lines():
        for r in referrals:
            lead = rng.choice(staff.leads)[0]
            hub = f"MASH-{r.id:07d}" if r.status == S.MASH_CONTACTED or r.follow_up_sent_at else ""
            yield pgcopy.line(
                r.id, r.concern.id, r.status.value, r.concern.filed_at, r.acknowledged_at,
                lead if r.acknowledged_at else None, r.contacted_at,
                lead if r.contacted_at else None, r.contacted_hub, hub, r.follow_up_sent_at,
                r.outcome_id, "Agreed at the strategy meeting." if r.outcome_at else "",
                r.outcome_at, lead if r.outcome_at else None, r.closed_at,
                lead if r.closed_at else None,
            )  # fmt: skip

    count = pgcopy.copy_lines("referrals_referral", REFERRAL_COLUMNS, lines())
    pgcopy.sync_sequence("referrals_referral")
    return count
