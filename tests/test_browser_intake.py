"""The practitioner's journey in Debian's Chromium, found by label as a person would."""

import re

import pytest
from playwright.sync_api import Page, expect

from .browser import answer, file_through_the_sections, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HIGH = {"missing", "cars", "older_friend", "gifts", "phone"}


def test_practitioner_files_a_high_concern_and_sees_the_band_explanation_and_mash_number(
    page: Page, live_server, practitioner
):
    sign_in(page, live_server.url, practitioner.username)
    expect(page.get_by_role("heading", name="My concerns")).to_be_visible()
    page.get_by_role("link", name="File a concern").first.click()

    file_through_the_sections(page, high=HIGH)
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    expect(page.get_by_text("Jamie", exact=True)).to_be_visible()
    page.get_by_role("button", name="File this concern").click()

    expect(page.get_by_role("heading", name="Concern filed")).to_be_visible()
    expect(page.get_by_text(re.compile(r"CSE-\d{4}-\d{6}"))).to_be_visible()
    expect(page.locator(".app-band").first).to_have_text("High")
    expect(page.get_by_role("heading", name="How the band was worked out")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Being picked up or dropped off in cars by unknown adults")
    ).to_be_visible()
    mash = page.get_by_role("link", name="0300 456 0108")
    expect(mash).to_have_attribute("href", "tel:03004560108")


def test_danger_now_shows_999_first_and_the_concern_can_still_be_completed(
    page: Page, live_server, practitioner
):
    sign_in(page, live_server.url, practitioner.username)
    page.goto(f"{live_server.url}/concerns/new/")
    answer(page, "Do you believe the child is at risk of significant harm right now?", "Yes")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Phone now")).to_be_visible()
    expect(page.get_by_role("link", name="999")).to_have_attribute("href", "tel:999")
    page.goto(f"{live_server.url}/concerns/new/")
    file_through_the_sections(page, danger="Yes")
    page.get_by_role("button", name="File this concern").click()
    expect(page.locator(".app-band").first).to_have_text("Immediate")


def test_error_summary_lists_problems_and_keeps_what_was_typed(
    page: Page, live_server, practitioner
):
    sign_in(page, live_server.url, practitioner.username)
    page.goto(f"{live_server.url}/concerns/new/")
    answer(page, "Do you believe the child is at risk of significant harm right now?", "No")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("First name").fill("Siân")
    page.get_by_role("button", name="Save and continue").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name="Enter the child's last name")).to_be_visible()
    expect(page.get_by_label("First name")).to_have_value("Siân")
    expect(page).to_have_title(re.compile(r"^Error: "))


def test_typing_in_the_form_pings_the_session(page: Page, live_server, practitioner):
    sign_in(page, live_server.url, practitioner.username)
    page.clock.install()
    page.goto(f"{live_server.url}/concerns/new/")
    answer(page, "Do you believe the child is at risk of significant harm right now?", "No")
    page.get_by_role("button", name="Save and continue").click()
    page.clock.fast_forward("06:00")
    with page.expect_response("**/accounts/keep-alive/") as ping:
        page.get_by_label("First name").press_sequentially("Sam")
    assert ping.value.status == 204
