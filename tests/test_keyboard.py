"""The intake journey with the keyboard alone, on a desktop and on a 375-pixel phone."""

import pytest
from playwright.sync_api import Page, expect

from indicators.models import Indicator

from .browser import screenshot, sign_in
from .intake_walk import about_you, choose, press, tab_to, type_into

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HIGH = {"missing", "cars", "older_friend", "gifts", "phone"}


@pytest.mark.parametrize("width", [1280, 375])
def test_practitioner_files_a_concern_with_the_keyboard_alone(
    page: Page, live_server, practitioner, width
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, practitioner.username)
    page.goto(f"{live_server.url}/concerns/new/")
    screenshot(page, f"keyboard-{width}-1-danger")
    choose(page, "Do you believe the child is at risk of significant harm right now?", 1)
    press(page, "Save and continue")

    expect(page.get_by_role("heading", name="About the child")).to_be_visible()
    type_into(page, "First name", "Jamie")
    type_into(page, "Last name", "Example")
    type_into(page, "Day", "14")
    type_into(page, "Month", "3")
    type_into(page, "Year", "2012")
    choose(page, "Does the child have a learning disability?", 1)
    choose(page, "Is the child looked after by the local authority?", 1)
    screenshot(page, f"keyboard-{width}-2-child-details")
    press(page, "Save and continue")

    expect(page.get_by_role("heading", name="More about the child")).to_be_visible()
    type_into(page, "NHS number (optional)", "943 476 5919")
    press(page, "Save and continue")

    for kind, heading in (("indicator", "Signs of grooming"), ("feature", "Features")):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        for indicator in Indicator.objects.filter(active=True, kind=kind).order_by("order"):
            choose(page, indicator.text, 2 if indicator.key in HIGH else 0)
        if kind == "feature":
            choose(page, "Has the child disclosed sexual exploitation?", 1)
        press(page, "Save and continue")

    type_into(page, "What happened", "Picked up from school by an unknown adult in a car.")
    type_into(page, "Where did it happen?", "Outside the school gates")
    screenshot(page, f"keyboard-{width}-3-what-happened")
    press(page, "Save and continue")
    about_you(page)

    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"keyboard-{width}-4-check-answers")
    press(page, "File this concern")
    expect(page.get_by_role("heading", name="Concern filed")).to_be_visible()
    expect(page.get_by_role("link", name="0300 456 0108")).to_be_visible()
    screenshot(page, f"keyboard-{width}-5-confirmation")


def test_error_summary_takes_focus_and_its_links_move_to_the_field(
    page: Page, live_server, practitioner
):
    sign_in(page, live_server.url, practitioner.username)
    page.goto(f"{live_server.url}/concerns/new/")
    choose(page, "Do you believe the child is at risk of significant harm right now?", 1)
    press(page, "Save and continue")
    press(page, "Save and continue")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    tab_to(page, summary.get_by_role("link", name="Enter the child's last name"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("Last name", exact=True)).to_be_focused()
    page.goto(page.url.replace("/child/", "/grooming/"))
    press(page, "Save and continue")
    summary = page.locator(".govuk-error-summary")
    tab_to(page, summary.get_by_role("link").filter(has_text="Regularly missing"))
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("group", name=Indicator.objects.get(key="missing").text)
        .get_by_role("radio")
        .first
    ).to_be_focused()
