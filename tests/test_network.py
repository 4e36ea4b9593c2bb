"""The network: entities named in concerns are linked across children, leads are alerted and
see the links; practitioners never learn that an entity appears elsewhere."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from network import services
from network.alerts import alert_send, alerts_sweep
from network.keys import EntityInput
from network.models import Entity, EntityAlert, EntityLink, PossibleMatch

from .network_support import file_a_car_and_its_typo, file_naming, vehicle

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_children_one_car(practitioner, other_practitioner):
    first = file_naming(filed_by=practitioner, entities=[vehicle("ab12cde")])
    second = file_naming(
        filed_by=other_practitioner,
        entities=[vehicle("AB12 CDE", role="Drove the child to a party")],
        first_name="Riley",
        last_name="Sample",
    )
    return first, second


def test_the_same_registration_typed_differently_is_one_vehicle(two_children_one_car):
    first, second = two_children_one_car
    assert Entity.objects.filter(kind="vehicle").count() == 1
    assert EntityLink.objects.filter(concern__in=[first, second]).count() == 2


def test_a_second_concern_naming_a_known_vehicle_alerts_the_leads(lead, two_children_one_car):
    first, second = two_children_one_car
    alert = EntityAlert.objects.get()
    assert alert.concern == second
    assert alert_send(alert_id=alert.pk) == "sent"
    [message] = mail.outbox
    assert message.to == [lead.email]
    assert (
        "A new concern names a vehicle that appears in 1 other concern about 1 other child."
        in message.body
    )
    assert second.reference in message.body


def test_the_alert_email_holds_no_child_data_and_no_entity_details(lead, two_children_one_car):
    alerts_sweep()
    [message] = mail.outbox
    html = message.alternatives[0][0]
    for text in ("Jamie", "Riley", "Example", "Sample", "AB12", "ab12", "Astra", "kebab", "Fore"):
        assert text not in message.body and text not in html and text not in message.subject


def test_an_alert_is_sent_once_however_often_it_is_tried(lead, two_children_one_car):
    alert = EntityAlert.objects.get()
    assert alert_send(alert_id=alert.pk) == "sent"
    assert alert_send(alert_id=alert.pk) == "skipped"
    assert alerts_sweep() == 0
    assert len(mail.outbox) == 1


def test_filing_records_what_it_names_in_its_one_audit_event(two_children_one_car):
    _, second = two_children_one_car
    car = Entity.objects.get()
    filed = AuditEvent.objects.filter(object_id=second.pk, object_type="concern")
    assert [(event.action, event.detail) for event in filed] == [
        ("concern.filed", {"band": second.band_label, "entities": [car.pk]})
    ]


def test_a_first_mention_alerts_nobody(lead, practitioner):
    file_naming(filed_by=practitioner, entities=[vehicle()])
    assert not EntityAlert.objects.exists()


def test_resubmitting_the_form_adds_no_entity_twice(practitioner):
    import uuid

    from concerns.services import concern_file  # noqa: F401  (the same token path)
    from network.services import concern_file_with_entities

    from .factories import child_details

    token = uuid.uuid4()
    kwargs = {
        "filed_by": practitioner,
        "child": child_details(),
        "answers": {},
        "disclosure": False,
        "immediate_risk": False,
        "narrative": "x",
        "submission_token": token,
    }
    one = concern_file_with_entities(entities=[vehicle()], **kwargs)
    two = concern_file_with_entities(entities=[vehicle()], **kwargs)
    assert one.pk == two.pk
    assert EntityLink.objects.count() == 1


@pytest.fixture
def dazza_and_daza(practitioner, other_practitioner):
    """Two children's concerns naming people spelt a little differently, of similar ages."""
    file_naming(
        filed_by=practitioner,
        entities=[EntityInput(kind="person", name="Dazza", approximate_age=25)],
    )
    file_naming(
        filed_by=other_practitioner,
        first_name="Riley",
        entities=[EntityInput(kind="person", name="Daza", approximate_age=27)],
    )
    services.possible_matches_offer()  # the worker's sweep, every REMINDER_SWEEP_SECONDS


