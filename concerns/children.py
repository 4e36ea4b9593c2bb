"""Matching a child across concerns: normalised name plus date of birth."""

import datetime
import re
import unicodedata

_NOT_LETTERS = re.compile(r"[^a-z0-9]+")


def normalise_name(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_LETTERS.sub("", without_marks.casefold())


def match_key(first_name: str, last_name: str, date_of_birth: datetime.date | None) -> str:
    dob = date_of_birth.isoformat() if date_of_birth else "unknown"
    return f"{normalise_name(first_name)}|{normalise_name(last_name)}|{dob}"


def age_on(date_of_birth: datetime.date, day: datetime.date) -> int:
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years
