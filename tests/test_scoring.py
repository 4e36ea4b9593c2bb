"""Tests for the pure CSE scoring function (no Django, no database)."""

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.scoring import (
    ANSWERS,
    NO,
    POSSIBLE,
    YES,
    Band,
    ChildFacts,
    Item,
    Policy,
    Result,
    band_for_total,
    score,
)

# database=None: don't write a .hypothesis/ example database into the tree.
HYPOTHESIS = settings(database=None, max_examples=200, deadline=None)

DEFAULT_INDICATORS = (
    ("missing", "Going missing from home, care or school", 3),
    ("behaviour", "Change in behaviour or appearance", 1),
    ("gifts", "Unexplained gifts, money or clothes", 2),
    ("phone", "New or secret phone or contacts", 2),
    ("drugs_alcohol", "Drug or alcohol use", 2),
    ("cars", "Seen getting into cars with unknown adults", 3),
    ("older_friend", "Relationship with an older 'boyfriend' or friend", 3),
    ("online", "Risky online activity", 2),
    ("offending", "Involvement in offending", 2),
    ("sexual_health", "Sexual health concerns or pregnancy", 3),
)
DEFAULT_FEATURES = (
    ("exchange", "Exchange: the child receives something for sexual activity", 3),
    ("power", "Imbalance of power", 2),
    ("technology", "Use of technology to exploit", 2),
    ("vulnerability", "Exploitation of vulnerability", 1),
)


def default_items() -> tuple[Item, ...]:
    """The real default indicators and defining features, with their weights."""
    indicators = [Item(k, t, w, "indicator") for k, t, w in DEFAULT_INDICATORS]
    features = [Item(k, t, w, "feature") for k, t, w in DEFAULT_FEATURES]
    return tuple(indicators + features)


ITEMS = default_items()
KEYS = [item.key for item in ITEMS]
INDICATOR_KEYS = [k for k, _, _ in DEFAULT_INDICATORS]
FEATURE_KEYS = [k for k, _, _ in DEFAULT_FEATURES]
RANK = {NO: 0, POSSIBLE: 1, YES: 2}


def run(
    answers=None,
    *,
    age=15,
    ld=False,
    looked_after=False,
    disclosure=False,
    immediate_risk=False,
    recent=0,
    policy=None,
    items=ITEMS,
) -> Result:
    return score(
        items=items,
        answers=answers or {},
        child=ChildFacts(age_years=age, learning_disability=ld, looked_after=looked_after),
        disclosure=disclosure,
        immediate_risk=immediate_risk,
        recent_concerns=recent,
        policy=policy or Policy(),
    )


def floor_codes(result: Result) -> list[str]:
    return [f.code for f in result.floors]


def only_floor(result: Result, code: str):
    (floor,) = [f for f in result.floors if f.code == code]
    return floor


# --- points -----------------------------------------------------------------


def test_no_answers_scores_zero_and_low():
    result = run()
    assert result.total == 0
    assert result.base_band == result.band == Band.LOW
    assert result.contributions == ()
    assert result.floors == ()


def test_yes_counts_the_full_weight():
    assert run({"missing": YES}).total == Decimal(3)


def test_possible_counts_half_the_weight():
    result = run({"missing": POSSIBLE, "behaviour": POSSIBLE})
    assert result.total == Decimal("2.0")
    assert [c.points for c in result.contributions] == [
        Decimal("1.5"),
        Decimal("0.5"),
    ]


def test_no_counts_nothing_and_is_not_explained():
    result = run({"missing": NO, "cars": YES})
    assert result.total == 3
    assert [c.key for c in result.contributions] == ["cars"]


def test_missing_key_means_no():
    assert run({"cars": YES}) == run(dict.fromkeys(KEYS, NO) | {"cars": YES})


def test_contributions_follow_item_order_not_answer_order():
    answers = {"vulnerability": YES, "cars": POSSIBLE, "missing": YES}
    result = run(answers)
    assert [c.key for c in result.contributions] == ["missing", "cars", "vulnerability"]


def test_contribution_records_wording_weight_and_answer():
    (c,) = run({"gifts": POSSIBLE}).contributions
    assert (c.key, c.kind, c.answer, c.weight, c.points) == (
        "gifts",
        "indicator",
        POSSIBLE,
        2,
        Decimal(1),
    )
    assert c.text == "Unexplained gifts, money or clothes"


