"""The safeguarding lead's triage dashboard: figures, trend, the filtered list and its export."""

import csv
import datetime
import html
import io
import re

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEvent
from concerns.models import Concern
from concerns.services import concern_close_no_further_action, concern_override_band
from referrals.hours import LONDON

from .factories import (
    HIGH_ANSWERS,
    LOW_ANSWERS,
    MEDIUM_ANSWERS,
    UserFactory,
    child_details,
    file_test_concern,
)
from .queries import count_queries

TRIAGE = "/triage/"
EXPORT = "/triage/export.csv"
pytestmark = pytest.mark.django_db


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


def file_for(user, first_name, answers=LOW_ANSWERS, **child):
    return file_test_concern(
        filed_by=user, answers=answers, child=child_details(first_name=first_name, **child)
    )


def listed(response) -> list[str]:
    """References in the concern list, in the order shown."""
    if "Concerns matching the filters" not in response.text:
        return []
    section = response.text.split("Concerns matching the filters", 1)[1]
    seen = []
    for reference in re.findall(r"CSE-\d{4}-\d{6}", section):
        if reference not in seen:
            seen.append(reference)
    return seen


def link(response, rel: str) -> str:
    """The query string of the page the Previous or Next link leads to."""
    found = re.search(rf'href="\?([^"#]*)(?:#[^"]*)?" rel="{rel}"', response.text)
    return html.unescape(found.group(1)) if found else ""


def figure(response, label: str) -> int:
    match = re.search(
        rf"{label}</h2>\s*<p class=\"govuk-body app-stat__number\">(\d+)</p>", response.text
    )
    return int(match.group(1))


def test_home_sends_a_lead_to_the_dashboard(lead_client):
    response = lead_client.get("/")
    assert response["Location"] == reverse("triage")


def test_practitioner_cannot_open_the_dashboard_and_the_attempt_is_recorded(
    practitioner_client, practitioner
):
    response = practitioner_client.get(TRIAGE)
    assert response.status_code == 403
    assert "You cannot do that" in response.text
    event = AuditEvent.objects.get(action="access.denied")
    assert event.actor == practitioner
    assert event.detail["path"] == TRIAGE


def test_practitioner_cannot_export(practitioner_client):
    assert practitioner_client.get(EXPORT).status_code == 403


