"""A typed concern survives the session ending (trust issue item 12): a warning before the
end, what was typed saved as a draft, and the same page back after signing in again."""

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import Page, expect

from intake.models import Draft

from .browser import answer, sign_in
from .factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DANGER = "Do you believe the child is at risk of significant harm right now?"


def open_child_section(page: Page, base_url: str) -> None:
    page.clock.install()
    page.goto(f"{base_url}/concerns/new/")
    answer(page, DANGER, "No")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="About the child")).to_be_visible()


def test_the_typed_page_is_saved_before_the_session_ends_and_comes_back_after_signing_in(
    page: Page, live_server, practitioner
):
    sign_in(page, live_server.url, practitioner.username)
    open_child_section(page, live_server.url)
    page.get_by_label("First name").fill("Siân")

    page.clock.fast_forward("27:30")
    warning = page.get_by_role("dialog", name="You will be signed out soon")
    expect(warning).to_be_visible()
    expect(warning.get_by_role("button", name="Stay signed in")).to_be_focused()
    page.clock.fast_forward("02:00")

    expect(page.get_by_text("You have been signed out")).to_be_visible()
    expect(page.get_by_text("We saved your answers on this page")).to_be_visible()
    assert Draft.objects.get().data["first_name"] == ["Siân"]
    assert not Session.objects.filter(session_key=_session_key(page)).exists()

    page.get_by_role("link", name="Sign in again to carry on where you were").click()
    page.get_by_label("Username").fill(practitioner.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="About the child")).to_be_visible()
    expect(page.get_by_label("First name")).to_have_value("Siân")


def test_staying_signed_in_closes_the_warning_and_renews_the_session(
    page: Page, live_server, practitioner
):
    sign_in(page, live_server.url, practitioner.username)
    open_child_section(page, live_server.url)
    page.clock.fast_forward("27:30")
    warning = page.get_by_role("dialog", name="You will be signed out soon")
    with page.expect_response("**/accounts/keep-alive/") as ping:
        warning.get_by_role("button", name="Stay signed in").click()
    assert ping.value.status == 204
    expect(warning).to_be_hidden()
    page.clock.fast_forward("02:00")
    expect(page.get_by_text("You have been signed out")).to_be_hidden()


def test_a_ping_that_finds_the_session_over_says_so_instead_of_swallowing_it(
    page: Page, live_server, practitioner
):
    sign_in(page, live_server.url, practitioner.username)
    open_child_section(page, live_server.url)
    Session.objects.all().delete()  # the session ended on the server, as after a timeout
    page.clock.fast_forward("06:00")
    with page.expect_response("**/accounts/keep-alive/") as ping:
        page.get_by_label("First name").press_sequentially("Sam")
    assert ping.value.status == 401
    expect(page.get_by_text("You have been signed out")).to_be_visible()
    link = page.get_by_role("link", name="Sign in again to carry on where you were")
    draft = Draft.objects.get()
    expect(link).to_have_attribute("href", f"/accounts/login/?next=/concerns/new/{draft.pk}/child/")


def _session_key(page: Page) -> str:
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    return cookies.get("sessionid", "")