def test_zero_weight_yes_scores_nothing_and_is_not_explained():
    items = (Item("a", "A", 0), Item("b", "B", 2))
    result = run({"a": YES, "b": YES}, items=items)
    assert result.total == 2
    assert [c.key for c in result.contributions] == ["b"]


@pytest.mark.parametrize("bad", ["maybe", "Yes", "", None, 1, True])
def test_unknown_answer_value_raises(bad):
    with pytest.raises(ValueError):
        run({"missing": bad})


def test_answer_for_an_unknown_item_raises():
    with pytest.raises(ValueError):
        run({"not_an_item": YES})


def test_duplicate_item_keys_raise():
    with pytest.raises(ValueError):
        run(items=(Item("a", "A", 1), Item("a", "A again", 2)))


def test_negative_weight_is_rejected():
    with pytest.raises(ValueError):
        Item("a", "A", -1)


def test_unknown_item_kind_is_rejected():
    with pytest.raises(ValueError):
        Item("a", "A", 1, kind="other")


def test_negative_recent_concerns_raises():
    with pytest.raises(ValueError):
        run(recent=-1)


# --- thresholds -------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        ({"missing": YES, "gifts": YES, "behaviour": POSSIBLE}, "5.5", Band.LOW),
        ({"missing": YES, "cars": YES}, "6", Band.MEDIUM),
        (
            {
                "missing": YES,
                "cars": YES,
                "older_friend": YES,
                "gifts": YES,
                "behaviour": POSSIBLE,
            },
            "11.5",
            Band.MEDIUM,
        ),
        (
            {"missing": YES, "cars": YES, "older_friend": YES, "sexual_health": YES},
            "12",
            Band.HIGH,
        ),
    ],
    ids=["5.5-low", "6-medium", "11.5-medium", "12-high"],
)
def test_thresholds_at_their_edges(answers, total, band):
    result = run(answers)
    assert result.total == Decimal(total)
    assert result.base_band == result.band == band
    assert result.floors == ()


@pytest.mark.parametrize(
    ("total", "band"),
    [("0", Band.LOW), ("5.99", Band.LOW), ("6", Band.MEDIUM), ("11.99", Band.MEDIUM)]
    + [("12", Band.HIGH), ("1000", Band.HIGH)],
)
def test_band_for_total_uses_inclusive_lower_edges(total, band):
    assert band_for_total(Decimal(total), Policy()) == band


def test_band_for_total_uses_the_policy_thresholds():
    policy = Policy(medium_threshold=Decimal(2), high_threshold=Decimal("4.5"))
    assert band_for_total(Decimal("1.5"), policy) == Band.LOW
    assert band_for_total(Decimal(2), policy) == Band.MEDIUM
    assert band_for_total(Decimal("4.5"), policy) == Band.HIGH


def test_every_answer_yes_is_high_but_not_immediate():
    result = run(dict.fromkeys(KEYS, YES))
    assert result.total == 31
    assert result.band == Band.HIGH


def test_policy_rejects_medium_threshold_above_high():
    with pytest.raises(ValueError):
        Policy(medium_threshold=Decimal(13), high_threshold=Decimal(12))


def test_band_labels():
    assert [b.label for b in Band] == ["Low", "Medium", "High", "Immediate"]


# --- floor: disclosure --------------------------------------------------------


def test_disclosure_lifts_low_to_high():
    result = run(disclosure=True)
    assert result.base_band == Band.LOW
    assert result.band == Band.HIGH
    floor = only_floor(result, "disclosure")
    assert (floor.band_before, floor.band_after) == (Band.LOW, Band.HIGH)
    assert floor.description == ("The child has disclosed sexual exploitation: at least High.")


def test_disclosure_when_already_high_is_recorded_without_changing_the_band():
    high = {"missing": YES, "cars": YES, "older_friend": YES, "sexual_health": YES}
    result = run(high, disclosure=True)
    floor = only_floor(result, "disclosure")
    assert (floor.band_before, floor.band_after) == (Band.HIGH, Band.HIGH)
    assert result.band == Band.HIGH


def test_no_disclosure_records_no_disclosure_floor():
    assert "disclosure" not in floor_codes(run({"missing": YES}))


# --- floor: young or learning disability --------------------------------------


