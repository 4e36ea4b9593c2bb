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


DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def opening_hours_text(hours: Hours) -> str:
    """ "Monday to Friday, 9am to 5pm, except bank holidays", the way GOV.UK writes times."""
    if not hours.weekdays:
        return "never (no open days are set)"
    times = f"{time_text(hours.opens)} to {time_text(hours.closes)}"
    return f"{_days_text(hours.weekdays)}, {times}, except bank holidays"


def _days_text(weekdays: frozenset[int]) -> str:
    if len(weekdays) == 7:
        return "Every day"
    runs: list[list[int]] = []
    for day in sorted(weekdays):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts: list[str] = []
    for run in runs:
        if len(run) > 2:
            parts.append(f"{DAY_NAMES[run[0]]} to {DAY_NAMES[run[-1]]}")
        else:
            parts.extend(DAY_NAMES[day] for day in run)
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def time_text(moment: datetime.time) -> str:
    """9am, 5:30pm, midday, midnight."""
    if moment.minute == 0 and moment.hour in (0, 12):
        return "midnight" if moment.hour == 0 else "midday"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"
