"""The audit trail: complete, append-only, readable by leads per concern, searchable by admins,
and free of child data."""

import html
import re

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from audit.models import AuditEvent
from audit.selectors import audit_for_concern
from audit.services import client_ip
from concerns.models import RetentionPolicy

from .factories import LOW_ANSWERS, file_test_concern
from .forms import intake_post

pytestmark = pytest.mark.django_db
TRAIL = "Who has looked at this record"


@pytest.fixture
def concern(practitioner):
    return file_test_concern(filed_by=practitioner, answers=LOW_ANSWERS)


def _trail_rows(html: str) -> list[str]:
    table = html.split(TRAIL, 1)[1].split("</table>", 1)[0]
    return table.split('<tr class="govuk-table__row">')[2:]


def test_filing_viewing_and_adding_to_a_concern_are_recorded(practitioner_client, practitioner):
    practitioner_client.post("/concerns/new/", intake_post(LOW_ANSWERS), follow=True)
    event = AuditEvent.objects.get(action="concern.filed")
    reference = event.object_ref
    practitioner_client.get(f"/concerns/{reference}/")
    practitioner_client.post(f"/concerns/{reference}/addenda/", {"text": "Seen again today"})

    events = AuditEvent.objects.filter(object_ref=reference).order_by("id")
    assert [e.action for e in events] == [
        "concern.filed",
        "concern.viewed",  # the confirmation page
        "concern.viewed",
        "addendum.added",
    ]
    assert {e.actor for e in events} == {practitioner}
    assert {e.ip_address for e in events} == {"127.0.0.1"}
    assert all(e.at.tzinfo is not None for e in events)


def test_lead_sees_who_has_looked_at_a_concern_with_their_own_view_first(client, lead, concern):
    client.force_login(lead)

    response = client.get(f"/concerns/{concern.reference}/")

    rows = _trail_rows(response.text)
    assert lead.username in rows[0] and "Viewed" in rows[0] and "127.0.0.1" in rows[0]
    assert "Filed the concern" in rows[-1]


def test_practitioner_does_not_see_the_audit_trail(practitioner_client, concern):
    response = practitioner_client.get(f"/concerns/{concern.reference}/")

    assert response.status_code == 200
    assert TRAIL not in response.text


def test_a_refused_attempt_shows_on_the_leads_trail(client, lead, other_practitioner, concern):
    client.force_login(other_practitioner)
    client.get(f"/concerns/{concern.reference}/")
    client.force_login(lead)

    rows = _trail_rows(client.get(f"/concerns/{concern.reference}/").text)

    assert any(other_practitioner.username in r and "Was refused access" in r for r in rows)


def test_the_trail_shows_the_latest_hundred_events_in_one_query(
    concern, lead, django_assert_num_queries
):
    about = {"object_type": "concern", "object_id": concern.pk, "object_ref": concern.reference}
    AuditEvent.objects.bulk_create(AuditEvent(action="concern.viewed", **about) for _ in range(120))
    newest = AuditEvent.objects.create(action="concern.viewed", actor=lead, **about)

    with django_assert_num_queries(1):
        events = audit_for_concern(concern=concern)

    assert len(events) == 100
    assert events[0] == newest
    assert events[0].actor == lead


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_audit_table_refuses_update_and_delete(concern):
    event = AuditEvent.objects.get(action="concern.filed")

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="concern.viewed")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM cse_portal_auditevent")

    event.refresh_from_db()
    assert event.action == "concern.filed"


def test_audit_rows_hold_no_child_data(practitioner_client, lead, client):
    practitioner_client.post(
        "/concerns/new/",
        intake_post(
            LOW_ANSWERS,
            first_name="Zebedee",
            last_name="Quartermaine",
            school="Larkspur Academy",
            narrative="Seen with a man called Horatio at the bus station.",
        ),
        follow=True,
    )

    everything = str(list(AuditEvent.objects.values_list()))
    for secret in ["Zebedee", "Quartermaine", "Larkspur", "Horatio"]:
        assert secret not in everything


def test_admin_configuration_changes_are_recorded(client, admin_user):
    client.force_login(admin_user)
    policy = RetentionPolicy.objects.get()

    client.post(
        f"/admin/concerns/retentionpolicy/{policy.pk}/change/",
        {"closed_concern_retention_days": "3650"},
    )

    policy.refresh_from_db()
    assert policy.closed_concern_retention_days == 3650
    change = AuditEvent.objects.get(action="config.changed")
    assert change.actor == admin_user
    assert change.object_type == "retentionpolicy"
    assert change.detail == {"fields": ["closed_concern_retention_days"]}


