"""What an entity's details become as match keys, and what it is compared with."""

import re
from dataclasses import dataclass, fields

from . import normalise
from .models import DETAIL_FIELDS, Kind


@dataclass(frozen=True)
class EntityInput:
    """One entity as typed in a form: only the fields of its kind matter."""

    kind: str
    role: str = ""
    name: str = ""
    alias: str = ""
    approximate_age: int | None = None
    description: str = ""
    registration: str = ""
    make: str = ""
    model: str = ""
    colour: str = ""
    place_type: str = ""
    address: str = ""
    postcode: str = ""
    number: str = ""
    platform: str = ""
    handle: str = ""

    def details(self) -> dict:
        """The entity's own fields (everything but the kind and the role in one concern)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("role",)}


def given(details: dict) -> dict:
    """The details given, blanks left out: what a link keeps of what its concern named."""
    return {name: details[name] for name in DETAIL_FIELDS if details.get(name) not in ("", None)}


def keys_for(kind: str, details: dict) -> dict:
    """The match keys of an entity with these details."""
    name = details.get("name") or details.get("alias") or ""
    postcode = normalise.postcode_key(details.get("postcode", ""))
    exact = ""
    if kind == Kind.VEHICLE:
        exact = normalise.registration_key(details.get("registration", ""))
    elif kind == Kind.PHONE:
        exact = normalise.phone_key(details.get("number", ""))
    elif kind == Kind.ACCOUNT:
        exact = normalise.account_key(details.get("platform", ""), details.get("handle", ""))
    elif kind == Kind.PLACE and postcode and name:
        # A named place at a postcode: the same name at the same postcode is the same place.
        exact = f"{postcode}:{normalise.plain_text(name)}"
    return {
        "exact_key": exact,
        "name_text": normalise.plain_text(name)[:200],
        "name_sound": normalise.phonetic_key(name)[:60],
        # So that a nickname named alone ("Dazza") finds the one who is also known by it.
        "alias_sound": normalise.phonetic_key(details.get("alias", ""))[:60],
        "postcode_key": postcode,
    }


def tidy(kind: str, details: dict) -> dict:
    """Details as stored: numbers and handles in one form, postcodes in capitals."""
    tidied = dict(details)
    if kind == Kind.PHONE:
        key = normalise.phone_key(details.get("number", ""))
        if key:
            tidied["number"] = normalise.phone_display(key)
    if kind == Kind.ACCOUNT:
        tidied["handle"] = normalise.handle_text(details.get("handle", ""))
    if kind == Kind.VEHICLE:
        tidied["registration"] = _plate(details.get("registration", ""))
    if details.get("postcode"):
        tidied["postcode"] = " ".join(details["postcode"].upper().split())
    return tidied


CURRENT_PLATE = re.compile(r"^([A-Z]{2}[0-9]{2})([A-Z]{3})$")


def _plate(text: str) -> str:
    """Capitals; a current-style plate typed without its space ('ab12cde') gets it back."""
    plate = " ".join(text.upper().split())
    return CURRENT_PLATE.sub(r"\1 \2", plate)


def probable_reason(kind: str, new: dict, old) -> str:
    """Why an existing person or place may be the new one, or '' if it may not. A name alone
    is never enough to link: this only offers the pair to a lead."""
    new_names = [name for name in (new.get("name"), new.get("alias")) if name]
    old_names = [name for name in (old.name, old.alias) if name]
    if not any(normalise.names_alike(a, b) for a in new_names for b in old_names):
        return ""
    if kind == Kind.PERSON:
        if not normalise.ages_compatible(new.get("approximate_age"), old.approximate_age):
            return ""
        return "A similar name and a compatible age"
    if kind == Kind.PLACE:
        new_postcode = normalise.postcode_key(new.get("postcode", ""))
        if not normalise.postcodes_compatible(new_postcode, old.postcode_key):
            return ""
        if new_postcode and new_postcode == old.postcode_key:
            return "A similar name at the same postcode"
        return "A similar name (no postcode to compare)"
    return ""