def test_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(TRIAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_dashboard_counts_concerns_by_band_and_status(lead_client, practitioner):
    file_for(practitioner, "Amy", HIGH_ANSWERS)
    file_for(practitioner, "Ben", MEDIUM_ANSWERS)
    file_for(practitioner, "Cal", LOW_ANSWERS)
    file_for(practitioner, "Dee", LOW_ANSWERS)
    text = lead_client.get(TRIAGE).text
    by_band = text.split("Concerns by band", 1)[1].split("</table>", 1)[0]
    assert re.search(r">High</th><td[^>]*>1</td>", by_band)
    assert re.search(r">Medium</th><td[^>]*>1</td>", by_band)
    assert re.search(r">Low</th><td[^>]*>2</td>", by_band)
    by_status = text.split("Concerns by status", 1)[1].split("</table>", 1)[0]
    assert re.search(r">Awaiting review</th><td[^>]*>3</td>", by_status)
    assert re.search(r">Referred</th><td[^>]*>1</td>", by_status)


def test_counts_follow_decisions_band_changes_and_deletions(lead_client, lead, practitioner):
    keep = file_for(practitioner, "Amy", LOW_ANSWERS)
    raise_it = file_for(practitioner, "Ben", LOW_ANSWERS)
    gone = file_for(practitioner, "Cal", MEDIUM_ANSWERS)
    concern_close_no_further_action(
        concern_id=keep.pk, from_status="new", reason="Nothing further", by=lead
    )
    concern_override_band(
        concern_id=raise_it.pk, from_band=1, to_band=2, reason="More known now", by=lead
    )
    Concern.objects.filter(pk=gone.pk).delete()
    text = lead_client.get(TRIAGE).text
    by_band = text.split("Concerns by band", 1)[1].split("</table>", 1)[0]
    assert re.search(r">Low</th><td[^>]*>1</td>", by_band)
    assert re.search(r">Medium</th><td[^>]*>1</td>", by_band)
    assert re.search(r">All</th><td[^>]*><strong>2</strong>", by_band)
    by_status = text.split("Concerns by status", 1)[1].split("</table>", 1)[0]
    assert re.search(r">Awaiting review</th><td[^>]*>1</td>", by_status)
    assert re.search(r">Closed</th><td[^>]*>1</td>", by_status)


def test_urgent_referrals_waiting_show_the_longest_wait(client, lead, practitioner):
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        file_for(practitioner, "Amy", HIGH_ANSWERS)
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        file_for(practitioner, "Ben", HIGH_ANSWERS)
    with time_machine.travel(at(2026, 3, 2, 11, 5), tick=False):
        client.force_login(lead)
        response = client.get(TRIAGE)
    assert figure(response, "Urgent referrals awaiting contact") == 2
    assert "Longest wait: <strong>2 hours 5 minutes</strong>" in response.text


@pytest.mark.parametrize(
    ("filed", "viewed", "overdue"),
    [
        # Friday morning: due one working day later, on Monday at the same time.
        (at(2026, 3, 6, 10, 0), at(2026, 3, 9, 9, 59), False),
        (at(2026, 3, 6, 10, 0), at(2026, 3, 9, 10, 1), True),
        # Thursday before Easter: Good Friday and Easter Monday are bank holidays.
        (at(2026, 4, 2, 10, 0), at(2026, 4, 6, 23, 0), False),
        (at(2026, 4, 2, 10, 0), at(2026, 4, 7, 10, 1), True),
        # Filed on a Saturday: due on Monday at that time.
        (at(2026, 3, 7, 15, 0), at(2026, 3, 9, 14, 0), False),
        (at(2026, 3, 7, 15, 0), at(2026, 3, 9, 15, 1), True),
    ],
)
def test_unreviewed_concern_is_overdue_after_one_working_day(
    client, lead, practitioner, filed, viewed, overdue
):
    with time_machine.travel(filed, tick=False):
        concern = file_for(practitioner, "Amy", MEDIUM_ANSWERS)
        file_for(practitioner, "Ben", HIGH_ANSWERS)  # urgent: never "overdue for review"
    with time_machine.travel(viewed, tick=False):
        client.force_login(lead)
        response = client.get(TRIAGE)
    assert figure(response, "Reviews overdue") == (1 if overdue else 0)
    waiting = response.text.split('id="concerns"', 1)[0]
    assert (f">{concern.reference}</a>" in waiting) is overdue


def test_reviewed_concern_is_not_overdue(client, lead, practitioner):
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        concern = file_for(practitioner, "Amy", MEDIUM_ANSWERS)
    with time_machine.travel(at(2026, 3, 4, 10, 0), tick=False):
        client.force_login(lead)
        url = reverse("concern_decide", args=[concern.reference])
        client.post(url, {"from_status": "new", "decision": "closed", "reason": "Known to CAMHS"})
        response = client.get(TRIAGE)
    assert figure(response, "Reviews overdue") == 0


def trend_rows(text: str) -> dict[str, list[int]]:
    table = text.split("Concerns filed each week, by band", 1)[1].split("</table>", 1)[0]
    return {
        week: [int(n) for n in re.findall(r">(\d+)</td>", cells)]
        for week, cells in re.findall(r">(\d+ \w+ \d{4})</th>((?:\s*<td[^>]*>\d+</td>)+)", table)
    }


def test_the_trend_follows_a_band_changed_and_a_concern_deleted_after_filing(
    client, lead, practitioner
):
    with time_machine.travel(at(2026, 3, 3, 10, 0), tick=False):  # week of Monday 2 March
        raised = file_for(practitioner, "Amy", LOW_ANSWERS)
        deleted = file_for(practitioner, "Ben", LOW_ANSWERS)
        file_for(practitioner, "Cal", LOW_ANSWERS)
    with time_machine.travel(at(2026, 3, 4, 12, 0), tick=False):
        concern_override_band(
            concern_id=raised.pk, from_band=1, to_band=2, reason="Older friends", by=lead
        )
        Concern.objects.filter(pk=deleted.pk).delete()
        client.force_login(lead)
        text = client.get(TRIAGE).text

    assert trend_rows(text)["2 March 2026"] == [1, 1, 0, 0, 2]


def test_twelve_week_trend_has_a_chart_and_a_table_with_the_same_numbers(
    client, lead, practitioner
):
    with time_machine.travel(at(2026, 3, 3, 10, 0), tick=False):  # week of Monday 2 March
        file_for(practitioner, "Amy", HIGH_ANSWERS)
        file_for(practitioner, "Ben", LOW_ANSWERS)
        file_for(practitioner, "Cal", LOW_ANSWERS)
    with time_machine.travel(at(2026, 3, 12, 10, 0), tick=False):  # week of Monday 9 March
        file_for(practitioner, "Dee", MEDIUM_ANSWERS)
    with time_machine.travel(at(2026, 3, 13, 12, 0), tick=False):
        client.force_login(lead)
        text = client.get(TRIAGE).text
    table = text.split("Concerns filed each week, by band", 1)[1].split("</table>", 1)[0]
    rows = {
        week: [int(n) for n in re.findall(r">(\d+)</td>", cells)]
        for week, cells in re.findall(r">(\d+ \w+ \d{4})</th>((?:\s*<td[^>]*>\d+</td>)+)", table)
    }
    assert len(rows) == 12
    assert rows["2 March 2026"] == [2, 0, 1, 0, 3]
    assert rows["9 March 2026"] == [0, 1, 0, 0, 1]
    assert rows["22 December 2025"] == [0, 0, 0, 0, 0]
    chart = text.split('<svg class="app-chart"', 1)[1].split("</svg>", 1)[0]
    assert "Week of 2 March: 2 Low" in chart
    assert "Week of 2 March: 1 High" in chart
    assert "Week of 9 March: 1 Medium" in chart


def test_dashboard_has_no_inline_styles_or_scripts(lead_client, practitioner):
    file_for(practitioner, "Amy", HIGH_ANSWERS)
    text = lead_client.get(TRIAGE).text
    assert " style=" not in text
    # The nonce'd start-up line, the module file and the live update of new referrals.
    assert text.count("<script") == 3
    assert text.count("<script>") == 0


@pytest.fixture
def spread(practitioner, other_practitioner):
    """Concerns that differ in band, status, area, date and filer."""
    with time_machine.travel(at(2026, 2, 2, 10, 0), tick=False):
        old = file_for(practitioner, "Olive", LOW_ANSWERS, area="Salisbury")
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        high = file_for(other_practitioner, "Hugo", HIGH_ANSWERS, area="Trowbridge")
    with time_machine.travel(at(2026, 3, 9, 10, 0), tick=False):
        medium = file_for(practitioner, "Mia", MEDIUM_ANSWERS, area="salisbury")
    return {"old": old, "high": high, "medium": medium}


def test_without_filters_the_list_is_newest_first(lead_client, spread):
    response = lead_client.get(TRIAGE)
    expected = [spread[name].reference for name in ("medium", "high", "old")]
    assert listed(response) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"band": "3"}, ["high"]),
        ({"band": "1"}, ["old"]),
        ({"status": "referred"}, ["high"]),
        ({"status": "new"}, ["medium", "old"]),
        ({"area": "SALISBURY"}, ["medium", "old"]),
        ({"area": "Trowbridge"}, ["high"]),
        (
            {
                "filed_from_0": "1",
                "filed_from_1": "3",
                "filed_from_2": "2026",
                "filed_to_0": "8",
                "filed_to_1": "3",
                "filed_to_2": "2026",
            },
            ["high"],
        ),
        ({"filed_from_0": "2", "filed_from_1": "3", "filed_from_2": "2026"}, ["medium", "high"]),
        ({"filed_to_0": "2", "filed_to_1": "2", "filed_to_2": "2026"}, ["old"]),
        ({"sort": "oldest"}, ["old", "high", "medium"]),
        ({"sort": "band_high"}, ["high", "medium", "old"]),
        ({"sort": "band_low"}, ["old", "medium", "high"]),
    ],
)
def test_each_filter_and_sort_narrows_and_orders_the_list(lead_client, spread, params, expected):
    response = lead_client.get(TRIAGE, params)
    assert listed(response) == [spread[name].reference for name in expected]