def test_child_under_young_age_with_an_indicator_is_at_least_medium():
    result = run({"behaviour": POSSIBLE}, age=12)
    assert result.total == Decimal("0.5")
    assert result.base_band == Band.LOW
    assert result.band == Band.MEDIUM
    floor = only_floor(result, "young_or_ld")
    assert (floor.band_before, floor.band_after) == (Band.LOW, Band.MEDIUM)
    assert floor.description == (
        "The child is under 13, and at least one sign is present: at least Medium."
    )


def test_young_floor_not_applied_at_exactly_young_age():
    result = run({"behaviour": YES}, age=13)
    assert result.band == Band.LOW
    assert result.floors == ()


def test_young_floor_not_applied_when_only_features_are_present():
    result = run(dict.fromkeys(FEATURE_KEYS, YES), age=10)
    assert result.total == 8  # Medium by total, but no floor
    assert "young_or_ld" not in floor_codes(result)
    assert run({"exchange": YES}, age=10).band == Band.LOW


def test_young_floor_not_applied_with_no_indicators_at_all():
    assert run(age=5).floors == ()


def test_young_floor_counts_a_zero_weight_indicator_answered_yes():
    items = (Item("quiet", "Withdrawn", 0),)
    result = run({"quiet": YES}, age=11, items=items)
    assert result.total == 0
    assert result.band == Band.MEDIUM


def test_learning_disability_floor_applies_at_age_15():
    result = run({"online": POSSIBLE}, age=15, ld=True)
    assert result.band == Band.MEDIUM
    floor = only_floor(result, "young_or_ld")
    assert floor.description == (
        "The child has a learning disability, and at least one sign is present: at least Medium."
    )


def test_learning_disability_floor_not_applied_without_an_indicator():
    result = run({"power": YES}, age=15, ld=True)
    assert result.band == Band.LOW
    assert result.floors == ()


def test_young_and_learning_disability_is_one_floor_naming_both():
    result = run({"online": YES}, age=9, ld=True)
    (floor,) = result.floors
    assert floor.code == "young_or_ld"
    assert "under 13" in floor.description
    assert "learning disability" in floor.description


def test_young_floor_when_already_medium_is_recorded_unchanged():
    result = run({"missing": YES, "cars": YES}, age=12)
    floor = only_floor(result, "young_or_ld")
    assert (floor.band_before, floor.band_after) == (Band.MEDIUM, Band.MEDIUM)


def test_young_floor_never_lowers_high():
    result = run(dict.fromkeys(INDICATOR_KEYS, YES), age=8)
    assert result.band == Band.HIGH


def test_young_age_comes_from_the_policy():
    result = run({"behaviour": YES}, age=15, policy=Policy(young_age=16))
    assert result.band == Band.MEDIUM
    assert "under 16" in only_floor(result, "young_or_ld").description


def test_looked_after_child_with_an_indicator_is_at_least_medium_and_named():
    result = run({"online": POSSIBLE}, age=15, looked_after=True)
    assert result.band == Band.MEDIUM
    floor = only_floor(result, "young_or_ld")
    assert floor.description == (
        "The child is looked after, and at least one sign is present: at least Medium."
    )


def test_looked_after_floor_not_applied_without_an_indicator():
    result = run({"power": YES}, age=15, looked_after=True)
    assert result.band == Band.LOW
    assert result.floors == ()


def test_looked_after_floor_can_be_switched_off_in_the_policy():
    policy = Policy(looked_after_floor=False)
    result = run({"online": POSSIBLE}, age=15, looked_after=True, policy=policy)
    assert result.band == Band.LOW
    assert result.floors == ()


def test_young_looked_after_child_with_a_learning_disability_is_one_floor_naming_all_three():
    result = run({"online": YES}, age=9, ld=True, looked_after=True)
    (floor,) = result.floors
    assert "under 13" in floor.description
    assert "learning disability" in floor.description
    assert "looked after" in floor.description


def test_explanations_stored_before_the_looked_after_floor_read_back_without_it():
    stored = Policy().as_dict()
    del stored["looked_after_floor"]
    assert Policy.from_dict(stored).looked_after_floor is False


# --- floor: repeat concerns ---------------------------------------------------


def test_repeat_with_two_prior_concerns_lifts_one_band():
    result = run({"behaviour": YES}, recent=2)
    assert result.band == Band.MEDIUM
    floor = only_floor(result, "repeat")
    assert (floor.band_before, floor.band_after) == (Band.LOW, Band.MEDIUM)
    assert floor.description == (
        "The child has had 3 or more concerns in 90 days (3, including this one): "
        "one band higher, up to High."
    )


