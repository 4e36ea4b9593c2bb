"""The practitioner's journey in Debian's Chromium, found by label as a person would."""

import re

import pytest
from playwright.sync_api import Page, expect

from indicators.models import Indicator

from .browser import answer, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HIGH = {"missing", "cars", "older_friend", "gifts", "phone"}


def test_practitioner_files_a_high_concern_and_sees_the_band_explanation_and_mash_number(
    page: Page, live_server, practitioner
):
    sign_in(page, live_server.url, practitioner.username)
    expect(page.get_by_role("heading", name="My concerns")).to_be_visible()
    page.get_by_role("link", name="File a concern").first.click()

    page.get_by_label("First name").fill("Jamie")
    page.get_by_label("Last name").fill("Example")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("3")
    page.get_by_role("textbox", name="Year").fill("2012")
    answer(page, "Does the child have a learning disability?", "No")
    answer(page, "Is the child looked after by the local authority?", "No")
    for indicator in Indicator.objects.filter(active=True):
        answer(page, indicator.text, "Yes" if indicator.key in HIGH else "No")
    answer(page, "Has the child disclosed sexual exploitation?", "No")
    answer(page, "Do you believe the child is at risk of significant harm right now?", "No")
    page.get_by_label("What happened").fill("Seen getting into cars with older men.")
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


def test_error_summary_lists_problems_and_keeps_what_was_typed(
    page: Page, live_server, practitioner
):
    sign_in(page, live_server.url, practitioner.username)
    page.goto(f"{live_server.url}/concerns/new/")
    page.get_by_label("First name").fill("Siân")
    page.get_by_role("button", name="File this concern").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name="Enter the child's last name")).to_be_visible()
    expect(page.get_by_label("First name")).to_have_value("Siân")
    expect(page).to_have_title(re.compile(r"^Error: "))


def test_typing_in_the_form_pings_the_session(page: Page, live_server, practitioner):
    sign_in(page, live_server.url, practitioner.username)
    page.clock.install()
    page.goto(f"{live_server.url}/concerns/new/")
    page.clock.fast_forward("06:00")
    with page.expect_response("**/accounts/keep-alive/") as ping:
        page.get_by_label("What happened").press_sequentially("Seen")
    assert ping.value.status == 204