def test_filter_by_the_practitioner_who_filed(lead_client, spread, other_practitioner):
    response = lead_client.get(TRIAGE, {"filed_by": other_practitioner.username})
    assert listed(response) == [spread["high"].reference]


def test_filter_by_the_full_name_of_the_practitioner_who_filed(
    lead_client, spread, other_practitioner
):
    other_practitioner.first_name, other_practitioner.last_name = "Robin", "Hale"
    other_practitioner.save()
    response = lead_client.get(TRIAGE, {"filed_by": "robin HALE"})
    assert listed(response) == [spread["high"].reference]


def test_filed_by_someone_unknown_is_refused_with_a_message(lead_client, spread):
    response = lead_client.post(TRIAGE, {"filed_by": "Nobody Here"})
    assert response.status_code == 200
    assert "<title>Error:" in response.text
    assert response.text.count("No one who can file concerns has that name or username") >= 2
    assert 'value="Nobody Here"' in response.text


def test_filters_combine(lead_client, spread, practitioner):
    response = lead_client.get(TRIAGE, {"filed_by": practitioner.username, "band": "2"})
    assert listed(response) == [spread["medium"].reference]


def test_posted_filters_redirect_to_a_shareable_address(lead_client, spread):
    response = lead_client.post(TRIAGE, {"band": "3", "status": "", "sort": "newest"})
    assert response.status_code == 302
    assert response["Location"] == "/triage/?band=3&sort=newest"
    assert listed(lead_client.get(response["Location"])) == [spread["high"].reference]


