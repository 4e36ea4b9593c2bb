"""Reflow (WCAG 2.2 SC 1.4.10): at 320 CSS pixels (400% zoom) every page, as every role that
uses it, fits the window without sideways scrolling. The only exception is a data table,
which scrolls inside its own focusable, labelled region (templates/includes/scroll_region.html).

To check a new page, add its address to PAGES under the role that uses it. Addresses may name
the test data: {urgent} and {routine} (concern references), {referral} (the urgent concern's
referral id), {child} (its child's id) and {vehicle} (a car both concerns name).
"""

import pytest
from playwright.sync_api import Page

from network.keys import EntityInput
from network.models import Entity

from .browser import answer, sign_in
from .factories import HIGH_ANSWERS, LOW_ANSWERS
from .network_support import file_naming, vehicle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = 320
PAGES = {
    None: ["/accounts/login/", "/report-cse/"],
    "practitioner": [
        "/concerns/",
        "/concerns/new/",
        "/concerns/{urgent}/filed/",
        "/concerns/{routine}/filed/",
        "/concerns/{urgent}/",
    ],
    "lead": [
        "/triage/",
        "/referrals/",
        "/referrals/{referral}/",
        "/children/{child}/",
        "/concerns/{urgent}/",
        "/concerns/{routine}/",
        "/triage/concerns/{routine}/decision/",
        "/triage/concerns/{urgent}/band/",
        "/triage/concerns/{urgent}/audit-trail/",
        "/concerns/new/",
        "/network/",
        "/network/places/",
        "/network/entities/{vehicle}/",
        "/network/entities/{vehicle}/edit/",
        "/network/entities/{vehicle}/merge/",
        "/network/entities/{vehicle}/network/",
        "/network/entities/{vehicle}/meeting-pack/",
        "/network/children/{child}/",
    ],
}

# Elements wider than the window, outside any scroll region: what a failure points at.
OVERFLOWING = """(width) => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > width + 0.5
    && !el.closest('[data-scroll-region]'))
  .slice(0, 5)
  .map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className)
    .trim().split(/\\s+/).join('.') : '') + ' ' + Math.round(el.getBoundingClientRect().right))"""

# Every data table must either fit or sit in a region a keyboard user can scroll.
UNREACHABLE_TABLES = """() => [...document.querySelectorAll('table')].filter(table => {
  const region = table.closest('[data-scroll-region]');
  const fits = table.getBoundingClientRect().right <= document.documentElement.clientWidth;
  const usable = region && region.getAttribute('role') === 'region'
    && region.getAttribute('aria-label') && region.getAttribute('tabindex') === '0';
  return !fits && !usable;
}).length"""

# A table's caption names it: it must be readable without scrolling its region sideways.
CUT_CAPTIONS = """() => [...document.querySelectorAll('caption')]
  .filter(caption => caption.getBoundingClientRect().right
    > document.documentElement.clientWidth + 0.5).length"""


@pytest.fixture
def data(practitioner):
    car = [
        vehicle("AB12 CDE", role="Picked her up from school and drove her to a party"),
        # A long handle has nowhere to break: it must wrap, not widen the page.
        EntityInput(
            kind="account", platform="snapchat", handle="the_real_dazza_from_fore_street_kebabs"
        ),
    ]
    urgent = file_naming(filed_by=practitioner, entities=car, answers=HIGH_ANSWERS)
    routine = file_naming(
        filed_by=practitioner, entities=car, first_name="Riley", answers=LOW_ANSWERS
    )
    return {
        "urgent": urgent.reference,
        "routine": routine.reference,
        "referral": urgent.referral.pk,
        "child": urgent.child_id,
        "vehicle": Entity.objects.get(kind="vehicle").pk,
    }


def too_wide(page: Page, url: str) -> str:
    """What does not fit at the narrow width, or "" when the page reflows."""
    page.goto(url)
    width = page.evaluate("document.documentElement.scrollWidth")
    tables = page.evaluate(UNREACHABLE_TABLES)
    captions = page.evaluate(CUT_CAPTIONS)
    if width <= NARROW and tables == 0 and captions == 0:
        return ""
    widest = page.evaluate(OVERFLOWING, NARROW)
    cut = f"{tables} table(s) unreachable, {captions} caption(s) cut"
    return f"{url}: {width}px wide, {cut}; {widest}"


@pytest.mark.parametrize("role", list(PAGES), ids=lambda role: role or "signed out")
def test_every_page_fits_320_pixels_for_every_role(page: Page, live_server, data, role, request):
    page.set_viewport_size({"width": NARROW, "height": 900})
    if role is not None:
        user = request.getfixturevalue(role)
        sign_in(page, live_server.url, user.username)
    problems = [too_wide(page, live_server.url + path.format(**data)) for path in PAGES[role]]

    assert [problem for problem in problems if problem] == []


def test_triage_list_fits_its_column_on_a_wide_screen(
    page: Page, live_server, data, lead, practitioner
):
    """Even with its concerns tagged as linked to another child, and a filer's long name."""
    practitioner.first_name, practitioner.last_name = "Featherstonehaugh", "Cholmondeley"
    practitioner.save()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, lead.username)
    page.goto(f"{live_server.url}/triage/")

    table = page.locator("table").last
    region_width = table.evaluate("t => t.parentElement.clientWidth")
    table_width = table.evaluate("t => t.scrollWidth")

    assert table_width <= region_width
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_every_page_of_the_intake_fits_320_pixels(page: Page, live_server, practitioner):
    """The intake's pages live under a draft's id, so they are walked rather than listed."""
    from intake import sections

    page.set_viewport_size({"width": NARROW, "height": 900})
    sign_in(page, live_server.url, practitioner.username)
    page.goto(f"{live_server.url}/concerns/new/")
    answer(page, "Do you believe the child is at risk of significant harm right now?", "No")
    page.get_by_role("button", name="Save and continue").click()
    draft_url = page.url.rsplit("/", 2)[0]
    paths = [f"{draft_url}/{section.slug}/" for section in sections.SECTIONS[1:]]
    problems = [too_wide(page, path) for path in paths]

    assert [problem for problem in problems if problem] == []
