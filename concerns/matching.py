"""Is this the same child? A Fellegi–Sunter comparison of two children's identities.

Pure: no database. Each comparison (first name, last name, date of birth, postcode, school,
gender) puts a pair in one *level*; each level carries m (how often the same child looks like
this) and u (how often two different children do). The pair's weight is the sum of
log2(m/u) over the comparisons, as in Splink. The m and u values are set by hand from what
records of children look like, then checked against a labelled set (scripts/match_quality.py,
figures in the README).

Two rules sit outside the weights, because a wrong automatic link mixes two children's records:
only an agreeing NHS number, or the same normalised full name with the same date of birth,
links automatically; and a pair whose first names do not agree at all is never put to the
leads, however much else agrees, because twins share everything else.
"""

import datetime
import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import jellyfish
from nicknames import NickNamer
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from .children import normalise_name

# The weight at and above which a pair goes to the leads as "Possible same child".
POSSIBLE_AT = 8.0


@dataclass
class Identity:
    """What matching knows of one child. Not changed once made; not a frozen dataclass only
    because a frozen one takes several times as long to make, and a filing makes a hundred."""

    first_name: str
    last_name: str
    date_of_birth: datetime.date | None = None
    birth_year: int | None = None  # from the date of birth, or from an approximate age
    nhs_number: str = ""
    upn: str = ""
    postcode: str = ""
    school: str = ""
    gender: str = ""
    # The normalised names and their sound keys (keys_for), worked out once per record: a
    # filing compares its child with up to a hundred others. A record read from the database
    # brings the ones stored with it (Child's match keys); any left empty are worked out here.
    first_norm: str = ""
    last_norm: str = ""
    first_key: str = ""
    last_key: str = ""

    def __post_init__(self):
        self.first_norm = self.first_norm or normalise_name(self.first_name)
        self.last_norm = self.last_norm or normalise_name(self.last_name)
        self.first_key = self.first_key or phonetic(self.first_norm)
        self.last_key = self.last_key or phonetic(self.last_norm)

    # Only a pair whose first names agree gets this far (possible), so these wait until asked.
    @cached_property
    def school_norm(self) -> str:
        return normalise_name(self.school)

    @cached_property
    def gender_norm(self) -> str:
        return normalise_name(self.gender)


@dataclass(frozen=True)
class Keys:
    """The indexed columns a candidate lookup uses (see Child in models.py)."""

    first_norm: str
    last_norm: str
    first_key: str
    last_key: str
    name_pair_key: str
    postcode_key: str


def phonetic(name: str) -> str:
    """NYSIIS: Chloe and Cloe, Mohammed and Muhammad give the same key."""
    return jellyfish.nysiis(name)[:20] if name else ""