def test_a_similar_name_is_offered_to_leads_never_merged(dazza_and_daza):
    assert Entity.objects.filter(kind="person").count() == 2
    match = PossibleMatch.objects.get()
    assert match.status == PossibleMatch.Status.OPEN
    assert not EntityAlert.objects.exists()


def test_a_similar_name_waits_for_the_workers_sweep_and_is_offered_once(
    practitioner, other_practitioner
):
    """Filing links and alerts at once; comparing names is the worker's, in batches."""
    for filer, name in ((practitioner, "Dazza"), (other_practitioner, "Daza")):
        file_naming(filed_by=filer, entities=[EntityInput(kind="person", name=name)])
    assert not PossibleMatch.objects.exists()  # not in the filing's request

    assert services.possible_matches_offer() == 2
    assert services.possible_matches_offer() == 0  # each compared once
    assert PossibleMatch.objects.count() == 1


def test_an_entry_merged_before_the_sweep_is_not_offered(lead, practitioner, other_practitioner):
    for filer, name in ((practitioner, "Dazza"), (other_practitioner, "Daza")):
        file_naming(filed_by=filer, entities=[EntityInput(kind="person", name=name)])
    dazza, daza = Entity.objects.filter(kind="person").order_by("id")
    services.entity_merge(keep=dazza, merge=daza, by=lead)  # a lead got there first

    assert services.possible_matches_offer() == 2
    assert not PossibleMatch.objects.exists()


def test_the_sweep_compares_a_batch_in_the_same_queries_however_many_it_holds(practitioner):
    def file_and_count(names):
        for n, name in enumerate(names):
            file_naming(
                filed_by=practitioner,
                first_name=f"Child{n}",
                entities=[EntityInput(kind="person", name=name, approximate_age=25)],
            )
        with CaptureQueriesContext(connection) as queries:
            services.possible_matches_offer()
        return len(queries)

    assert file_and_count(["Dazza", "Daza"]) == file_and_count(["Dazz", "Darren"] * 6)
    assert PossibleMatch.objects.filter(second__name="Darren").exists()


def test_a_possible_match_shows_each_entrys_age_so_a_lead_can_tell_them_apart(
    lead_client, dazza_and_daza
):
    page = lead_client.get("/network/").content.decode()
    assert "Person, about 25" in page and "Person, about 27" in page


@pytest.mark.parametrize(
    "first, second",
    [
        ({"name": "Darren Hughes", "alias": "Dazza"}, {"name": "Dazza"}),
        ({"name": "Dazza"}, {"name": "Darren Hughes", "alias": "Dazza"}),
        ({"name": "Darren Hughes", "alias": "Dazza"}, {"name": "D Hughes", "alias": "Daza"}),
    ],
    ids=["nickname-named-alone", "nickname-named-first", "other-names-alike"],
)
def test_a_nickname_is_offered_as_possibly_the_one_also_known_by_it(
    practitioner, other_practitioner, first, second
):
    file_naming(
        filed_by=practitioner,
        entities=[EntityInput(kind="person", approximate_age=30, **first)],
    )
    file_naming(
        filed_by=other_practitioner,
        first_name="Riley",
        entities=[EntityInput(kind="person", approximate_age=32, **second)],
    )
    services.possible_matches_offer()
    match = PossibleMatch.objects.get()
    assert match.reason == "A similar name and a compatible age"
    assert Entity.objects.filter(kind="person", merged_into=None).count() == 2


def test_a_nickname_named_many_times_is_offered_with_the_five_latest_not_all(practitioner):
    """Eight concerns name "Dazza" and no lead has merged them yet: the eighth is put to the
    leads with the five before it, not with all seven, and every one is still in some pair."""
    for n in range(8):
        file_naming(
            filed_by=practitioner,
            first_name=f"Child{n}",
            entities=[EntityInput(kind="person", name="Dazza", approximate_age=25)],
        )
    services.possible_matches_offer()
    people = list(Entity.objects.filter(kind="person").order_by("id").values_list("id", flat=True))
    last = PossibleMatch.objects.filter(second_id=people[-1])
    assert sorted(last.values_list("first_id", flat=True)) == people[2:7]
    paired = set(PossibleMatch.objects.values_list("first_id", flat=True))
    paired |= set(PossibleMatch.objects.values_list("second_id", flat=True))
    assert paired == set(people)


