"""Office hours and working days in Europe/London. Pure functions: no database."""

import datetime
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Hours:
    opens: datetime.time = datetime.time(9, 0)
    closes: datetime.time = datetime.time(17, 0)
    weekdays: frozenset[int] = field(default_factory=lambda: frozenset(range(5)))


@lru_cache(maxsize=32)
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: datetime.date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: datetime.date, hours: Hours) -> bool:
    return day.weekday() in hours.weekdays and not is_bank_holiday(day)


def is_office_hours(moment: datetime.datetime, hours: Hours) -> bool:
    local = moment.astimezone(LONDON)
    if not is_working_day(local.date(), hours):
        return False
    return hours.opens <= local.time() < hours.closes


def add_working_days(moment: datetime.datetime, days: int, hours: Hours) -> datetime.datetime:
    """The same local time `days` working days later (skipping weekends and bank holidays)."""
    local = moment.astimezone(LONDON)
    day = local.date()
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, hours):
            remaining -= 1
    return datetime.datetime.combine(day, local.time(), tzinfo=LONDON)
