"""Normalisation and matching of people, vehicles, places, phones and accounts: property tests
(hypothesis) for the spellings practitioners type."""

from hypothesis import given
from hypothesis import strategies as st

from network import normalise
from network.keys import keys_for, probable_reason
from network.models import Entity, Kind

LETTERS = "ABCDEFGHJKLMNPRSTUVWXY"  # the letters that can be mistaken stay out of the base
plates = st.builds(
    lambda a, d, b: a + d + b,
    st.text(LETTERS, min_size=2, max_size=2),
    st.text("0123456789", min_size=2, max_size=2),
    st.text(LETTERS, min_size=3, max_size=3),
)


def _respell(plate: str, data) -> str:
    """The same plate as someone might type it: any case, spaces anywhere."""
    out = []
    for ch in plate:
        ch = ch.lower() if data.draw(st.booleans()) else ch
        out.append(ch + (" " if data.draw(st.booleans()) else ""))
    return " " * data.draw(st.integers(0, 2)) + "".join(out)


@given(plates, st.data())
def test_a_registration_matches_whatever_its_case_and_spaces(plate, data):
    assert normalise.registration_key(_respell(plate, data)) == normalise.registration_key(plate)


@given(plates, st.data())
def test_a_registration_matches_with_o_for_0_and_i_for_1(plate, data):
    slipped = "".join(
        {"0": "O", "1": "I"}.get(ch, ch) if data.draw(st.booleans()) else ch for ch in plate
    )
    assert normalise.registration_key(slipped) == normalise.registration_key(plate)


def test_the_done_when_plates_match():
    assert normalise.registration_key("ab12cde") == normalise.registration_key("AB12 CDE")


def test_different_registrations_do_not_match():
    assert normalise.registration_key("AB12 CDE") != normalise.registration_key("AB12 CDF")


mobiles = st.integers(min_value=0, max_value=999).map(lambda n: f"7700900{n:03d}")


@given(mobiles, st.sampled_from(["0{n}", "+44{n}", "+44 (0){n}", "0044{n}", "0{a} {b}"]))
def test_a_phone_number_matches_in_national_and_international_form(digits, form):
    typed = form.format(n=digits, a=digits[:4], b=digits[4:])
    assert normalise.phone_key(typed) == f"+44{digits}"


def test_a_foreign_number_keeps_its_country():
    assert normalise.phone_key("+33 6 12 34 56 78") == "+33612345678"


def test_something_that_is_not_a_phone_number_has_no_key():
    assert normalise.phone_key("call me") == ""
    assert normalise.phone_key("123") == ""


@given(
    st.from_regex(r"[a-z][a-z0-9_.]{2,14}", fullmatch=True),
    st.sampled_from(["@", "", " @"]),
)
def test_an_account_matches_whatever_its_case_or_at_sign(handle, prefix):
    typed = prefix + handle.upper()
    assert normalise.account_key("snapchat", typed) == f"snapchat:{handle}"


def test_the_same_handle_on_another_platform_is_another_account():
    assert normalise.account_key("snapchat", "dazza") != normalise.account_key("tiktok", "dazza")


names = st.sampled_from(
    ["Dazza", "Mohammed", "Jonny", "Tariq", "Kevin", "Shaun", "Big Mick", "Amir", "Stevie"]
)


@given(names, st.data())
def test_a_name_with_a_doubled_letter_or_changed_case_is_alike(name, data):
    at = data.draw(st.integers(0, len(name) - 1))
    typo = name[:at] + name[at] + name[at:]
    typed = typo.upper() if data.draw(st.booleans()) else typo.lower()
    assert normalise.names_alike(name, typed)


@given(names, st.data())
def test_a_name_with_a_missing_letter_after_the_first_two_is_alike(name, data):
    at = data.draw(st.integers(2, len(name) - 1))
    assert normalise.names_alike(name, name[:at] + name[at + 1 :])


def test_spelling_variants_are_alike_and_different_names_are_not():
    assert normalise.names_alike("Mohammed", "Muhammad")
    assert normalise.names_alike("Johnny", "Jonny")
    assert not normalise.names_alike("Dazza", "Kevin")


@given(st.text(max_size=30))
def test_normalising_never_fails_on_any_text(text):
    normalise.registration_key(text)
    normalise.phone_key(text)
    normalise.postcode_key(text)
    normalise.phonetic_key(text)
    keys_for(Kind.PLACE, {"name": text, "postcode": text})


def test_postcodes_match_whatever_their_case_and_spaces():
    assert normalise.postcode_key("sp1 1aa") == normalise.postcode_key("SP11AA") == "SP11AA"
    assert normalise.postcode_key("not a postcode") == ""


def _person(name, age):
    return Entity(kind=Kind.PERSON, name=name, approximate_age=age)


def test_a_similar_name_with_a_compatible_age_is_offered_as_a_possible_match():
    assert probable_reason(
        Kind.PERSON, {"name": "Daza", "approximate_age": 27}, _person("Dazza", 25)
    )


def test_a_similar_name_with_an_incompatible_age_is_not_offered():
    assert not probable_reason(
        Kind.PERSON, {"name": "Daza", "approximate_age": 45}, _person("Dazza", 25)
    )


def test_a_place_with_a_similar_name_at_another_postcode_is_not_offered():
    old = Entity(kind=Kind.PLACE, name="Kebab King", postcode_key="SP11AA")
    assert not probable_reason(Kind.PLACE, {"name": "Kebab Kingz", "postcode": "BA14 8AA"}, old)
    assert probable_reason(Kind.PLACE, {"name": "Kebab Kingz", "postcode": "SP1 1AA"}, old)
