"""The people in the benchmark data set: staff accounts, and the children concerns are about."""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User

from concerns.children import match_key
from concerns.matching import keys_for
from cse_portal import roles

from . import pgcopy
from .plan import (
    AREAS,
    CHILD_WINDOW_DAYS,
    FIRST_NAMES,
    GENDERS,
    LAST_NAMES,
    PASSWORD,
    REPEAT_CHILD_SHARE,
    SCHOOL_KINDS,
    YEARS,
    Plan,
)

PRACTITIONER_PREFIX = "bench-practitioner-"
# The indexed columns matching looks children up by (concerns/matching.py).
MATCH_KEY_COLUMNS = ["first_norm", "last_norm", "first_key", "last_key", "name_pair_key"]
LEAD_PREFIX = "bench-lead-"


@dataclass(frozen=True)
class Staff:
    practitioners: list[int]
    leads: list[tuple[int, str]]  # (id, username): leads sign audit events by name


def create_staff(plan: Plan, now: datetime.datetime) -> Staff:
    """New accounts join any from an earlier seeding, and all of them file and decide the new
    concerns. They share one password hash: hashing 500 with Argon2 would take minutes."""
    password = make_password(PASSWORD)
    _add_to_group(
        _create_users(PRACTITIONER_PREFIX, plan.practitioners, password, now), roles.PRACTITIONER
    )
    _add_to_group(_create_users(LEAD_PREFIX, plan.leads, password, now), roles.LEAD)
    bench = User.objects.order_by("id")
    return Staff(
        practitioners=list(
            bench.filter(username__startswith=PRACTITIONER_PREFIX).values_list("pk", flat=True)
        ),
        leads=list(bench.filter(username__startswith=LEAD_PREFIX).values_list("pk", "username")),
    )


def _create_users(prefix: str, count: int, password: str, now) -> list[User]:
    start = User.objects.filter(username__startswith=prefix).count() + 1
    users = [
        User(
            username=f"{prefix}{number:05d}",
            password=password,
            first_name=f"{prefix.strip('-').split('-')[-1].capitalize()}",
            last_name=f"{number:05d}",
            email=f"{prefix}{number:05d}@example.invalid",
            date_joined=now - datetime.timedelta(days=YEARS * 366),
        )
        for number in range(start, start + count)
    ]
    return User.objects.bulk_create(users, batch_size=1000)


def _add_to_group(users: list[User], group_name: str) -> None:
    group = Group.objects.get(name=group_name)
    through = User.groups.through
    through.objects.bulk_create([through(user_id=user.pk, group_id=group.pk) for user in users])


@dataclass(slots=True)
class SeedChild:
    id: int
    date_of_birth: datetime.date | None
    age_at_start: float  # years, for children whose date of birth is not known
    area: str
    school: str
    learning_disability: bool
    looked_after: bool
    first_at: datetime.datetime  # the single concern, or the start of the repeat window
    window_days: int  # 0 for a child with one concern

    @property
    def copy_text(self) -> str:
        """child_id, age_is_approximate, school, area, learning_disability, looked_after."""
        return pgcopy.line(
            self.id, self.date_of_birth is None, self.school, self.area,
            self.learning_disability, self.looked_after,
        )[:-1]  # fmt: skip


def make_children(plan: Plan, rng: random.Random, now: datetime.datetime) -> list[SeedChild]:
    """Most children are the subject of one concern. A fifth (the first ones made) are the
    subject of repeated concerns within a window of about 18 months, which may have begun
    before the five years; see `timeline`."""
    first_id = pgcopy.next_id("concerns_child")
    span = datetime.timedelta(days=YEARS * 365)
    window = datetime.timedelta(days=CHILD_WINDOW_DAYS)
    repeat = max(1, round(plan.children * REPEAT_CHILD_SHARE))
    children = []
    for offset in range(plan.children):
        if offset < repeat:
            first_at = now - span - window + rng.random() * (span + window)
        else:
            first_at = now - span + rng.random() * (span - datetime.timedelta(hours=1))
        # Ten to sixteen when first seen: under 18 at every concern, 18 months on too.
        age = rng.uniform(10, 16)
        dob = (first_at - datetime.timedelta(days=age * 365.25)).date()
        area = rng.choice(AREAS)
        children.append(
            SeedChild(
                id=first_id + offset,
                date_of_birth=None if rng.random() < 0.05 else dob,
                age_at_start=age,
                area=area,
                school=f"{area} {rng.choice(SCHOOL_KINDS)}",
                learning_disability=rng.random() < 0.08,
                looked_after=rng.random() < 0.1,
                first_at=first_at,
                window_days=CHILD_WINDOW_DAYS if offset < repeat else 0,
            )
        )
    return children


def copy_children(children: list[SeedChild], rng: random.Random, now) -> int:
    columns = ["id", "first_name", "last_name", "date_of_birth", "gender", "match_key"]
    columns += ["created_at", "birth_year", *MATCH_KEY_COLUMNS]

    def lines():
        for child in children:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            key = match_key(first, last, child.date_of_birth)
            gender = rng.choice(GENDERS)
            keys = keys_for(first, last)
            yield pgcopy.line(
                child.id, first, last, child.date_of_birth, gender, key, child.first_at,
                child.date_of_birth.year if child.date_of_birth else None,
                *(getattr(keys, column) for column in MATCH_KEY_COLUMNS),
            )  # fmt: skip

    count = pgcopy.copy_lines("concerns_child", columns, lines())
    pgcopy.sync_sequence("concerns_child")
    return count
