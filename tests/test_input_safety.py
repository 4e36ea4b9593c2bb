"""Hostile and unusual input: CSRF, stored XSS, Unicode, NUL bytes, huge bodies, and error
pages that give nothing away."""

import logging
import sys

import pytest
from django.test import Client

from audit.models import AuditEvent
from concerns.models import Addendum, Child, Concern
from cse_portal.log_privacy import DropRequestData, PrivacyFormatter

from .factories import LOW_ANSWERS
from .forms import intake_post

pytestmark = pytest.mark.django_db
NEW = "/concerns/new/"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
IMG_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


def _file(client, **overrides) -> Concern:
    response = client.post(NEW, intake_post(LOW_ANSWERS, **overrides))
    assert response.status_code == 302, response.content[:2000]
    return Concern.objects.latest("id")


@pytest.fixture
def csrf_client(practitioner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(practitioner)
    return client


def test_filing_without_a_csrf_token_is_refused_and_saves_nothing(csrf_client):
    response = csrf_client.post(NEW, intake_post(LOW_ANSWERS))

    assert response.status_code == 403
    assert "Your form could not be sent" in response.text
    assert not Concern.objects.exists()
    assert not Child.objects.exists()


def test_adding_without_a_csrf_token_is_refused_and_saves_nothing(csrf_client, practitioner):
    client = Client()
    client.force_login(practitioner)
    concern = _file(client)

    response = csrf_client.post(f"/concerns/{concern.reference}/addenda/", {"text": "Later"})

    assert response.status_code == 403
    assert not Addendum.objects.exists()


def test_filing_with_the_csrf_token_from_the_form_works(csrf_client):
    form = csrf_client.get(NEW)
    token = form.context["csrf_token"]

    csrf_client.post(NEW, {**intake_post(LOW_ANSWERS), "csrfmiddlewaretoken": str(token)})

    assert Concern.objects.count() == 1


def _assert_escaped(html: str):
    assert SCRIPT not in html and IMG not in html
    assert SCRIPT_ESCAPED in html and IMG_ESCAPED in html


def test_script_in_narrative_note_and_name_is_shown_escaped_everywhere(
    practitioner_client, lead, client
):
    concern = _file(
        practitioner_client,
        first_name=SCRIPT,
        last_name=IMG,
        narrative=f"{SCRIPT} and {IMG}",
        note_missing=SCRIPT,
        note_cars=IMG,
    )
    practitioner_client.post(f"/concerns/{concern.reference}/addenda/", {"text": IMG})

    confirmation = practitioner_client.get(f"/concerns/{concern.reference}/filed/").text
    pages = [
        practitioner_client.get(f"/concerns/{concern.reference}/").text,
        practitioner_client.get("/concerns/").text,
    ]
    client.force_login(lead)
    pages.append(client.get(f"/concerns/{concern.reference}/").text)

    assert SCRIPT not in confirmation and IMG not in confirmation
    for html in pages:
        _assert_escaped(html)
    detail = pages[0]
    assert detail.count(SCRIPT_ESCAPED) >= 3  # name, narrative, note
    assert detail.count(IMG_ESCAPED) >= 4  # name, narrative, note, addendum


def test_script_in_a_guessed_reference_is_shown_escaped_in_the_admin(
    practitioner_client, admin_user
):
    practitioner_client.get(f"/concerns/{IMG}/")
    assert AuditEvent.objects.filter(action="concern.denied", object_ref=IMG).exists()
    admin = Client()
    admin.force_login(admin_user)

    listing = admin.get("/admin/audit/auditevent/").text
    search = admin.get("/admin/audit/auditevent/", {"q": SCRIPT}).text

    assert IMG not in listing and IMG_ESCAPED in listing
    assert SCRIPT not in search


def test_admin_shows_no_child_names_even_hostile_ones(practitioner_client, admin_user):
    _file(practitioner_client, first_name=SCRIPT, last_name="Hostile")
    admin = Client()
    admin.force_login(admin_user)

    for path in ["/admin/", "/admin/audit/auditevent/"]:
        html = admin.get(path).text
        assert "Hostile" not in html and SCRIPT_ESCAPED not in html and SCRIPT not in html


@pytest.mark.parametrize(
    "name",
    [
        ("Siân", "O'Neill"),
        ("Sia\u0302n", "O\u2019Neill"),  # decomposed accent and a typographic apostrophe
        ("ليلى", "الحسن"),  # right-to-left
        ("Zoë 🦄", "Smith-Jones 👩‍👩‍👧"),  # emoji, including a joined sequence
    ],
)
def test_names_and_text_round_trip_exactly(practitioner_client, name):
    first, last = name
    narrative = f"{first} said «ça va» — שלום 🙂\nSecond line\ttabbed."

    concern = _file(
        practitioner_client, first_name=first, last_name=last, narrative=narrative, note_cars=last
    )

    concern.refresh_from_db()
    assert (concern.child.first_name, concern.child.last_name) == (first, last)
    assert concern.narrative == narrative
    assert concern.answers.get(key="cars").note == last
    page = practitioner_client.get(f"/concerns/{concern.reference}/").text
    assert first in page
    assert last.replace("'", "&#x27;") in page


@pytest.mark.parametrize("field", ["narrative", "first_name", "note_missing", "school"])
def test_a_nul_byte_gives_a_clear_error_not_a_500(practitioner_client, field):
    response = practitioner_client.post(NEW, intake_post(LOW_ANSWERS, **{field: "bad\x00byte"}))

    assert response.status_code == 200
    assert "Remove the unusual characters" in response.text
    assert not Concern.objects.exists()


def test_a_nul_byte_in_an_addendum_gives_a_clear_error(practitioner_client):
    concern = _file(practitioner_client)

    response = practitioner_client.post(
        f"/concerns/{concern.reference}/addenda/", {"text": "bad\x00byte"}
    )

    assert response.status_code == 200
    assert "Remove the unusual characters" in response.text
    assert not Addendum.objects.exists()


@pytest.mark.parametrize("path", ["/concerns/CSE-2026-%00001/", "/concerns/?q=Ja%00mie"])
def test_a_nul_byte_in_an_address_is_refused_cleanly_not_a_500(practitioner_client, path):
    response = practitioner_client.get(path)

    assert response.status_code == 400
    assert "There is a problem with what was sent" in response.text


def test_a_nul_byte_in_the_sign_in_form_is_not_a_500(client):
    response = client.post("/accounts/login/", {"username": "lead\x00", "password": "x\x00"})

    assert response.status_code == 200
    assert "Sign in" in response.text


def test_a_ten_megabyte_narrative_is_refused_cleanly(practitioner_client):
    response = practitioner_client.post(
        NEW, intake_post(LOW_ANSWERS, narrative="x" * (10 * 1024 * 1024))
    )

    assert response.status_code == 400
    assert "There is a problem with what was sent" in response.text
    assert "20,000 characters" in response.text
    assert not Concern.objects.exists()


def test_a_narrative_just_over_the_limit_is_refused_with_a_message_by_the_field(
    practitioner_client,
):
    response = practitioner_client.post(NEW, intake_post(LOW_ANSWERS, narrative="é" * 20001))

    assert response.status_code == 200
    assert "20,000 characters or fewer" in response.text


@pytest.mark.urls("tests.urls_security")
def test_a_server_error_shows_a_generic_page_with_no_details(practitioner):
    client = Client(raise_request_exception=False)
    client.force_login(practitioner)

    response = client.get("/test-only/broken/")

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.text
    assert "0300 456 0108" in response.text
    for leak in ["Jamie", "Traceback", "RuntimeError", "urls_security"]:
        assert leak not in response.text


def test_page_not_found_is_generic(practitioner_client):
    response = practitioner_client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "urlpatterns" not in response.text


def test_logged_exceptions_keep_the_stack_but_not_the_message():
    formatter = PrivacyFormatter("%(levelname)s %(message)s")
    name = "Jamie"
    try:
        raise ValueError(f"Key (first_name)=({name}) already exists.")
    except ValueError:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/concerns/new/",),
            sys.exc_info(),
        )

    line = formatter.format(record)

    assert "Jamie" not in line
    assert "ValueError" in line
    assert "test_logged_exceptions_keep_the_stack_but_not_the_message" in line