def test_search_by_child_name_keeps_the_name_out_of_the_address(lead_client, spread):
    response = lead_client.post(TRIAGE, {"search": "hugo example"})
    assert "hugo" not in response["Location"].lower()
    page = lead_client.get(response["Location"])
    assert listed(page) == [spread["high"].reference]
    assert 'value="hugo example"' in page.text


def test_search_by_first_letters_of_a_name(lead_client, spread):
    response = lead_client.post(TRIAGE, {"search": "Mi"}, follow=True)
    assert listed(response) == [spread["medium"].reference]


def test_search_by_reference_with_or_without_zero_padding(lead_client, spread):
    reference = spread["old"].reference
    year, number = reference.split("-")[1:]
    for search in (reference.lower(), f"CSE-{year}-{int(number)}"):
        response = lead_client.post(TRIAGE, {"search": search}, follow=True)
        assert listed(response) == [reference]


def test_search_that_matches_nothing_says_so(lead_client, spread):
    response = lead_client.post(TRIAGE, {"search": "Zebedee"}, follow=True)
    assert listed(response) == []
    assert "No concerns match these filters." in response.text


def test_an_impossible_date_is_refused_with_a_message(lead_client, spread):
    data = {"filed_from_0": "31", "filed_from_1": "2", "filed_from_2": "2026"}
    response = lead_client.post(TRIAGE, data)
    assert response.status_code == 200
    assert "<title>Error:" in response.text
    assert response.text.count("The &#x27;filed from&#x27; date must be a real date") >= 2
    assert 'value="31"' in response.text


def test_a_date_range_the_wrong_way_round_is_refused(lead_client, spread):
    data = {
        "filed_from_0": "9",
        "filed_from_1": "3",
        "filed_from_2": "2026",
        "filed_to_0": "1",
        "filed_to_1": "3",
        "filed_to_2": "2026",
    }
    response = lead_client.post(TRIAGE, data)
    assert "must be the same as or after" in response.text