def test_a_lead_merging_a_possible_match_joins_the_concerns(lead, practitioner, other_practitioner):
    file_naming(
        filed_by=practitioner,
        entities=[EntityInput(kind="person", name="Dazza", approximate_age=25)],
    )
    file_naming(
        filed_by=other_practitioner,
        first_name="Riley",
        entities=[EntityInput(kind="person", name="Daza")],
    )
    services.possible_matches_offer()
    match = PossibleMatch.objects.get()
    services.possible_match_decide(match_id=match.pk, same=True, by=lead)
    assert EntityLink.objects.filter(entity=match.first).count() == 2
    assert Entity.objects.get(pk=match.second_id).merged_into_id == match.first_id
    assert AuditEvent.objects.filter(action="entity.merged").exists()
    with pytest.raises(services.NetworkRefused):
        services.possible_match_decide(match_id=match.pk, same=False, by=lead)


def test_a_lead_can_split_concerns_off_an_entity(lead, two_children_one_car):
    first, second = two_children_one_car
    car = Entity.objects.get()
    new = services.entity_split(entity=car, concern_ids=[second.pk], by=lead)
    assert list(EntityLink.objects.filter(entity=new).values_list("concern", flat=True)) == [
        second.pk
    ]
    assert AuditEvent.objects.filter(action="entity.split", object_id=car.pk).exists()


def test_a_leads_edit_is_audited_by_field_name_and_moves_the_key(lead, practitioner):
    file_naming(filed_by=practitioner, entities=[vehicle()])
    car = Entity.objects.get()
    changed = services.entity_edit(
        entity=car, details={"registration": "xy99 zzz", "colour": "Silver"}, by=lead
    )
    car.refresh_from_db()
    assert set(changed) == {"registration", "colour"}
    assert car.registration == "XY99 ZZZ" and car.exact_key == "XY99ZZZ"
    event = AuditEvent.objects.get(action="entity.edited")
    assert event.detail == {"fields": changed}


def test_a_lead_putting_right_a_mistyped_registration_is_offered_the_car_it_now_is(
    lead, practitioner, other_practitioner
):
    file_a_car_and_its_typo(filed_by=practitioner, other_filer=other_practitioner)
    right, typo = Entity.objects.order_by("id")

    services.entity_edit(entity=typo, details={"registration": "AB12 CDE"}, by=lead)

    match = PossibleMatch.objects.get()
    assert (match.first, match.second) == (right, typo)
    assert match.reason == "The same registration"
    assert match.status == PossibleMatch.Status.OPEN
    assert Entity.objects.filter(merged_into=None).count() == 2  # offered, never merged


def test_two_entries_with_the_same_label_are_told_apart_by_their_numbers(
    lead, lead_client, practitioner, other_practitioner
):
    file_a_car_and_its_typo(filed_by=practitioner, other_filer=other_practitioner)
    right, typo = Entity.objects.order_by("id")
    services.entity_edit(entity=typo, details={"registration": "AB12 CDE"}, by=lead)

    page = lead_client.get(f"/network/entities/{typo.pk}/").content.decode()
    assert f"Vehicle, entry {right.pk}" in page and f"Vehicle, entry {typo.pk}" in page


def test_a_lead_renaming_a_person_is_offered_the_like_one_filed_after_them(
    lead, practitioner, other_practitioner
):
    file_naming(
        filed_by=practitioner,
        entities=[EntityInput(kind="person", name="Mick", approximate_age=25)],
    )
    file_naming(
        filed_by=other_practitioner,
        first_name="Riley",
        entities=[EntityInput(kind="person", name="Dazza", approximate_age=26)],
    )
    services.possible_matches_offer()
    assert not PossibleMatch.objects.exists()
    mick, dazza = Entity.objects.order_by("id")

    services.entity_edit(entity=mick, details={"name": "Daza"}, by=lead)

    match = PossibleMatch.objects.get()
    assert (match.first, match.second) == (mick, dazza)
    assert match.reason == "A similar name and a compatible age"


