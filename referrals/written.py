"""The written referral MASH needs: built from the records, drawn as a page and as a PDF,
stored as generated, and sent only to the secure MASH address an admin configured.

A phone referral to MASH is confirmed in writing within 24 hours (Working Together 2023). The
document is kept exactly as it was generated, so "sent" always points at what was sent.
"""

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from audit.services import audit_record
from indicators.scoring import Result

from .models import MashSettings, Referral, Reminder, WrittenReferral
from .selectors import referral_calls

logger = logging.getLogger(__name__)


class WrittenRefused(Exception):
    """The written referral could not be sent, with a plain-English message for the lead."""


def written_referral_content(*, referral: Referral) -> dict:
    """Everything the document says, read from the records."""
    concern = referral.concern
    child = concern.child
    return {
        "referral": referral,
        "concern": concern,
        "child": child,
        "child_rows": _child_rows(child, concern),
        "referrer": concern.filed_by,
        # The intake's "About you" page records these on the concern, as the filer gave them.
        "organisation": concern.reporter_organisation or "Not recorded",
        "phone": concern.reporter_phone or "Not recorded",
        "answers": list(concern.answers.order_by("order")),
        "result": Result.from_dict(concern.explanation),
        "history": _history(concern),
        "calls": referral_calls(referral=referral),
        "prior_contact": getattr(concern, "prior_contact", None),
        "entities": _linked_entities(concern),
        "generated_at": timezone.now(),
    }


def _child_rows(child, concern) -> list[tuple[str, str]]:
    dob = concern.reported_date_of_birth or child.date_of_birth
    rows = [
        ("Name", child.full_name),
        ("Date of birth", _plain(dob) if dob else "Not given"),
        ("Gender", concern.reported_gender or "Not given"),
    ]
    # As given on this concern; a concern filed before these were asked falls back to the
    # child's record.
    rows += concern.identity_rows or _record_identity(child)
    age = f"{concern.age_years}{' (approximate)' if concern.age_is_approximate else ''}"
    rows += [
        ("Age when the concern was filed", age),
        ("School or setting (as reported)", concern.school or "Not given"),
        ("Area", concern.area or "Not given"),
        ("Learning disability", "Yes" if concern.learning_disability else "No"),
        ("Looked after child", "Yes" if concern.looked_after else "No"),
    ]
    return rows


def _record_identity(child) -> list[tuple[str, str]]:
    carers = "; ".join(
        ", ".join(part for part in (c.get("name"), c.get("relationship"), c.get("phone")) if part)
        for c in child.carers or []
    )
    rows = [
        ("NHS number", child.nhs_number),
        ("Unique pupil number", child.upn),
        ("Home postcode", child.postcode),
        ("Home address", child.address),
        ("Parents or carers", carers),
    ]
    return [(label, value) for label, value in rows if value]


def _plain(value) -> str:
    if hasattr(value, "strftime"):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def _history(concern) -> list:
    """The child's other concerns, oldest first: when, band, status. Not what they said."""
    others = concern.child.concerns.exclude(pk=concern.pk).order_by("filed_at", "id")
    return list(others.only("reference", "filed_at", "band", "status"))


# What the concern names, as rows {"kind", "role", "details"}: added by apps built on this one
# (the network's people, vehicles, places, phones and accounts) from their AppConfig.ready(),
# so referrals imports none of them.
LINKED_ENTITIES: list[Callable] = []


def _linked_entities(concern) -> list[dict]:
    return [row for source in LINKED_ENTITIES for row in source(concern)]


def written_referral_html(*, content: dict, for_pdf: bool) -> str:
    template = "referrals/written_pdf.html" if for_pdf else "referrals/written_page.html"
    return render_to_string(template, content)


def written_referral_pdf(*, content: dict) -> bytes:
    from weasyprint import HTML  # loads pango: only when a document is drawn

    html = written_referral_html(content=content, for_pdf=True)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def mash_settings() -> MashSettings:
    return MashSettings.objects.first() or MashSettings()