def test_nonsense_in_the_address_does_not_break_the_page(lead_client, spread):
    response = lead_client.get(TRIAGE, {"band": "99", "page": "x", "filed_by": "abc"})
    assert response.status_code == 200
    assert "There is a problem" in response.text


def test_list_pages_twenty_five_at_a_time(lead_client, practitioner):
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=True):
        concerns = [file_for(practitioner, f"Child{n}") for n in range(27)]
    first = lead_client.get(TRIAGE)
    assert len(listed(first)) == 25
    assert "Showing 25 concerns, 25 a page" in first.text
    assert 'rel="next"' in first.text
    second = lead_client.get(f"{TRIAGE}?{link(first, 'next')}")
    assert listed(second) == [c.reference for c in concerns[:2]][::-1]
    assert 'rel="prev"' in second.text
    assert 'rel="next"' not in second.text


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_export_holds_exactly_the_filtered_list_in_order(lead_client, spread):
    params = {"area": "salisbury", "sort": "oldest"}
    shown = listed(lead_client.get(TRIAGE, params))
    response = lead_client.get(EXPORT, params)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:3] == ["Reference", "Filed", "Child first name"]
    assert [row[0] for row in rows[1:]] == shown
    assert rows[1][2] == "Olive"


def test_export_follows_the_search_too(lead_client, spread):
    location = lead_client.post(TRIAGE, {"search": "Hugo"})["Location"]
    query = location.split("?", 1)[1]
    rows = read_csv(lead_client.get(f"{EXPORT}?{query}"))
    assert [row[0] for row in rows[1:]] == [spread["high"].reference]


def test_export_neutralises_cells_a_spreadsheet_would_run_as_formulas(lead_client, practitioner):
    file_test_concern(
        filed_by=practitioner,
        child=child_details(
            first_name='=HYPERLINK("http://evil.example")', last_name="@SUM(A1)", area="+44"
        ),
    )
    file_test_concern(filed_by=practitioner, child=child_details(first_name="-2+3", area="Devizes"))
    rows = read_csv(lead_client.get(EXPORT))
    cells = {cell for row in rows[1:] for cell in row}
    assert '\'=HYPERLINK("http://evil.example")' in cells
    assert "'@SUM(A1)" in cells
    assert "'+44" in cells
    assert "'-2+3" in cells
    assert "Devizes" in cells
    assert not any(cell[:1] in "=+-@" for cell in cells if cell)


def test_export_is_audited_without_child_details(lead_client, lead, spread):
    location = lead_client.post(TRIAGE, {"search": "Hugo", "band": "3"})["Location"]
    b"".join(lead_client.get(f"{EXPORT}?{location.split('?', 1)[1]}").streaming_content)
    event = AuditEvent.objects.get(action="concerns.exported")
    assert event.actor == lead
    assert event.detail["band"] == 3
    assert event.detail["search"] is True
    assert "Hugo" not in str(event.detail)


def test_export_with_an_impossible_date_goes_back_to_the_dashboard(lead_client, spread):
    response = lead_client.get(
        EXPORT, {"filed_to_0": "40", "filed_to_1": "1", "filed_to_2": "2026"}
    )
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="concerns.exported").exists()


def file_many(count: int, users) -> None:
    """A mix of bands, filers and areas, filed long enough ago to be overdue."""
    answers = [LOW_ANSWERS, MEDIUM_ANSWERS, HIGH_ANSWERS]
    ten_days_ago = datetime.datetime.now(tz=LONDON) - datetime.timedelta(days=10)
    with time_machine.travel(ten_days_ago, tick=True):
        for n in range(count):
            file_for(users[n % len(users)], f"Child{n}", answers[n % 3], area=f"Area{n % 4}")


def test_dashboard_query_count_does_not_grow_with_the_number_of_concerns(
    lead_client, practitioner, other_practitioner
):
    users = [practitioner, other_practitioner, UserFactory(role="Practitioner")]
    file_many(5, users)
    with_five = count_queries(lead_client, TRIAGE)
    file_many(195, users)
    with_two_hundred = count_queries(lead_client, TRIAGE)
    assert with_two_hundred == with_five