def test_a_pair_kept_apart_is_not_offered_again_after_an_edit(
    lead, practitioner, other_practitioner
):
    file_a_car_and_its_typo(filed_by=practitioner, other_filer=other_practitioner)
    right, typo = Entity.objects.order_by("id")
    services.entity_edit(entity=typo, details={"registration": "AB12 CDE"}, by=lead)
    match = PossibleMatch.objects.get()
    services.possible_match_decide(match_id=match.pk, same=False, by=lead)

    services.entity_edit(entity=typo, details={"registration": "AB12 CDF"}, by=lead)
    services.entity_edit(entity=typo, details={"registration": "AB12 CDE"}, by=lead)

    assert PossibleMatch.objects.get().status == PossibleMatch.Status.APART


def test_phones_and_accounts_match_on_their_normal_form(practitioner, other_practitioner):
    file_naming(
        filed_by=practitioner,
        entities=[
            EntityInput(kind="phone", number="07700 900982"),
            EntityInput(kind="account", platform="snapchat", handle="@Dazza_99"),
        ],
    )
    file_naming(
        filed_by=other_practitioner,
        first_name="Riley",
        entities=[
            EntityInput(kind="phone", number="+44 7700 900 982"),
            EntityInput(kind="account", platform="snapchat", handle="dazza_99"),
        ],
    )
    assert Entity.objects.count() == 2
    alert = services.alert_count(EntityAlert.objects.get())  # as the sweep counts it
    assert [(line["kind"], line["concerns"], line["children"]) for line in alert.lines] == [
        ("phone", 1, 1),
        ("account", 1, 1),
    ]


# --- what practitioners may see -----------------------------------------------------------


def test_the_filer_sees_their_own_concerns_entities_and_nothing_about_elsewhere(
    client, practitioner, two_children_one_car
):
    first, _ = two_children_one_car
    client.force_login(practitioner)
    page = client.get(f"/concerns/{first.reference}/").content.decode()
    assert "AB12 CDE" in page and "Picked the child up" in page
    assert "other concern" not in page and "Riley" not in page and "Drove the child" not in page
    assert "/network/" not in page