def test_log_records_lose_the_request_and_query_strings():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /triage/?q=Jamie+Example HTTP/1.1", "200", "512"),
        None,
    )
    record.request = object()

    DropRequestData().filter(record)

    assert not hasattr(record, "request")
    assert "Jamie" not in record.getMessage()
    assert "/triage/?" in record.getMessage()


def test_the_configured_console_handler_uses_the_private_formatter_and_filter():
    handler = next(
        h for h in logging.getLogger().handlers if isinstance(h.formatter, PrivacyFormatter)
    )
    assert any(isinstance(f, DropRequestData) for f in handler.filters)


def test_a_traceback_already_rendered_by_another_handler_is_still_withheld():
    name = "Jamie"
    try:
        raise ValueError(f"child {name}")
    except ValueError:
        record = logging.LogRecord("django", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    logging.Formatter().format(record)  # caches the full traceback on the record

    assert "Jamie" not in PrivacyFormatter().format(record)


def test_djangos_own_loggers_write_through_the_private_handler_only():
    from django.utils.log import AdminEmailHandler, ServerFormatter

    for name in ("django", "django.server"):
        handlers = logging.getLogger(name).handlers  # pytest adds its own capturing ones
        assert any(isinstance(h.formatter, PrivacyFormatter) for h in handlers)
        assert not any(isinstance(h, AdminEmailHandler) for h in handlers)
        assert not any(isinstance(h.formatter, ServerFormatter) for h in handlers)
