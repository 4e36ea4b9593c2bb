"""Filing through the sectioned intake by keyboard, as a practitioner would: Tab to a field,
type, arrow through radio buttons, Enter on a button (and, on the people and places page,
Enter in a text field to save and continue)."""

import datetime
import re

from playwright.sync_api import Locator, Page, expect

from indicators.models import Indicator

from .browser import sign_in

DANGER = "Do you believe the child is at risk of significant harm right now?"
PEOPLE_AND_PLACES = "People, vehicles, places, phones and accounts"
MAX_TABS = 60


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page: Page, locator: Locator) -> None:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return
    raise AssertionError(f"Tab never reached {locator}")


def type_into(page: Page, label: str, text: str) -> None:
    tab_to(page, page.get_by_label(label, exact=True))
    page.keyboard.type(text)


def choose(page: Page, question: str, position: int) -> None:
    """Tab into a radio group (focus lands on its first option), arrow to the option, Space."""
    group = page.get_by_role("group", name=question, exact=True)
    tab_to(page, group.get_by_role("radio").first)
    for _ in range(position):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    expect(group.get_by_role("radio").nth(position)).to_be_checked()


def press(page: Page, button: str) -> None:
    tab_to(page, page.get_by_role("button", name=button))
    page.keyboard.press("Enter")


def follow(page: Page, name: str) -> None:
    tab_to(page, page.get_by_role("link", name=name).first)
    page.keyboard.press("Enter")


def sign_in_as(page: Page, base_url: str, user) -> None:
    """Sign out whoever was signed in, sign in as `user`, and wait for their start page."""
    page.context.clear_cookies()
    sign_in(page, base_url, user.username)
    expect(page).not_to_have_url(re.compile("/accounts/login/"))
    page.wait_for_load_state()


def file_by_keyboard(
    page: Page,
    base_url: str,
    user,
    *,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date | None = None,
    age: int | None = None,
    school: str = "",
    registration: str = "",
    vehicle_role: str = "",
) -> str:
    """Sign in as `user`, file one Low concern and return its reference. A vehicle, if given,
    is added on the people and places page and that page left by Enter in a text field."""
    sign_in_as(page, base_url, user)
    page.goto(f"{base_url}/concerns/new/")
    choose(page, DANGER, 1)
    press(page, "Save and continue")
    _child(page, first_name, last_name, date_of_birth, age, school)
    expect(page.get_by_role("heading", name="More about the child")).to_be_visible()
    press(page, "Save and continue")
    for kind, heading in (("indicator", "Signs of grooming"), ("feature", "Features")):
        expect(page.get_by_role("heading", name=re.compile(heading))).to_be_visible()
        for indicator in Indicator.objects.filter(active=True, kind=kind).order_by("order"):
            choose(page, indicator.text, 0)
        if kind == "feature":
            choose(page, "Has the child disclosed sexual exploitation?", 1)
        press(page, "Save and continue")
    type_into(page, "What happened", "Seen getting into a car with older men after school.")
    press(page, "Save and continue")
    expect(page.get_by_role("heading", name=PEOPLE_AND_PLACES)).to_be_visible()
    if registration:
        add_vehicle_and_press_enter(page, registration, vehicle_role)
    else:
        press(page, "Save and continue")
    about_you(page)
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    press(page, "File this concern")
    expect(page.get_by_role("heading", name="Concern filed")).to_be_visible()
    return page.locator(".govuk-panel__body strong").inner_text().strip()


def add_vehicle_and_press_enter(page: Page, registration: str, role: str) -> None:
    press(page, "Add a vehicle")
    expect(page.get_by_role("group", name="Vehicle 1")).to_be_visible()
    type_into(page, "Registration", registration)
    type_into(page, "What happened with the vehicle", role)
    page.keyboard.press("Enter")  # in a text field: saves the page and goes on
    expect(page.get_by_role("heading", name="About you", exact=True)).to_be_visible()


def _child(page, first_name, last_name, date_of_birth, age, school) -> None:
    expect(page.get_by_role("heading", name="About the child")).to_be_visible()
    type_into(page, "First name", first_name)
    type_into(page, "Last name", last_name)
    if date_of_birth is not None:
        type_into(page, "Day", str(date_of_birth.day))
        type_into(page, "Month", str(date_of_birth.month))
        type_into(page, "Year", str(date_of_birth.year))
    else:
        type_into(page, "Approximate age", str(age))
    if school:
        type_into(page, "School or setting", school)
    choose(page, "Does the child have a learning disability?", 1)
    choose(page, "Is the child looked after by the local authority?", 1)
    press(page, "Save and continue")


def about_you(page: Page) -> None:
    for _ in range(5):  # sections other apps added (intake.sections), left unanswered
        if page.get_by_role("heading", name="About you", exact=True).count():
            break
        press(page, "Save and continue")
    type_into(page, "Your organisation", "Example Academy")
    type_into(page, "Your phone number", "01632 960 001")
    choose(page, "Have you already contacted MASH, the Emergency Duty Team or the police?", 0)
    press(page, "Save and continue")
