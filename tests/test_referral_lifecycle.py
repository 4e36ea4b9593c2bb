"""The referral as MASH and the duty lead need it: calls as they happen, the written referral,
withdrawal, feedback to the practitioner who filed, the duty rota."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from accounts import roles
from audit.models import AuditEvent
from concerns.models import Concern
from referrals import services, written
from referrals.hours import LONDON
from referrals.models import (
    CallAttempt,
    DutyShift,
    MashSettings,
    Outcome,
    Referral,
    Reminder,
    WrittenReferral,
)
from referrals.reminders import reminders_sweep

from .factories import HIGH_ANSWERS, UserFactory, file_test_concern
from .reminder_support import CHILD, NARRATIVE, assert_no_child_data, recipients

pytestmark = pytest.mark.django_db

TUESDAY_10AM = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
TUESDAY_10PM = datetime.datetime(2026, 3, 10, 22, 0, tzinfo=LONDON)
MINUTE = datetime.timedelta(minutes=1)


def urgent(practitioner, at=None) -> Referral:
    with time_machine.travel(at or datetime.datetime.now(tz=LONDON), tick=False):
        concern = file_test_concern(
            filed_by=practitioner, answers=HIGH_ANSWERS, child=CHILD, narrative=NARRATIVE
        )
    return concern.referral


def url(name: str, referral: Referral, *more) -> str:
    return reverse(name, args=[referral.pk, *more])


def call(referral, lead, result="spoke_to", reference="", hub="mash", spoke_to="Sam Patel"):
    return services.call_attempt_record(
        referral_id=referral.pk,
        hub=hub,
        result=result,
        spoke_to=spoke_to if result == "spoke_to" else "",
        reference=reference,
        called_at=datetime.datetime.now(tz=LONDON),
        by=lead,
    )


def acknowledged(practitioner, lead, at=None) -> Referral:
    referral = urgent(practitioner, at)
    services.referral_acknowledge(referral_id=referral.pk, by=lead)
    return referral


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def sweep_at(moment) -> int:
    with time_machine.travel(moment, tick=False):
        return reminders_sweep()


# --- calls as they happen ------------------------------------------------------------------


def test_a_call_with_no_answer_is_kept_and_the_referral_waits_for_a_real_contact(
    practitioner, lead
):
    referral = acknowledged(practitioner, lead)
    call(referral, lead, result="no_answer")
    call(referral, lead, result="left_message")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACKNOWLEDGED
    assert list(referral.calls.values_list("result", flat=True)) == ["no_answer", "left_message"]
    assert not Reminder.objects.filter(kind=Reminder.Kind.FOLLOW_UP).exists()


def test_a_call_without_a_reference_reminds_the_lead_to_add_it_later(
    lead_client, practitioner, lead
):
    referral = acknowledged(practitioner, lead)
    call(referral, lead, reference="")
    page = lead_client.get(url("referral_detail", referral))
    assert "No reference has been recorded for the call to MASH" in page.text
    response = lead_client.post(
        url("referral_reference", referral), {"reference": "MASH/77"}, follow=True
    )
    assert "The reference has been added." in response.text
    assert "No reference has been recorded" not in response.text
    referral.refresh_from_db()
    assert referral.hub_reference == "MASH/77"


def test_a_call_to_the_police_is_a_contact_that_needs_an_outcome(lead_client, practitioner, lead):
    referral = acknowledged(practitioner, lead)
    call(referral, lead, hub="police", reference="PC-1")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.POLICE_CONTACTED
    page = lead_client.get(url("referral_detail", referral))
    assert "Next step: record the outcome" in page.text


def test_who_was_spoken_to_is_required_when_the_lead_spoke_to_someone(
    lead_client, practitioner, lead
):
    referral = acknowledged(practitioner, lead)
    now = datetime.datetime.now(tz=LONDON) - 5 * MINUTE
    data = {
        "hub": "mash",
        "result": "spoke_to",
        "spoke_to": "",
        "call_date_0": now.day,
        "call_date_1": now.month,
        "call_date_2": now.year,
        "call_time": now.strftime("%H:%M"),
        "hub_reference": "KEPT-1",
    }
    response = lead_client.post(url("referral_contact", referral), data)
    assert response.text.count("Enter who you spoke to") >= 2
    assert 'value="KEPT-1"' in response.text
    assert not CallAttempt.objects.exists()


def test_what_the_practitioner_had_already_done_is_the_first_thing_on_the_referral(
    lead_client, practitioner
):
    referral = urgent(practitioner)
    services.prior_contact_record(
        concern=referral.concern,
        hub="mash",
        contacted_at=datetime.datetime(2026, 3, 10, 9, 40, tzinfo=LONDON),
        reference="MASH-PRIOR-9",
    )
    page = lead_client.get(url("referral_detail", referral)).text
    warning = page.index("The practitioner had already contacted MASH at 09:40 on 10 March 2026")
    assert "MASH-PRIOR-9" in page
    assert warning < page.index('<dl class="govuk-summary-list">')


def test_the_intake_asks_about_you_whether_mash_was_already_contacted(practitioner_client):
    from .forms import intake_post

    data = intake_post(
        HIGH_ANSWERS,
        prior_contact="mash",
        prior_contact_date_0="10",
        prior_contact_date_1="3",
        prior_contact_date_2="2026",
        prior_contact_time="09:40",
        prior_contact_reference="MASH-PRIOR-9",
    )
    response = practitioner_client.post("/concerns/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    prior = Concern.objects.get().prior_contact
    assert (prior.hub, prior.reference) == ("mash", "MASH-PRIOR-9")
    assert prior.contacted_at == datetime.datetime(2026, 3, 10, 9, 40, tzinfo=LONDON)


def test_saying_mash_was_contacted_without_when_is_refused_and_nothing_is_filed(
    practitioner_client,
):
    from intake import sections

    from .forms import intake_post

    assert sections.section_get("about-you").forms[-1].__name__ == "PriorContactIntakeForm"
    data = intake_post(HIGH_ANSWERS, prior_contact="police", prior_contact_reference="P-1")
    response = practitioner_client.post("/concerns/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Enter the date you contacted them") >= 2  # summary and field
    assert page.count("Enter the time you contacted them") >= 2
    assert 'value="P-1"' in page
    assert not Concern.objects.exists()


# --- the written referral ------------------------------------------------------------------


def test_the_written_referral_pdf_holds_what_mash_needs(lead_client, practitioner, lead):
    referral = acknowledged(practitioner, lead)
    call(referral, lead, result="no_answer")
    call(referral, lead, reference="MASH/2026/12")
    lead_client.post(url("referral_written_generate", referral))
    document = WrittenReferral.objects.get(referral=referral)
    response = lead_client.get(url("referral_written_pdf", referral, document.pk))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(b"".join(response)).split())
    for expected in (
        "14 March 2012",  # date of birth
        "Zebedee Quartermaine",
        "Hollowmere Academy",
        NARRATIVE,
        "Regularly missing from home or school",
        "Total score",
        "MASH/2026/12",
        "No answer",
        practitioner.email,
    ):
        assert expected in text, expected
    assert AuditEvent.objects.filter(action="referral.written_downloaded").count() == 1


def test_the_printable_page_has_the_same_content(lead_client, practitioner, lead):
    referral = acknowledged(practitioner, lead)
    page = lead_client.get(url("referral_written", referral)).text
    for expected in ("14 March 2012", NARRATIVE, "Safety floors", "Calls made", "Referrer"):
        assert expected in page


def test_the_written_referral_gives_the_referrers_organisation_and_phone(
    lead_client, practitioner, lead
):
    referral = acknowledged(practitioner, lead)
    # As the intake's "About you" page records them.
    Concern.objects.filter(pk=referral.concern_id).update(
        reporter_organisation="Hollowmere Youth Service", reporter_phone="01632 960 777"
    )
    page = lead_client.get(url("referral_written", referral)).text
    referrer = page[page.index("Referrer") : page.index("Child")]
    assert "Hollowmere Youth Service" in referrer
    assert "01632 960 777" in referrer
    assert "Not recorded" not in referrer


def test_the_written_referral_gives_the_childs_identity_as_the_concern_recorded_it(
    lead_client, practitioner, lead
):
    from .factories import child_details

    child = child_details(
        nhs_number="9434765919",
        address="12 Lantern Row, Hollowmere",
        carers=({"name": "Morwenna Quartermaine", "relationship": "Mother", "phone": ""},),
    )
    concern = file_test_concern(filed_by=practitioner, answers=HIGH_ANSWERS, child=child)
    page = lead_client.get(url("referral_written", concern.referral)).text
    child_part = page[page.index('<h2 class="govuk-heading-m">Child</h2>') :]
    for expected in ("9434765919", "12 Lantern Row, Hollowmere", "Morwenna Quartermaine, Mother"):
        assert expected in child_part, expected


def test_a_practitioner_cannot_read_or_download_a_written_referral(
    practitioner_client, practitioner, lead
):
    referral = acknowledged(practitioner, lead)
    document = written.written_referral_generate(referral=referral, by=lead)
    assert practitioner_client.get(url("referral_written", referral)).status_code == 403
    pdf_url = url("referral_written_pdf", referral, document.pk)
    assert practitioner_client.get(pdf_url).status_code == 403


def mash_address(attach=False):
    MashSettings.objects.create(secure_email="mash@secure.example.gov.uk", attach_pdf=attach)


def test_emailing_the_written_referral_goes_only_to_the_mash_address_as_a_link(
    lead_client, practitioner, lead, mailoutbox
):
    mash_address(attach=False)
    referral = acknowledged(practitioner, lead)
    call(referral, lead, reference="M-1")
    document = written.written_referral_generate(referral=referral, by=lead)
    response = lead_client.post(url("referral_written_email", referral, document.pk), follow=True)
    assert "emailed to MASH and recorded as sent" in response.text
    assert recipients(mailoutbox) == ["mash@secure.example.gov.uk"]
    message = mailoutbox[0]
    assert message.attachments == []
    assert url("referral_written_pdf", referral, document.pk) in message.body
    assert_no_child_data(message)
    document.refresh_from_db()
    assert (document.method, document.sent_by) == ("email_link", lead)
    referral.refresh_from_db()
    assert referral.follow_up_sent_at == document.sent_at
    assert Reminder.objects.get(kind=Reminder.Kind.FOLLOW_UP).cancelled_at is not None


def test_the_pdf_is_attached_only_when_the_admin_allowed_it(
    lead_client, practitioner, lead, mailoutbox
):
    mash_address(attach=True)
    referral = acknowledged(practitioner, lead)
    document = written.written_referral_generate(referral=referral, by=lead)
    lead_client.post(url("referral_written_email", referral, document.pk))
    (name, content, mimetype) = mailoutbox[0].attachments[0]
    assert mimetype == "application/pdf"
    assert "14 March 2012" in pdf_text(content)


def test_without_a_mash_address_nothing_is_emailed(lead_client, practitioner, lead, mailoutbox):
    referral = acknowledged(practitioner, lead)
    document = written.written_referral_generate(referral=referral, by=lead)
    response = lead_client.post(url("referral_written_email", referral, document.pk), follow=True)
    assert "No secure MASH email address is set up" in response.text
    assert mailoutbox == []
    document.refresh_from_db()
    assert document.sent_at is None


def test_a_written_referral_is_recorded_as_sent_once(lead_client, practitioner, lead):
    referral = acknowledged(practitioner, lead)
    document = written.written_referral_generate(referral=referral, by=lead)
    lead_client.post(url("referral_written_sent", referral, document.pk))
    again = lead_client.post(url("referral_written_sent", referral, document.pk), follow=True)
    assert "already recorded as sent" in again.text
    assert AuditEvent.objects.filter(action="referral.written_sent").count() == 1


def walk_to_outcome(referral, lead):
    services.referral_acknowledge(referral_id=referral.pk, by=lead)
    call(referral, lead, reference="M-2")
    services.referral_record_outcome(
        referral_id=referral.pk, outcome=Outcome.objects.first(), note="", by=lead
    )


def test_a_referral_cannot_close_while_its_written_referral_is_unsent(
    lead_client, practitioner, lead
):
    referral = urgent(practitioner)
    walk_to_outcome(referral, lead)
    response = lead_client.post(url("referral_close", referral), {"unsent_reason": ""})
    assert response.text.count("Enter why the written referral was not sent") >= 2
    referral.refresh_from_db()
    assert referral.status == Referral.Status.OUTCOME_RECORDED
    with pytest.raises(services.ReferralRefused, match="has not been sent to MASH"):
        services.referral_close(referral_id=referral.pk, by=lead)


def test_a_referral_closes_unsent_when_the_lead_says_why(lead_client, practitioner, lead):
    referral = urgent(practitioner)
    walk_to_outcome(referral, lead)
    reason = "MASH took the referral in the strategy meeting"
    lead_client.post(url("referral_close", referral), {"unsent_reason": reason})
    referral.refresh_from_db()
    assert (referral.status, referral.unsent_reason) == (Referral.Status.CLOSED, reason)


def test_a_referral_with_its_written_referral_sent_closes_with_one_click(
    lead_client, practitioner, lead
):
    referral = urgent(practitioner)
    walk_to_outcome(referral, lead)
    document = written.written_referral_generate(referral=referral, by=lead)
    written.written_referral_mark_sent(document_id=document.pk, by=lead)
    lead_client.post(url("referral_close", referral))
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED


# --- withdrawal ----------------------------------------------------------------------------


def test_withdrawing_cancels_the_reminders_and_tells_the_other_leads(
    lead_client, practitioner, lead, second_lead, mailoutbox
):
    referral = urgent(practitioner, TUESDAY_10AM)
    with time_machine.travel(TUESDAY_10AM + 5 * MINUTE, tick=False):
        response = lead_client.post(
            url("referral_withdraw", referral), {"reason": "Band lowered"}, follow=True
        )
    assert "The referral is withdrawn" in response.text
    mailoutbox.clear()
    sweep_at(TUESDAY_10AM + 24 * 60 * MINUTE)
    assert recipients(mailoutbox) == [second_lead.email]
    assert "withdrawn" in mailoutbox[0].subject
    assert_no_child_data(mailoutbox[0])
    kinds = set(
        referral.concern.reminders.filter(sent_at__isnull=False).values_list("kind", flat=True)
    )
    assert kinds <= {Reminder.Kind.URGENT_FILED, Reminder.Kind.WITHDRAWN}
    referral.concern.refresh_from_db()
    assert referral.concern.status == Concern.Status.NEW


def test_a_withdrawal_needs_a_reason(lead_client, practitioner):
    referral = urgent(practitioner)
    response = lead_client.post(url("referral_withdraw", referral), {"reason": ""})
    assert response.text.count("Enter why you are withdrawing this referral") >= 2
    referral.refresh_from_db()
    assert referral.status == Referral.Status.AWAITING


def test_lowering_the_band_below_high_offers_withdrawal(lead_client, practitioner):
    referral = urgent(practitioner)
    concern = referral.concern
    data = {"from_band": concern.band, "to_band": 2, "reason": "New information"}
    response = lead_client.post(reverse("concern_override", args=[concern.reference]), data)
    assert response.url == url("referral_withdraw", referral)
    page = lead_client.get(url("referral_detail", referral))
    assert "If this referral is no longer needed" in page.text


# --- feedback for the practitioner ---------------------------------------------------------


def test_the_filer_is_told_there_is_an_update_and_sees_the_outcome_and_their_note(
    client, practitioner, lead, mailoutbox
):
    referral = urgent(practitioner)
    services.referral_acknowledge(referral_id=referral.pk, by=lead)
    call(referral, lead, reference="M-3")
    reminders_sweep()  # the alerts to leads, out of the way
    client.force_login(lead)
    client.post(
        url("referral_outcome", referral),
        {
            "outcome": Outcome.objects.first().pk,
            "note": "Private: strategy meeting with police on Thursday",
            "filer_note": "Thank you. MASH has opened an assessment.",
        },
    )
    mailoutbox.clear()
    reminders_sweep()
    assert recipients(mailoutbox) == [practitioner.email]
    message = mailoutbox[0]
    assert message.subject == f"There is an update on your concern {referral.concern.reference}"
    assert_no_child_data(message)

    client.force_login(practitioner)
    page = client.get(reverse("concern_detail", args=[referral.concern.reference])).text
    assert Outcome.objects.first().name in page
    assert "Thank you. MASH has opened an assessment." in page
    assert "strategy meeting with police" not in page


# --- the duty rota -------------------------------------------------------------------------


def test_the_first_alert_goes_to_the_duty_lead_then_to_every_lead_and_duty_manager(
    practitioner, lead, second_lead, duty_manager, mailoutbox
):
    DutyShift.objects.create(day=TUESDAY_10AM.date(), period="office", lead=second_lead)
    urgent(practitioner, TUESDAY_10AM)
    sweep_at(TUESDAY_10AM)
    assert recipients(mailoutbox) == [second_lead.email]
    mailoutbox.clear()
    sweep_at(TUESDAY_10AM + 30 * MINUTE)
    assert recipients(mailoutbox) == sorted([lead.email, second_lead.email])
    mailoutbox.clear()
    sweep_at(TUESDAY_10AM + 60 * MINUTE)
    assert recipients(mailoutbox) == sorted([lead.email, second_lead.email, duty_manager.email])


def test_out_of_hours_the_out_of_hours_duty_lead_is_alerted(
    practitioner, lead, second_lead, mailoutbox
):
    DutyShift.objects.create(day=TUESDAY_10PM.date(), period="office", lead=lead)
    DutyShift.objects.create(day=TUESDAY_10PM.date(), period="out", lead=second_lead)
    urgent(practitioner, TUESDAY_10PM)
    sweep_at(TUESDAY_10PM)
    assert recipients(mailoutbox) == [second_lead.email]


def test_a_lead_without_email_cannot_be_put_on_the_rota_and_admins_are_warned(
    client, admin_user, lead
):
    silent = UserFactory(username="silent_lead", email="", role=roles.LEAD)
    client.force_login(admin_user)
    listing = client.get("/admin/referrals/dutyshift/")
    assert "silent_lead" in listing.text
    assert "have no email address" in listing.text
    data = {"day": "2026-03-10", "period": "office", "lead": silent.pk}
    response = client.post("/admin/referrals/dutyshift/add/", data)
    assert response.status_code == 200
    assert not DutyShift.objects.exists()
    data["lead"] = lead.pk
    client.post("/admin/referrals/dutyshift/add/", data)
    assert DutyShift.objects.get().lead == lead


def test_a_duty_manager_can_open_a_referral_escalated_to_them_and_no_other(
    client, practitioner, lead, duty_manager
):
    escalated = urgent(practitioner, TUESDAY_10AM)
    other = urgent(practitioner, TUESDAY_10AM)
    Referral.objects.filter(pk=other.pk).update(status=Referral.Status.ACKNOWLEDGED)
    sweep_at(TUESDAY_10AM + 60 * MINUTE)
    client.force_login(duty_manager)
    page = client.get(url("referral_detail", escalated))
    assert page.status_code == 200
    assert "escalated to you as a duty manager" in page.text
    assert "Acknowledge" not in page.text
    assert client.get(url("referral_written", escalated)).status_code == 200
    assert client.get(url("referral_detail", other)).status_code == 403
    assert AuditEvent.objects.filter(action="referral.viewed", actor=duty_manager).count() == 1


# --- live update ---------------------------------------------------------------------------


def test_the_live_update_lists_new_urgent_referrals_only(lead_client, practitioner):
    before = urgent(practitioner)
    after = urgent(practitioner)
    response = lead_client.get(reverse("referral_live"), {"after": before.pk})
    assert after.concern.reference in response.text
    assert before.concern.reference not in response.text
    assert CHILD.first_name not in response.text
    assert response["X-Latest-Referral"] == str(after.pk)
    empty = lead_client.get(reverse("referral_live"), {"after": after.pk})
    assert empty.text.strip() == ""


def test_a_practitioner_gets_no_live_update(practitioner_client, practitioner):
    urgent(practitioner)
    assert practitioner_client.get(reverse("referral_live")).status_code == 403


# --- the queue's order ---------------------------------------------------------------------


def test_an_immediate_referral_comes_before_an_older_high_one(lead_client, practitioner):
    older_high = urgent(practitioner, TUESDAY_10AM)
    with time_machine.travel(TUESDAY_10AM + 30 * MINUTE, tick=False):
        immediate = file_test_concern(
            filed_by=practitioner, answers=HIGH_ANSWERS, immediate_risk=True
        ).referral
    newer_high = urgent(practitioner, TUESDAY_10AM + 60 * MINUTE)
    text = lead_client.get("/referrals/").text
    positions = [
        text.index(f"{r.concern.reference}: ") for r in (immediate, older_high, newer_high)
    ]
    assert positions == sorted(positions)