def test_admin_searches_the_trail_but_cannot_read_concern_content(client, admin_user, concern):
    client.force_login(admin_user)

    response = client.get("/admin/audit/auditevent/", {"q": concern.reference})
    event = AuditEvent.objects.get(action="concern.filed")
    detail = client.get(f"/admin/audit/auditevent/{event.pk}/change/")

    assert response.status_code == 200
    assert concern.reference in response.text
    for page in (response.text, detail.text):
        assert concern.child.first_name not in page
        assert concern.narrative not in page
    assert "Save" not in detail.text  # read-only


def test_admin_cannot_change_or_delete_audit_events(client, admin_user, concern):
    client.force_login(admin_user)
    event = AuditEvent.objects.get(action="concern.filed")

    client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"})
    client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"action": "x"})

    event.refresh_from_db()
    assert event.action == "concern.filed"


def test_a_users_role_change_in_the_admin_is_recorded(client, admin_user, practitioner):
    client.force_login(admin_user)

    response = client.get(f"/admin/auth/user/{practitioner.pk}/change/")
    form = response.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "groups": [g.pk for g in practitioner.groups.all()],
            "user_permissions": [],
            "is_active": "",
            "date_joined_0": practitioner.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": practitioner.date_joined.strftime("%H:%M:%S"),
            "last_login_0": "",
            "last_login_1": "",
        }
    )
    client.post(f"/admin/auth/user/{practitioner.pk}/change/", data)

    practitioner.refresh_from_db()
    assert practitioner.is_active is False
    change = AuditEvent.objects.get(action="config.changed", object_type="user")
    assert "is_active" in change.detail["fields"]


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "198.51.100.7, 203.0.113.9", "203.0.113.9"),  # the address our proxy saw
        (1, "not-an-address", None),
    ],
)
def test_from_where_trusts_forwarded_addresses_only_behind_configured_proxies(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


def _views(concern, count: int) -> None:
    about = {"object_type": "concern", "object_id": concern.pk, "object_ref": concern.reference}
    AuditEvent.objects.bulk_create(
        AuditEvent(action="concern.viewed", actor_username=f"viewer{n}", **about)
        for n in range(count)
    )


def test_the_concern_page_shows_the_latest_ten_events_and_links_to_the_whole_trail(
    client, lead, concern
):
    _views(concern, 30)
    client.force_login(lead)

    text = client.get(f"/concerns/{concern.reference}/").text

    assert len(_trail_rows(text)) == 10
    assert f'href="/triage/concerns/{concern.reference}/audit-trail/"' in text


def test_the_whole_trail_pages_through_every_event_newest_first(client, lead, concern):
    _views(concern, 150)  # and the filing, the confirmation and the views below
    client.force_login(lead)
    url = f"/triage/concerns/{concern.reference}/audit-trail/"

    first = client.get(url)
    older = re.search(r'href="\?([^"]*)" rel="next"', first.text).group(1)
    second = client.get(f"{url}?{html.unescape(older)}")

    assert len(_trail_rows(first.text)) == 100
    assert lead.username in _trail_rows(first.text)[0]
    assert 'rel="next"' in first.text and 'rel="prev"' not in first.text
    assert "Filed the concern" in _trail_rows(second.text)[-1]
    assert 'rel="prev"' in second.text
    assert AuditEvent.objects.filter(
        action="concern.viewed",
        actor=lead,
        detail__page="audit trail",
        detail__trail_from=older[6:],
    ).exists()


@pytest.mark.parametrize("asked", ["abc", "-3", "0.x", "99999999999999999999.1", "1.2.3"])
def test_the_whole_trail_takes_any_cursor_without_an_error(client, lead, concern, asked):
    client.force_login(lead)

    response = client.get(f"/triage/concerns/{concern.reference}/audit-trail/", {"after": asked})

    assert response.status_code == 200


def test_a_practitioner_cannot_open_the_whole_trail(practitioner_client, concern):
    response = practitioner_client.get(f"/triage/concerns/{concern.reference}/audit-trail/")

    assert response.status_code == 403
