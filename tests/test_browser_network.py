"""The issue's done-when, in Chromium, by keyboard alone at 375 pixels: two concerns about
different children name the same car typed two ways; the lead follows the link from the
dashboard to the vehicle, sees both children, opens the network (picture and table) and
prints the meeting pack."""

import re

import pytest
from playwright.sync_api import Page, expect

from .browser import screenshot, sign_in
from .network_support import file_naming, vehicle
from .test_keyboard import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def follow(page: Page, name: str) -> None:
    tab_to(page, page.get_by_role("link", name=name).first)
    page.keyboard.press("Enter")


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
    expect(
        page.get_by_text("A new concern names a vehicle that appears in 1 other concern")
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

    follow(page, "Print a MACE meeting pack for this network")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2 children, 1 vehicle")
    page.emulate_media(media="print")
    assert page.pdf(format="A4")
    text = page.locator("body").inner_text()
    assert "Jamie Example" in text and "Riley Sample" in text and "Drove her to a party" in text
