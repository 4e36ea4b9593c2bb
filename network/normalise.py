"""Match keys: what two spellings of the same car, phone, account, name or place share.

Pure functions, no database. Exact keys (registration, phone, account) link entities at once;
name and place keys only find candidates that a lead confirms or keeps apart."""

import re
import unicodedata

import jellyfish
import phonenumbers

# Letters typed for digits (and the reverse) on number plates: read both as the digit.
PLATE_SLIPS = str.maketrans({"O": "0", "I": "1"})
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
DEFAULT_REGION = "GB"


def registration_key(text: str) -> str:
    """'ab12 cde', 'AB12CDE' and 'AB12 CDE' all give 'AB12CDE'; 'AB12 CDO' and 'AB12 CD0' agree."""
    letters = "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())
    return letters.translate(PLATE_SLIPS)


def phone_key(text: str) -> str:
    """The number in E.164 ('+447700900982'), read as British unless it says otherwise, or ''
    when it cannot be a phone number."""
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(key: str) -> str:
    """A stored E.164 number as people write it: national for British numbers."""
    number = phonenumbers.parse(key, DEFAULT_REGION)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 44
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def handle_text(handle: str) -> str:
    return "".join(handle.split()).lstrip("@").lower()


def account_key(platform: str, handle: str) -> str:
    cleaned = handle_text(handle)
    return f"{platform.strip().lower()}:{cleaned}" if cleaned else ""


def postcode_key(text: str) -> str:
    """'sp1 1aa' gives 'SP11AA'; anything that is not a postcode gives ''."""
    squeezed = "".join(text.upper().split())
    return squeezed if POSTCODE.match(squeezed) else ""


def plain_text(text: str) -> str:
    """Lower case, accents and punctuation dropped, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.sub(r"[^0-9a-z]+", " ", letters.lower()).split()
    return " ".join(words)


def phonetic_key(text: str) -> str:
    """Metaphone of the plain text, spaces dropped: 'Dazza' and 'Daza' give 'TS'."""
    plain = plain_text(text)
    return "".join(jellyfish.metaphone(plain).split()) if plain else ""


def similarity(first: str, second: str) -> float:
    """Jaro-Winkler similarity of the plain texts, 0 to 1."""
    a, b = plain_text(first), plain_text(second)
    if not a or not b:
        return 0.0
    return jellyfish.jaro_winkler_similarity(a, b)


NAMES_ALIKE = 0.88


def names_alike(first: str, second: str) -> bool:
    """Spelling-tolerant: the same sound, or nearly the same letters."""
    same_sound = phonetic_key(first) and phonetic_key(first) == phonetic_key(second)
    return bool(same_sound) or similarity(first, second) >= NAMES_ALIKE


AGE_SPREAD = 5


def ages_compatible(first: int | None, second: int | None) -> bool:
    """Approximate ages given by different people: unknown fits anything, else within 5 years."""
    return first is None or second is None or abs(first - second) <= AGE_SPREAD


def postcodes_compatible(first: str, second: str) -> bool:
    return not first or not second or first == second
