"""The issue's done-when, in Chromium, by keyboard alone at 375 pixels: two concerns about
different children name the same car typed two ways; the lead follows the link from the
dashboard to the vehicle, sees both children, opens the network (picture and table) and
prints the meeting pack. Once with the concerns filed through the intake's pages and the
alert sent by a real Celery worker; once with them filed by the service, from the dashboard."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from audit.models import AuditEvent
from concerns.models import Concern
from network.models import Entity
from network.tasks import sweep_entity_alerts

from .browser import answer, screenshot, sign_in
from .intake_walk import (
    PEOPLE_AND_PLACES,
    add_vehicle_and_press_enter,
    choose,
    file_by_keyboard,
    follow,
    press,
    sign_in_as,
    tab_to,
    type_into,
)
from .network_support import file_a_car_and_its_typo, file_naming, vehicle
from .reminder_support import running_worker
from .test_accessibility import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_follows_a_shared_vehicle_to_its_network_and_meeting_pack_by_keyboard(
    page: Page, live_server, practitioner, other_practitioner, lead
):
    file_naming(filed_by=practitioner, entities=[vehicle("ab12cde")])
    second = file_naming(
        filed_by=other_practitioner,
        first_name="Riley",
        last_name="Sample",
        entities=[vehicle("AB12 CDE", role="Drove her to a party")],
    )
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server.url, lead.username)
    page.goto(f"{live_server.url}/triage/")
    # At once, before the worker's sweep has counted the other concerns.
    expect(
        page.get_by_text("A new concern names a vehicle already named in another concern")
    ).to_be_visible()

    follow(page, second.reference)
    expect(page).to_have_url(re.compile(f"/concerns/{second.reference}/$"))
    follow(page, "AB12 CDE")
    expect(page.get_by_role("heading", level=1)).to_have_text("AB12 CDE")
    expect(page.get_by_role("link", name="Jamie Example")).to_be_visible()
    expect(page.get_by_role("link", name="Riley Sample")).to_be_visible()
    screenshot(page, "network-375-vehicle")

    follow(page, "See the network around this vehicle")
    expect(page.get_by_role("img", name=re.compile("A picture of the network"))).to_be_visible()
    table = page.get_by_role("table", name="The same network as a table")
    expect(table.get_by_role("rowheader")).to_have_count(3)
    screenshot(page, "network-375-network", full_page=True)

    follow(page, "Print a MACE meeting pack for the whole network")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2 children, 1 vehicle")
    page.emulate_media(media="print")
    assert page.pdf(format="A4")
    text = page.locator("body").inner_text()
    assert "Jamie Example" in text and "Riley Sample" in text and "Drove her to a party" in text


CHILD_DATA = ("Jamie", "Riley", "Example", "Sample", "AB12", "ab12", "Avon Valley", "party")


def test_two_intake_filings_name_one_car_the_worker_alerts_the_leads_and_the_lead_follows_it(
    page: Page, live_server, practitioner, other_practitioner, lead, second_lead, mailoutbox
):
    url = live_server.url
    page.set_viewport_size({"width": 375, "height": 800})
    first = file_by_keyboard(
        page,
        url,
        practitioner,
        first_name="Jamie",
        last_name="Example",
        age=14,
        school="Avon Valley College",
        registration="ab12cde",
        vehicle_role="Waits outside school",
    )
    second = file_by_keyboard(
        page,
        url,
        other_practitioner,
        first_name="Riley",
        last_name="Sample",
        age=15,
        registration="AB12 CDE",
        vehicle_role="Drove her to a party",
    )
    assert mailoutbox == []  # filing sends nothing itself: the worker's sweep does
    with running_worker():
        assert sweep_entity_alerts.apply_async(ignore_result=False).get(timeout=30) == 1
    assert sorted(m.to[0] for m in mailoutbox) == [lead.email, second_lead.email]
    for message in mailoutbox:
        assert second in message.subject
        assert "appears in 1 other concern about 1 other child" in message.body
        for text in [message.subject, message.body] + [b for b, _ in message.alternatives]:
            for detail in CHILD_DATA:
                assert detail.lower() not in text.lower(), detail

    # The second filer sees their own concern's car, nothing of the first, no network page.
    page.goto(f"{url}/concerns/{second}/")
    main = page.locator("main")
    expect(main).to_contain_text("AB12 CDE")
    expect(main).not_to_contain_text("Jamie")
    expect(main).not_to_contain_text("other concern")
    car = Concern.objects.get(reference=second).entity_links.get().entity_id
    for path in (f"/network/entities/{car}/", f"/network/entities/{car}/network/", "/network/"):
        assert page.goto(f"{url}{path}").status == 403, path
        expect(page.locator("body")).not_to_contain_text("Jamie")

    sign_in_as(page, url, lead)
    page.goto(f"{url}/triage/")
    expect(
        page.get_by_text("A new concern names a vehicle that appears in 1 other concern")
    ).to_be_visible()
    follow(page, second)
    expect(page).to_have_url(re.compile(f"/concerns/{second}/$"))
    summary = page.locator(".app-child-summary")  # what all Riley's concerns name
    expect(summary).to_contain_text("also in concerns about 1 other child")
    assert_no_axe_violations(page, "the lead's concern page")
    follow(page, "AB12 CDE")
    expect(page.get_by_role("heading", level=1)).to_have_text("AB12 CDE")
    expect(page.get_by_role("link", name="Jamie Example")).to_be_visible()
    expect(page.get_by_role("link", name="Riley Sample")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_axe_violations(page, "vehicle page")

    follow(page, "See the network around this vehicle")
    expect(page.get_by_role("img", name=re.compile("A picture of the network"))).to_be_visible()
    table = page.get_by_role("table", name="The same network as a table")
    expect(table).to_contain_text("Jamie Example")
    expect(table).to_contain_text("Riley Sample")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_axe_violations(page, "network view")

    follow(page, "Print a MACE meeting pack for the whole network")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2 children, 1 vehicle")
    assert_no_axe_violations(page, "meeting pack")
    page.emulate_media(media="print")
    assert page.pdf(format="A4")
    text = page.locator("body").inner_text()
    assert first in text and second in text and "Drove her to a party" in text
    assert AuditEvent.objects.filter(action="network.exported", actor=lead).count() == 1


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_enter_in_a_field_on_the_people_and_places_page_saves_and_continues(
    browser: Browser, live_server, practitioner, javascript
):
    """Not the first "Add a ..." button further down the page: the browser presses a form's
    first submit button, and the page puts a hidden "Save and continue" first."""
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, live_server.url, practitioner.username)
    page.goto(f"{live_server.url}/concerns/new/")
    answer(page, "Do you believe the child is at risk of significant harm right now?", "No")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="About the child")).to_be_visible()
    page.goto(page.url.replace("/child/", "/people-and-places/"))
    expect(page.get_by_role("heading", name=PEOPLE_AND_PLACES)).to_be_visible()

    add_vehicle_and_press_enter(page, "AB12 CDE", "Picked her up")

    page.get_by_role("link", name="Back").click()
    expect(page.get_by_label("Registration")).to_have_value("AB12 CDE")
    expect(page.get_by_role("group", name="Vehicle 2")).to_have_count(0)
    context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_a_lead_pages_through_the_concerns_naming_a_busy_car(
    page: Page, live_server, practitioner, lead, monkeypatch, width
):
    from network import views

    monkeypatch.setattr(views, "ENTITY_CONCERNS_SHOWN", 2)
    for name in ("Ann", "Bea", "Cat"):
        file_naming(filed_by=practitioner, entities=[vehicle()], first_name=name)
    car = Entity.objects.get().pk
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, lead.username)
    page.goto(f"{live_server.url}/network/entities/{car}/")
    concerns = page.get_by_role("table", name="Concerns naming it, oldest first")
    expect(page.get_by_text("Named in 3 concerns about 3 children.")).to_be_visible()
    expect(concerns.get_by_role("link", name="Ann Example")).to_be_visible()
    expect(concerns.get_by_role("link", name="Cat Example")).to_have_count(0)

    follow(page, "Later concerns")
    expect(page.get_by_text("Named in 3 concerns about 3 children.")).to_be_visible()
    expect(concerns.get_by_role("link", name="Cat Example")).to_be_visible()
    expect(concerns.get_by_role("link", name="Ann Example")).to_have_count(0)
    expect(page.get_by_role("link", name="Earlier concerns")).to_be_visible()
    expect(page.get_by_role("link", name="Later concerns")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_no_axe_violations(page, "second page of a vehicle's concerns")
    screenshot(page, f"network-{width}-entity-second-page", full_page=True)


def test_a_lead_merges_a_mistyped_registration_into_the_vehicle_by_keyboard(
    page: Page, live_server, practitioner, other_practitioner, lead
):
    file_a_car_and_its_typo(filed_by=practitioner, other_filer=other_practitioner)
    car = Entity.objects.get(exact_key="AB12CDE")
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server.url, lead.username)
    page.goto(f"{live_server.url}/network/entities/{car.pk}/")
    expect(page.get_by_text("Named in 1 concern about 1 child.")).to_be_visible()

    follow(page, "Merge another entry into this one")
    type_into(page, "Registration of the other vehicle, or part of it", "ab12 cd")
    page.keyboard.press("Enter")
    choose(page, "Which entry is the same?", 0)
    press(page, "Merge the chosen entry")

    expect(page.get_by_role("heading", level=1)).to_have_text("AB12 CDE")
    expect(page.get_by_text("Named in 2 concerns about 2 children.")).to_be_visible()
    expect(page.get_by_role("link", name="Riley Sample")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_axe_violations(page, "vehicle after a merge")
    screenshot(page, "network-375-after-merge", full_page=True)


def test_a_lead_splits_off_a_concern_that_named_another_car_by_keyboard(
    page: Page, live_server, practitioner, other_practitioner, lead
):
    file_naming(filed_by=practitioner, entities=[vehicle("AB12 CDE")])
    file_naming(
        filed_by=other_practitioner,
        first_name="Riley",
        last_name="Sample",
        entities=[vehicle("ab12cde", role="A different car, the plate misread")],
    )
    car = Entity.objects.get()
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server.url, lead.username)
    page.goto(f"{live_server.url}/network/entities/{car.pk}/")
    expect(page.get_by_text("tick them under Split off")).to_be_visible()

    riley = Concern.objects.get(child__first_name="Riley")
    tab_to(page, page.get_by_label(f"Split off {riley.reference}"))
    # The concern ticked stays in view beside its box on a phone: the box is the first column.
    expect(page.get_by_role("link", name=riley.reference)).to_be_in_viewport()
    page.keyboard.press("Space")
    press(page, "Split off the ticked concerns")

    expect(page.get_by_text("Split off. Correct the new entry's details")).to_be_visible()
    expect(page.get_by_text("Named in 1 concern about 1 child.")).to_be_visible()
    expect(page.get_by_role("link", name="Riley Sample")).to_be_visible()
    assert Entity.objects.filter(merged_into=None).count() == 2
    assert_no_axe_violations(page, "vehicle split off")


def test_a_lead_compares_a_possible_match_then_confirms_it_by_keyboard(
    page: Page, live_server, practitioner, other_practitioner, lead
):
    from network.keys import EntityInput
    from network.services import possible_matches_offer

    for filer, first_name, name, age in (
        (practitioner, "Jamie", "Darren Hughes", 30),
        (other_practitioner, "Riley", "Daren Hughes", 32),
    ):
        file_naming(
            filed_by=filer,
            first_name=first_name,
            entities=[EntityInput(kind="person", name=name, approximate_age=age)],
        )
    possible_matches_offer()  # the worker's sweep
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_server.url, lead.username)
    page.goto(f"{live_server.url}/network/")
    tab_to(page, page.get_by_role("button", name=re.compile("^The same\\?")))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Are these the same person?")
    expect(page.get_by_text("Person, about 32")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_axe_violations(page, "possible match, compared")
    screenshot(page, "network-375-match-confirm", full_page=True)
    press(page, "Yes, they are the same")

    expect(page.get_by_text("Merged: both are now one entry.")).to_be_visible()
    expect(page.get_by_text("Named in 2 concerns about 2 children.")).to_be_visible()