def postcode_key(postcode: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", postcode.upper())


def keys_for(first_name: str, last_name: str, postcode: str = "") -> Keys:
    first, last = normalise_name(first_name), normalise_name(last_name)
    first_key, last_key = phonetic(first), phonetic(last)
    return Keys(
        first_norm=first,
        last_norm=last,
        first_key=first_key,
        last_key=last_key,
        # The two keys in order: the same for "Green Chloe" as for "Chloe Green".
        name_pair_key="|".join(sorted((first_key, last_key))),
        postcode_key=postcode_key(postcode),
    )


# --- comparison levels: (name, m, u) ---------------------------------------------------------

FIRST_NAME = {
    "exact": (0.80, 0.01),
    "alike": (0.17, 0.004),  # nickname, same sound, or one or two letters apart
    "loosely alike": (0.02, 0.03),
    "different": (0.01, 0.956),
}
LAST_NAME = {
    "exact": (0.85, 0.003),
    "alike": (0.12, 0.003),
    "loosely alike": (0.02, 0.02),
    "different": (0.005, 0.974),
}
DATE_OF_BIRTH = {
    "exact": (0.90, 0.0004),
    "one part differs": (0.07, 0.017),  # a typed slip: day and month swapped, one digit
    "different": (0.005, 0.9786),
    "age agrees": (0.90, 0.375),  # one or both only an approximate age, within a year
    "age differs": (0.05, 0.625),
}
POSTCODE = {
    "exact": (0.55, 0.002),
    "same district": (0.15, 0.05),
    "different": (0.30, 0.948),
}
SCHOOL = {
    "same": (0.6, 0.02),
    "different": (0.4, 0.98),  # children move school: weak evidence
}
GENDER = {
    "same": (0.95, 0.5),
    "different": (0.05, 0.5),
}
SWAPPED_NAMES = -1.0  # first and last names given the wrong way round: a little less sure
COMPARISONS = {
    "first name": FIRST_NAME,
    "last name": LAST_NAME,
    "date of birth": DATE_OF_BIRTH,
    "postcode": POSTCODE,
    "school": SCHOOL,
    "gender": GENDER,
}


def weight(m: float, u: float) -> float:
    return math.log2(m / u)


@dataclass(frozen=True)
class Comparison:
    weight: float
    levels: dict  # comparison name -> level name, for the lead's side-by-side view
    names_agree: bool  # first names at least alike (straight or swapped)
    swapped: bool

    @property
    def possible(self) -> bool:
        return self.names_agree and self.weight >= POSSIBLE_AT


# --- names -----------------------------------------------------------------------------------

_NICKNAMES = NickNamer()


@lru_cache(maxsize=4096)
def _name_family(name: str) -> frozenset:
    """A name with its nicknames and the names it is a nickname of."""
    if not name:
        return frozenset()
    related = {name} | _NICKNAMES.nicknames_of(name) | _NICKNAMES.canonicals_of(name)
    return frozenset(related)


def name_level(a: str, b: str, a_key: str, b_key: str) -> str | None:
    """How alike two normalised names are, given their sound keys (phonetic); None when one
    is missing."""
    if not a or not b:
        return None
    if a == b:
        return "exact"
    if b in _name_family(a) or a_key == b_key:
        return "alike"
    similarity = JaroWinkler.similarity(a, b)
    if similarity >= 0.9 or _one_edit_apart(a, b):
        return "alike"
    if similarity >= 0.8:
        return "loosely alike"
    return "different"


def _one_edit_apart(a: str, b: str) -> bool:
    # Unrestricted Damerau-Levenshtein (two letters swapped is one edit), which stops counting
    # past the limit: nearly every candidate a filing meets comes this far.
    limit = 1 if min(len(a), len(b)) < 5 else 2
    return DamerauLevenshtein.distance(a, b, score_cutoff=limit) <= limit


def _names(a: Identity, b: Identity, swapped: bool) -> tuple[str | None, str | None]:
    (b_first, b_first_key), (b_last, b_last_key) = _name_order(b, swapped)
    return (
        name_level(a.first_norm, b_first, a.first_key, b_first_key),
        name_level(a.last_norm, b_last, a.last_key, b_last_key),
    )


def _name_order(b: Identity, swapped: bool) -> tuple[tuple[str, str], tuple[str, str]]:
    first, last = (b.first_norm, b.first_key), (b.last_norm, b.last_key)
    return (last, first) if swapped else (first, last)


def _first_names_agree(a: Identity, b: Identity) -> bool:
    """a's first name at least alike b's, as given or swapped (Comparison.names_agree)."""
    agree = ("exact", "alike")
    return (
        name_level(a.first_norm, b.first_norm, a.first_key, b.first_key) in agree
        or name_level(a.first_norm, b.last_norm, a.first_key, b.last_key) in agree
    )


# --- dates, places ---------------------------------------------------------------------------


def dob_level(a: Identity, b: Identity) -> str | None:
    if a.date_of_birth and b.date_of_birth:
        return _date_level(a.date_of_birth, b.date_of_birth)
    if a.birth_year and b.birth_year:
        return "age agrees" if abs(a.birth_year - b.birth_year) <= 1 else "age differs"
    return None


def _date_level(a: datetime.date, b: datetime.date) -> str:
    if a == b:
        return "exact"
    parts = sum(x != y for x, y in ((a.day, b.day), (a.month, b.month), (a.year, b.year)))
    swapped = (a.day, a.month, a.year) == (b.month, b.day, b.year)
    return "one part differs" if parts == 1 or swapped else "different"


def postcode_level(a: str, b: str) -> str | None:
    a, b = postcode_key(a), postcode_key(b)
    if not a or not b:
        return None
    if a == b:
        return "exact"
    return "same district" if a[:-3] == b[:-3] else "different"


def _same_or_different(a: str, b: str) -> str | None:
    """For values already normalised (Identity's *_norm)."""
    if not a or not b:
        return None
    return "same" if a == b else "different"


# --- the comparison --------------------------------------------------------------------------


def compare(a: Identity, b: Identity) -> Comparison:
    """The better of comparing names as given and with b's first and last names swapped."""
    others = {
        "date of birth": dob_level(a, b),
        "postcode": postcode_level(a.postcode, b.postcode),
        "school": _same_or_different(a.school_norm, b.school_norm),
        "gender": _same_or_different(a.gender_norm, b.gender_norm),
    }
    straight = _compare(a, b, others, swapped=False)
    swapped = _compare(a, b, others, swapped=True)
    return swapped if swapped.weight > straight.weight else straight


def possible(a: Identity, b: Identity) -> Comparison | None:
    """compare(a, b) when the pair goes to the leads, else None. A pair whose first names do
    not agree either way round is never possible, so most of a filing's candidates (another
    child with the same surname) are set aside on their first names alone."""
    if not _first_names_agree(a, b):
        return None
    comparison = compare(a, b)
    return comparison if comparison.possible else None


def _compare(a: Identity, b: Identity, others: dict, swapped: bool) -> Comparison:
    first, last = _names(a, b, swapped)
    levels = {"first name": first, "last name": last, **others}
    total = sum(
        weight(*COMPARISONS[name][level]) for name, level in levels.items() if level is not None
    )
    if swapped:
        total += SWAPPED_NAMES
    return Comparison(
        weight=round(total, 2),
        levels={name: level or "not known" for name, level in levels.items()},
        names_agree=first in ("exact", "alike"),
        swapped=swapped,
    )


def certain(a: Identity, b: Identity) -> bool:
    """Safe to link without a person looking: the rules that never joined two children."""
    if a.nhs_number and b.nhs_number:
        if a.nhs_number != b.nhs_number:
            return False
        # The same checked NHS number, and the name or date of birth agrees too.
        first, last = _names(a, b, swapped=False)
        return (first, last) == ("exact", "exact") or dob_level(a, b) == "exact"
    if a.upn and b.upn and a.upn != b.upn:
        return False
    same_name = (a.first_norm, a.last_norm) == (b.first_norm, b.last_norm)
    return same_name and a.date_of_birth is not None and a.date_of_birth == b.date_of_birth