def test_repeat_not_applied_with_one_prior_concern():
    result = run({"behaviour": YES}, recent=1)
    assert result.band == Band.LOW
    assert result.floors == ()


def test_repeat_lifts_medium_to_high():
    result = run({"missing": YES, "cars": YES}, recent=5)
    assert result.band == Band.HIGH
    assert "(6, including this one)" in only_floor(result, "repeat").description


def test_repeat_does_not_lift_high_to_immediate():
    high = {"missing": YES, "cars": YES, "older_friend": YES, "sexual_health": YES}
    result = run(high, recent=10)
    assert result.band == Band.HIGH
    floor = only_floor(result, "repeat")
    assert (floor.band_before, floor.band_after) == (Band.HIGH, Band.HIGH)


def test_repeat_after_disclosure_stays_high():
    result = run(disclosure=True, recent=2)
    assert floor_codes(result) == ["disclosure", "repeat"]
    assert result.band == Band.HIGH


def test_repeat_applies_after_the_young_floor():
    result = run({"behaviour": POSSIBLE}, age=12, recent=2)
    assert floor_codes(result) == ["young_or_ld", "repeat"]
    assert [f.band_after for f in result.floors] == [Band.MEDIUM, Band.HIGH]
    assert result.band == Band.HIGH


def test_repeat_count_and_days_come_from_the_policy():
    policy = Policy(repeat_count=4, repeat_days=30)
    assert run(recent=2, policy=policy).floors == ()
    floor = only_floor(run(recent=3, policy=policy), "repeat")
    assert floor.description.startswith("The child has had 4 or more concerns in 30 days")


def test_every_safety_floor_is_worded_the_same_way_about_the_child():
    result = run({"behaviour": YES}, age=9, ld=True, disclosure=True, immediate_risk=True, recent=4)
    assert len(result.floors) == 4
    for floor in result.floors:
        assert floor.description.startswith("The child "), floor.description
        assert "indicator" not in floor.description  # practitioners see "signs"


# --- floor: immediate risk ------------------------------------------------------


def test_immediate_risk_gives_immediate_from_low():
    result = run(immediate_risk=True)
    assert result.band == Band.IMMEDIATE
    floor = only_floor(result, "immediate_risk")
    assert (floor.band_before, floor.band_after) == (Band.LOW, Band.IMMEDIATE)


def test_floors_are_applied_in_order_disclosure_young_repeat_immediate():
    result = run({"behaviour": YES}, age=10, disclosure=True, recent=2, immediate_risk=True)
    assert floor_codes(result) == ["disclosure", "young_or_ld", "repeat"] + ["immediate_risk"]
    chain = [(f.band_before, f.band_after) for f in result.floors]
    assert chain == [
        (Band.LOW, Band.HIGH),
        (Band.HIGH, Band.HIGH),
        (Band.HIGH, Band.HIGH),
        (Band.HIGH, Band.IMMEDIATE),
    ]


# --- storage --------------------------------------------------------------------


def test_as_dict_is_json_with_decimal_strings_and_band_ints_and_labels():
    result = run({"missing": POSSIBLE}, disclosure=True)
    d = json.loads(json.dumps(result.as_dict()))
    assert d["total"] == "1.5"
    assert (d["base_band"], d["base_band_label"]) == (1, "Low")
    assert (d["band"], d["band_label"]) == (3, "High")
    assert d["contributions"][0]["points"] == "1.5"
    assert d["floors"][0]["band_before"] == 1
    assert d["floors"][0]["band_after_label"] == "High"
    assert d["policy"]["medium_threshold"] == "6"


# --- hypothesis -----------------------------------------------------------------

answers_st = st.dictionaries(st.sampled_from(KEYS), st.sampled_from(ANSWERS))
child_st = st.builds(
    ChildFacts,
    age_years=st.integers(0, 25),
    learning_disability=st.booleans(),
    looked_after=st.booleans(),
)
half_steps = st.integers(0, 60).map(lambda n: Decimal(n) / 2)


@st.composite
def policy_st(draw) -> Policy:
    medium = draw(half_steps)
    return Policy(
        version=draw(st.integers(1, 9)),
        medium_threshold=medium,
        high_threshold=medium + draw(half_steps),
        young_age=draw(st.integers(0, 18)),
        repeat_count=draw(st.integers(1, 6)),
        repeat_days=draw(st.integers(1, 365)),
        looked_after_floor=draw(st.booleans()),
    )


