"""Helpers for browser tests: sign in and answer questions the way a person would."""

from pathlib import Path

from playwright.sync_api import Page

from .factories import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-results" / "screenshots"


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def answer(page: Page, question: str, choice: str) -> None:
    page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()


def screenshot(page: Page, name: str, **kwargs) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), **kwargs)
    return path


def file_through_the_sections(page: Page, *, high: set[str] = frozenset(), danger="No") -> None:
    """Answer every page of the intake with the mouse, then stop on Check your answers."""
    from indicators.models import Indicator

    answer(page, "Do you believe the child is at risk of significant harm right now?", danger)
    page.get_by_role("button", name="Save and continue").click()
    if danger == "Yes":
        page.get_by_role("link", name="Continue the concern").click()
    page.get_by_label("First name").fill("Jamie")
    page.get_by_label("Last name").fill("Example")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("3")
    page.get_by_role("textbox", name="Year").fill("2012")
    answer(page, "Does the child have a learning disability?", "No")
    answer(page, "Is the child looked after by the local authority?", "No")
    page.get_by_role("button", name="Save and continue").click()
    # More about the child: every question optional.
    page.get_by_role("button", name="Save and continue").click()
    for kind in ("indicator", "feature"):
        for indicator in Indicator.objects.filter(active=True, kind=kind):
            answer(page, indicator.text, "Yes" if indicator.key in high else "No")
        if kind == "feature":
            answer(page, "Has the child disclosed sexual exploitation?", "No")
        page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("What happened").fill("Seen getting into cars with older men.")
    page.get_by_role("button", name="Save and continue").click()
    skip_to(page, "About you")
    page.get_by_label("Your organisation").fill("Example Academy")
    page.get_by_label("Your phone number").fill("01632 960 001")
    answer(page, "Have you already contacted MASH, the Emergency Duty Team or the police?", "No")
    page.get_by_role("button", name="Save and continue").click()


def skip_to(page: Page, heading: str) -> None:
    """Pass, unanswered, any sections other apps added (intake.sections) before `heading`."""
    for _ in range(5):
        if page.get_by_role("heading", name=heading, exact=True).count():
            return
        page.get_by_role("button", name="Save and continue").click()