def test_a_practitioner_cannot_open_any_network_page(client, practitioner, two_children_one_car):
    first, second = two_children_one_car
    car = Entity.objects.get()
    client.force_login(practitioner)
    for url in (
        f"/network/entities/{car.pk}/",
        f"/network/entities/{car.pk}/?after=1.1",
        f"/network/entities/{car.pk}/network/",
        f"/network/entities/{car.pk}/meeting-pack/",
        f"/network/entities/{car.pk}/edit/",
        f"/network/children/{first.child_id}/",
        "/network/",
        "/network/places/",
        f"/network/concerns/{first.reference}/add/vehicle/",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"AB12" not in response.content and b"Riley" not in response.content


def test_a_practitioner_cannot_see_entities_of_another_practitioners_concern(
    client, other_practitioner, two_children_one_car
):
    first, _ = two_children_one_car
    client.force_login(other_practitioner)
    assert client.get(f"/concerns/{first.reference}/").status_code == 404


# --- what leads see ------------------------------------------------------------------------


def test_the_vehicle_page_lists_both_children_oldest_first(lead_client, two_children_one_car):
    first, second = two_children_one_car
    car = Entity.objects.get()
    page = lead_client.get(f"/network/entities/{car.pk}/").content.decode()
    assert page.index(first.reference) < page.index(second.reference)
    assert "Jamie Example" in page and "Riley Sample" in page
    assert AuditEvent.objects.filter(action="entity.viewed", object_id=car.pk).exists()


def test_a_lead_pages_through_the_concerns_naming_an_entity_with_the_whole_count_on_each(
    lead_client, practitioner, monkeypatch
):
    from network import views

    monkeypatch.setattr(views, "ENTITY_CONCERNS_SHOWN", 2)
    # Four concerns about three children: Ann twice.
    filed = [
        file_naming(filed_by=practitioner, entities=[vehicle()], first_name=name).reference
        for name in ("Ann", "Bea", "Cat", "Ann")
    ]
    car = Entity.objects.get()
    first = lead_client.get(f"/network/entities/{car.pk}/").content.decode()
    assert "Named in 4 concerns about 3 children." in first
    assert filed[0] in first and filed[1] in first
    assert filed[2] not in first and filed[3] not in first
    assert "Earlier" not in first
    later = re.search(r'href="\?(after=[0-9.]+)" rel="next"', first).group(1)

    second = lead_client.get(f"/network/entities/{car.pk}/?{later}").content.decode()
    assert "Named in 4 concerns about 3 children." in second
    assert filed[2] in second and filed[3] in second
    assert filed[0] not in second and filed[1] not in second
    assert 'rel="prev"' in second and 'rel="next"' not in second
    viewed = AuditEvent.objects.filter(action="entity.viewed", object_id=car.pk).order_by("id")
    assert [event.detail for event in viewed] == [{}, {"concerns_after": later[len("after=") :]}]


def test_the_lead_sees_on_a_concern_that_its_vehicle_is_elsewhere(
    lead_client, two_children_one_car
):
    _, second = two_children_one_car
    page = lead_client.get(f"/concerns/{second.reference}/").content.decode()
    assert "1 other concern, 1 other child" in page


def test_the_child_summary_lists_what_all_the_childs_concerns_name(
    lead_client, practitioner, two_children_one_car
):
    first, _ = two_children_one_car
    later = file_naming(
        filed_by=practitioner,
        entities=[EntityInput(kind="place", name="Fore Street Kebabs", place_type="takeaway")],
    )
    assert later.child_id == first.child_id
    page = lead_client.get(f"/concerns/{later.reference}/").content.decode()
    summary = page[page.index('class="govuk-inset-text app-child-summary"') :]
    summary = summary[: summary.index("Open the chronology")]
    assert "Fore Street Kebabs" in summary and "AB12 CDE" in summary
    assert "also in concerns about 1 other child" in summary
    assert f"/network/children/{first.child_id}/" in summary


def test_a_filer_sees_only_their_own_concerns_entities_not_the_childs_others(
    client, practitioner, other_practitioner, two_children_one_car
):
    first, _ = two_children_one_car
    later = file_naming(
        filed_by=other_practitioner,
        entities=[EntityInput(kind="place", name="Fore Street Kebabs", place_type="takeaway")],
    )
    assert later.child_id == first.child_id
    client.force_login(other_practitioner)
    page = client.get(f"/concerns/{later.reference}/").content.decode()
    assert "Fore Street Kebabs" in page
    assert "AB12" not in page and "This child" not in page and "/network/" not in page


@pytest.fixture
def described_by_the_first_filer(practitioner, other_practitioner):
    """The first filer describes a car and a takeaway, about Jamie; the second, about Riley,
    types only the registration and the takeaway's name and postcode: the same two entities."""
    described = [
        vehicle(
            "ab12cde",
            make="Vauxhall",
            model="Zafira",
            colour="Maroon",
            description="Seen by Jamie's form tutor outside Avon Valley College",
        ),
        EntityInput(
            kind="place",
            name="Golden Dragon",
            postcode="sp1 1aa",
            description="Flat above the takeaway; Jamie stayed overnight twice",
        ),
    ]
    first = file_naming(filed_by=practitioner, entities=described)
    second = file_naming(
        filed_by=other_practitioner,
        entities=[
            vehicle("AB12 CDE", role="Drove the child to a party"),
            EntityInput(
                kind="place",
                name="Golden Dragon",
                postcode="SP1 1AA",
                description="Riley says food is free there",
                role="Taken there",
            ),
        ],
        first_name="Riley",
        last_name="Sample",
    )
    assert Entity.objects.count() == 2  # linked, not two of each
    return first, second


FIRST_FILERS_WORDS = ("Vauxhall", "Zafira", "Maroon", "form tutor", "Jamie", "overnight")


def test_a_filer_sees_what_they_named_never_what_another_filer_wrote_of_it(
    client, other_practitioner, described_by_the_first_filer
):
    _, second = described_by_the_first_filer
    client.force_login(other_practitioner)
    page = client.get(f"/concerns/{second.reference}/").content.decode()
    assert "AB12 CDE" in page and "Golden Dragon" in page and "food is free" in page
    for words in FIRST_FILERS_WORDS:
        assert words not in page, words


def test_a_leads_correction_of_an_entity_leaves_what_the_filer_named(
    client, lead, other_practitioner, described_by_the_first_filer
):
    _, second = described_by_the_first_filer
    car = Entity.objects.get(kind="vehicle")
    services.entity_edit(entity=car, details={"model": "Corsa"}, by=lead)
    client.force_login(other_practitioner)
    page = client.get(f"/concerns/{second.reference}/").content.decode()
    assert "AB12 CDE" in page and "Corsa" not in page


def test_a_lead_sees_the_entity_as_it_stands_and_what_this_concern_said_of_it(
    lead_client, described_by_the_first_filer
):
    _, second = described_by_the_first_filer
    page = lead_client.get(f"/concerns/{second.reference}/").content.decode()
    assert "AB12 CDE Maroon Vauxhall Zafira" in page  # linked to the vehicle's page
    assert "Named here as AB12 CDE" in page
    assert "food is free" in page and "form tutor" not in page and "overnight" not in page


def test_the_written_referral_lists_only_what_its_own_concern_named(
    described_by_the_first_filer,
):
    from django.utils import timezone

    from referrals.services import referral_open_by_lead
    from referrals.written import written_referral_content

    _, second = described_by_the_first_filer
    referral = referral_open_by_lead(concern=second, at=timezone.now())
    assert written_referral_content(referral=referral)["entities"] == [
        {"kind": "Vehicle", "role": "Drove the child to a party", "details": "AB12 CDE"},
        {
            "kind": "Place",
            "role": "Taken there",
            "details": "Golden Dragon, SP1 1AA, Riley says food is free there",
        },
    ]


def test_the_written_referral_lists_what_the_concern_names(two_children_one_car):
    from django.utils import timezone

    from referrals.services import referral_open_by_lead
    from referrals.written import written_referral_content

    _, second = two_children_one_car
    referral = referral_open_by_lead(concern=second, at=timezone.now())
    content = written_referral_content(referral=referral)
    assert content["entities"] == [
        {"kind": "Vehicle", "role": "Drove the child to a party", "details": "AB12 CDE"}
    ]


def test_the_network_view_draws_a_picture_and_the_same_table(lead_client, two_children_one_car):
    first, _ = two_children_one_car
    response = lead_client.get(f"/network/children/{first.child_id}/")
    page = response.content.decode()
    assert "<svg" in page and page.count("<circle") == 2 and page.count("<rect") == 1
    assert "The same network as a table" in page
    assert "Riley Sample" in page  # two steps away: child, car, child
    assert AuditEvent.objects.filter(action="network.viewed").exists()


def test_every_label_in_the_network_picture_lies_inside_it(lead_client, practitioner):
    """Three people on the outer ring put one right at the bottom: its name must still show."""
    for n in range(3):
        file_naming(
            filed_by=practitioner,
            first_name=f"Child{n}",
            entities=[vehicle(), EntityInput(kind="person", name=f"Dazza{n}")],
        )
    car = Entity.objects.get(kind="vehicle")
    page = lead_client.get(f"/network/entities/{car.pk}/network/").content.decode()
    width, height = map(float, re.search(r'viewBox="0 0 (\d+) (\d+)"', page).groups())
    labels = [float(y) for y in re.findall(r'<text x="[^"]+" y="([^"]+)"', page)]
    assert len(labels) == 7
    assert max(labels) + 5 <= height  # the baseline, and room for the letters that hang below


def test_a_long_label_at_the_pictures_side_is_moved_in_to_show_whole(lead_client, practitioner):
    from network.graph import LABEL_UNITS_PER_CHARACTER

    long_name = "The Golden Dragon Chinese Takeaway and Late Night Kebab Shop"
    for n in range(2):  # two on the outer ring: one at its far left, one at its far right
        places = [EntityInput(kind="place", name=f"{long_name} {n}")]
        file_naming(filed_by=practitioner, first_name=f"Child{n}", entities=[vehicle(), *places])
    car = Entity.objects.get(kind="vehicle")
    page = lead_client.get(f"/network/entities/{car.pk}/network/").content.decode()
    width = float(re.search(r'viewBox="0 0 (\d+) \d+"', page).group(1))
    labels = re.findall(r'<text x="([^"]+)" y="[^"]+" text-anchor="middle">([^<]+)</text>', page)
    assert len(labels) == 5
    for x, text in labels:
        half = len(text) * LABEL_UNITS_PER_CHARACTER / 2
        assert half <= float(x) <= width - half, text


def test_the_networks_page_lists_the_cluster_with_its_summary(lead_client, two_children_one_car):
    page = lead_client.get("/network/").content.decode()
    assert "2 children, 1 vehicle" in page


def test_the_meeting_pack_is_audited_as_an_export(lead_client, two_children_one_car):
    car = Entity.objects.get()
    page = lead_client.get(f"/network/entities/{car.pk}/meeting-pack/").content.decode()
    assert "Jamie Example" in page and "Riley Sample" in page and "kebab shop" in page
    event = AuditEvent.objects.get(action="network.exported")
    assert event.detail["children"] == 2


def test_the_places_page_ranks_places_by_concerns(lead_client, practitioner, other_practitioner):
    shop = EntityInput(kind="place", name="Kebab King", place_type="takeaway", postcode="sp1 1aa")
    park = EntityInput(kind="place", name="Victoria Park", place_type="park")
    file_naming(filed_by=practitioner, entities=[shop, park])
    file_naming(filed_by=other_practitioner, first_name="Riley", entities=[shop])
    page = lead_client.get("/network/places/?months=3").content.decode()
    assert page.index("Kebab King") < page.index("Victoria Park")
    assert "Takeaway or restaurant" in page and "Park or open space" in page


def test_the_meeting_pack_lists_people_before_vehicles_places_phones_and_accounts(
    lead_client, practitioner
):
    account = EntityInput(kind="account", platform="snapchat", handle="dazza_k")
    person = EntityInput(kind="person", name="Dazza", approximate_age=30)
    file_naming(filed_by=practitioner, entities=[account, vehicle(), person])
    car = Entity.objects.get(kind="vehicle")
    page = lead_client.get(f"/network/entities/{car.pk}/meeting-pack/").content.decode()
    table = page[page.index("<caption", page.index("People, vehicles, places")) :]
    table = table[: table.index("</table>")]
    assert table.index("Dazza") < table.index("AB12 CDE") < table.index("dazza_k")


def test_adding_an_online_account_says_an(lead_client, practitioner):
    concern = file_naming(filed_by=practitioner, entities=[])
    page = lead_client.get(f"/network/concerns/{concern.reference}/add/account/").content.decode()
    assert "Add an online account" in page and "Add a online" not in page


def test_a_lead_adds_a_vehicle_to_a_filed_concern(lead_client, practitioner):
    concern = file_naming(filed_by=practitioner, entities=[])
    url = f"/network/concerns/{concern.reference}/add/vehicle/"
    response = lead_client.post(url, {"registration": "AB12 CDE", "colour": "Silver", "role": ""})
    assert response.status_code == 302
    assert EntityLink.objects.get().at_filing is False


def test_a_bad_phone_number_is_refused_next_to_the_field_and_kept(lead_client, practitioner):
    concern = file_naming(filed_by=practitioner, entities=[])
    url = f"/network/concerns/{concern.reference}/add/phone/"
    page = lead_client.post(url, {"number": "call me maybe", "role": "texts"}).content.decode()
    assert "Enter a phone number, like 07700 900 982" in page
    assert "call me maybe" in page and "Error:" in page
    assert not Entity.objects.exists()


# --- query counts stay the same as the data grows ------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_network_pages_make_the_same_number_of_queries_with_more_data(lead_client, practitioner):
    def grow(n, offset):
        for i in range(n):
            file_naming(
                filed_by=practitioner,
                first_name=f"Child{offset + i}",
                entities=[vehicle("AB12 CDE"), EntityInput(kind="person", name=f"Man{i}")],
            )

    grow(2, 0)
    car = Entity.objects.get(kind="vehicle")
    child_id = EntityLink.objects.filter(entity=car).first().concern.child_id
    urls = [
        f"/network/entities/{car.pk}/",
        f"/network/entities/{car.pk}/network/",
        f"/network/children/{child_id}/",
        "/network/",
        "/network/places/",
        f"/network/entities/{car.pk}/meeting-pack/",
    ]
    for url in urls:  # the first request of a session does more (the session, permissions)
        lead_client.get(url)
    before = [_queries(lead_client, url) for url in urls]
    grow(20, 100)
    after = [_queries(lead_client, url) for url in urls]
    assert after == before


# --- the triage dashboard -------------------------------------------------------------------


def test_the_dashboard_shows_the_link_and_flags_a_low_concern_for_review(
    lead_client, two_children_one_car
):
    _, second = two_children_one_car
    assert second.band_label == "Low"
    page = lead_client.get("/triage/").content.decode()
    assert "Linked through people, vehicles, places, phones or accounts" in page
    assert "A new concern names a vehicle already named in another concern." in page
    assert "Flagged for review" in page  # at once, before the sweep counts
    assert page.count("Linked to another child") == 2  # both concerns in the list

    alerts_sweep()  # the worker's, within REMINDER_SWEEP_SECONDS
    page = lead_client.get("/triage/").content.decode()
    assert (
        "A new concern names a vehicle that appears in 1 other concern about 1 other child." in page
    )
    assert "Flagged for review" in page


def test_the_alert_counts_the_concerns_filed_by_its_own_not_those_after(
    lead, two_children_one_car, practitioner
):
    """Counted by the sweep, seconds later: a concern filed meanwhile is not counted."""
    file_naming(filed_by=practitioner, first_name="Sam", entities=[vehicle()])
    first_alert = EntityAlert.objects.order_by("id").first()
    assert alerts_sweep() == 2
    first_alert.refresh_from_db()
    assert [(line["concerns"], line["children"]) for line in first_alert.lines] == [(1, 1)]
    assert EntityAlert.objects.order_by("id").last().lines[0]["concerns"] == 2


def test_an_alert_counts_the_entry_its_entity_was_merged_into(
    lead, practitioner, other_practitioner
):
    file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")])
    file_naming(filed_by=other_practitioner, first_name="Riley", entities=[vehicle("AB12 CDF")])
    file_naming(filed_by=practitioner, first_name="Sam", entities=[vehicle("AB12 CDF")])
    typo, right = Entity.objects.get(exact_key="AB12CDF"), Entity.objects.get(exact_key="AB12CDE")
    services.entity_merge(keep=right, merge=typo, by=lead)  # before the sweep counted

    alert = services.alert_count(EntityAlert.objects.get())
    assert [(line["concerns"], line["children"]) for line in alert.lines] == [(2, 2)]


def test_a_concern_about_the_same_child_only_is_not_flagged(lead_client, practitioner):
    file_naming(filed_by=practitioner, entities=[vehicle()])
    file_naming(filed_by=practitioner, entities=[vehicle()])
    assert "Flagged for review" not in lead_client.get("/triage/").content.decode()
    alerts_sweep()
    page = lead_client.get("/triage/").content.decode()
    assert "appears in 1 other concern about the same child." in page
    assert "Flagged for review" not in page and "Linked to another child" not in page


def test_the_network_pages_say_which_one_is_open(lead_client):
    networks = lead_client.get("/network/").content.decode()
    places = lead_client.get("/network/places/").content.decode()
    assert re.search(r'href="/network/"\s+aria-current="page"', networks)
    assert re.search(r'href="/network/places/"\s+aria-current="page"', places)
    assert 'aria-current="page">Places' not in networks