item_st = st.builds(
    Item,
    key=st.just(""),
    text=st.text(max_size=30),
    weight=st.integers(0, 3),
    kind=st.sampled_from(["indicator", "feature"]),
)
items_st = st.one_of(
    st.just(ITEMS),
    st.lists(item_st, max_size=8).map(
        lambda xs: tuple(Item(f"k{i}", x.text, x.weight, x.kind) for i, x in enumerate(xs))
    ),
)


@st.composite
def inputs_st(draw) -> dict:
    items = draw(items_st)
    keys = [item.key for item in items]
    key_st = st.sampled_from(keys) if keys else st.nothing()
    answers = draw(st.dictionaries(key_st, st.sampled_from(ANSWERS)))
    return {
        "items": items,
        "answers": answers,
        "child": draw(child_st),
        "disclosure": draw(st.booleans()),
        "immediate_risk": draw(st.booleans()),
        "recent_concerns": draw(st.integers(0, 8)),
        "policy": draw(policy_st()),
    }


@HYPOTHESIS
@given(inputs_st())
def test_as_dict_from_dict_round_trip(inputs):
    result = score(**inputs)
    stored = json.loads(json.dumps(result.as_dict()))
    assert Result.from_dict(stored) == result
    assert Result.from_dict(stored).as_dict() == stored


@HYPOTHESIS
@given(inputs_st())
def test_total_equals_the_sum_of_the_explanation_points(inputs):
    result = score(**inputs)
    assert result.total == sum((c.points for c in result.contributions), Decimal(0))
    assert all(c.points > 0 for c in result.contributions)


@HYPOTHESIS
@given(inputs_st())
def test_band_is_never_lower_than_the_base_band(inputs):
    result = score(**inputs)
    assert result.base_band == band_for_total(result.total, inputs["policy"])
    assert result.band >= result.base_band


@HYPOTHESIS
@given(inputs_st())
def test_immediate_risk_always_gives_immediate_and_nothing_else_does(inputs):
    result = score(**inputs)
    assert (result.band == Band.IMMEDIATE) == inputs["immediate_risk"]


@HYPOTHESIS
@given(inputs_st())
def test_each_floor_chains_from_the_previous_band(inputs):
    result = score(**inputs)
    band = result.base_band
    for floor in result.floors:
        assert floor.band_before == band
        assert floor.band_after >= floor.band_before
        band = floor.band_after
    assert band == result.band


@HYPOTHESIS
@given(
    answers=answers_st,
    key=st.sampled_from(KEYS),
    child=child_st,
    disclosure=st.booleans(),
    immediate_risk=st.booleans(),
    recent=st.integers(0, 5),
    policy=policy_st(),
    data=st.data(),
)
def test_upgrading_any_answer_never_lowers_the_band(
    answers, key, child, disclosure, immediate_risk, recent, policy, data
):
    current = answers.get(key, NO)
    higher = [a for a in ANSWERS if RANK[a] > RANK[current]] or [YES]
    upgraded = {**answers, key: data.draw(st.sampled_from(higher))}

    def band(a):
        return score(
            items=ITEMS,
            answers=a,
            child=child,
            disclosure=disclosure,
            immediate_risk=immediate_risk,
            recent_concerns=recent,
            policy=policy,
        ).band

    assert band(upgraded) >= band(answers)


@HYPOTHESIS
@given(answers=answers_st, key=st.sampled_from(KEYS), child=child_st)
def test_adding_a_yes_never_lowers_the_total_or_band(answers, key, child):
    facts = {"age": child.age_years, "ld": child.learning_disability}
    facts["looked_after"] = child.looked_after
    before = run(answers, **facts)
    after = run({**answers, key: YES}, **facts)
    assert after.total >= before.total
    assert after.band >= before.band


@HYPOTHESIS
@given(inputs_st())
def test_a_looked_after_child_with_an_indicator_present_is_never_below_medium(inputs):
    child = ChildFacts(age_years=inputs["child"].age_years, looked_after=True)
    policy = inputs["policy"]
    result = score(**{**inputs, "child": child})
    present = any(
        item.kind == "indicator" and inputs["answers"].get(item.key, NO) != NO
        for item in inputs["items"]
    )
    if present and policy.looked_after_floor:
        assert result.band >= Band.MEDIUM
        assert any("looked after" in f.description for f in result.floors)
    else:
        assert not any("looked after" in f.description for f in result.floors)