def written_referral_generate(*, referral: Referral, by, request=None) -> WrittenReferral:
    pdf = written_referral_pdf(content=written_referral_content(referral=referral))
    with transaction.atomic():
        document = WrittenReferral.objects.create(
            referral=referral,
            pdf=pdf,
            sha256=hashlib.sha256(pdf).hexdigest(),
            generated_at=timezone.now(),
            generated_by=by,
        )
        _audit(document, "referral.written_generated", by, request)
    return document


def written_referral_mark_sent(*, document_id: int, by, request=None) -> WrittenReferral:
    """The lead sent the downloaded PDF themselves (for example through MASH's secure portal)."""
    with transaction.atomic():
        document = _claim(document_id)
        return _record_sent(document, WrittenReferral.Method.BY_HAND, "", by, request)


def written_referral_email(*, document_id: int, by, request=None) -> WrittenReferral:
    """Email the document to the configured MASH address, and only there: as an attachment
    if the admin allowed it, otherwise as a link that needs signing in."""
    config = mash_settings()
    if not config.secure_email:
        raise WrittenRefused(
            "No secure MASH email address is set up. Ask an admin to add it, or download "
            "the written referral and send it yourself."
        )
    with transaction.atomic():
        # The row lock means two leads clicking at once send one email.
        document = _claim(document_id)
        message = _message(document, config)
        try:
            message.send()
        except Exception as exc:
            logger.error("written referral id=%s not emailed (%s)", document.pk, type(exc).__name__)
            raise WrittenRefused(
                "The email to MASH could not be sent. Try again, or download the written "
                "referral and send it yourself."
            ) from exc
        method = WrittenReferral.Method.EMAIL_ATTACHMENT
        if not config.attach_pdf:
            method = WrittenReferral.Method.EMAIL_LINK
        return _record_sent(document, method, config.secure_email, by, request)


def _claim(document_id: int) -> WrittenReferral:
    document = (
        WrittenReferral.objects.select_for_update()
        .select_related("referral", "referral__concern")
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        raise WrittenRefused("That written referral does not exist.")
    if document.sent_at is not None:
        raise WrittenRefused("This written referral was already recorded as sent.")
    if document.referral.status == Referral.Status.WITHDRAWN:
        raise WrittenRefused("This referral was withdrawn: there is nothing to send.")
    return document


def _record_sent(document, method: str, to: str, by, request) -> WrittenReferral:
    now = timezone.now()
    document.sent_at, document.sent_by, document.method, document.sent_to = now, by, method, to
    document.save(update_fields=["sent_at", "sent_by", "method", "sent_to"])
    # The referral keeps when its written referral first went: reminders and closing read it.
    Referral.objects.filter(pk=document.referral_id, follow_up_sent_at__isnull=True).update(
        follow_up_sent_at=now
    )
    Reminder.objects.filter(
        concern_id=document.referral.concern_id,
        kind=Reminder.Kind.FOLLOW_UP,
        sent_at__isnull=True,
        cancelled_at__isnull=True,
    ).update(cancelled_at=now)
    _audit(document, "referral.written_sent", by, request, {"method": method})
    return document


def _message(document: WrittenReferral, config: MashSettings) -> EmailMultiAlternatives:
    reference = document.referral.concern.reference
    url = settings.SITE_URL.rstrip("/") + reverse(
        "referral_written_pdf", args=[document.referral_id, document.pk]
    )
    context = {"reference": reference, "attached": config.attach_pdf, "url": url}
    message = EmailMultiAlternatives(
        subject=f"Written referral for concern {reference}",
        body=render_to_string("emails/written_referral.txt", context),
        to=[config.secure_email],
    )
    if config.attach_pdf:
        message.attach(f"written-referral-{reference}.pdf", bytes(document.pdf), "application/pdf")
    return message


def _audit(document: WrittenReferral, action: str, by, request, detail=None) -> None:
    audit_record(
        action=action,
        actor=by,
        request=request,
        obj=document.referral.concern,
        detail={"referral_id": document.referral_id, "document_id": document.pk, **(detail or {})},
    )
