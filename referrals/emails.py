"""Reminder emails: subject, text and HTML from templates/emails/<kind>*.

A reminder carries the concern's reference, band, how long it has waited and a link. Never the
child's name, date of birth, school, area or anything the practitioner wrote: the content stays
in the portal, behind a login.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.timesince import timesince

from indicators.scoring import Band

from .hours import is_office_hours
from .models import Contact, Reminder
from .selectors import office_hours

NAME_SLOT = "\x00recipient_name\x00"
URGENT_KINDS = {Reminder.Kind.URGENT_FILED, Reminder.Kind.ACK_REMINDER, Reminder.Kind.ESCALATION}
# Reminders about a referral link to the referral; the rest (and the filer's) to the concern.
TO_REFERRAL = {*URGENT_KINDS, Reminder.Kind.FOLLOW_UP, Reminder.Kind.WITHDRAWN}


def reminder_shared_context(*, now: datetime.datetime) -> dict:
    """What every reminder sent at `now` says alike: which team to call, and their numbers.
    Read once per sweep."""
    contacts = {contact.purpose: contact for contact in Contact.objects.all()}
    marker = "CSE-0000-000000"
    before, after = reverse("concern_detail", args=[marker]).split(marker)
    referral_marker = 918273645
    referral_parts = reverse("referral_detail", args=[referral_marker]).split(str(referral_marker))
    site = settings.SITE_URL.rstrip("/")
    return {
        "out_of_hours": not is_office_hours(now, office_hours()),
        "mash": contacts.get(Contact.Purpose.MASH),
        "edt": contacts.get(Contact.Purpose.EDT),
        # The concern page's address around its reference: reverse() once, not per reminder.
        "concern_url_parts": (site + before, after),
        "referral_url_parts": (site + referral_parts[0], referral_parts[1]),
    }


def reminder_context(
    *, reminder: Reminder, now: datetime.datetime, shared: dict | None = None
) -> dict:
    """Everything a reminder email may say, worked out once for all its recipients."""
    concern = reminder.concern
    referral = getattr(concern, "referral", None)
    contacted_at = referral.contacted_at if referral is not None else None
    shared = shared if shared is not None else reminder_shared_context(now=now)
    return {
        **shared,
        "reference": concern.reference,
        "band": concern.band_label,
        "filed_at": concern.filed_at,
        "waited": timesince(concern.filed_at, now),
        "waited_minutes": int((now - concern.filed_at).total_seconds() // 60),
        "contacted_at": contacted_at,
        "since_contact": timesince(contacted_at, now) if contacted_at else "",
        "review_date": concern.review_date,
        "url": _url(reminder, shared),
        "to_referral": reminder.kind in TO_REFERRAL and referral is not None,
        "urgent": reminder.kind in URGENT_KINDS,
        # A lead can refer a Medium or Low concern: it needs contact now, but is not "urgent".
        "concern_words": "urgent concern" if concern.band >= Band.HIGH else "referred concern",
        "referred_by_lead": referral is not None and referral.created_at != concern.filed_at,
    }


def reminder_message(*, kind: str, context: dict, recipient) -> EmailMultiAlternatives:
    return reminder_messages(kind=kind, context=context, recipients=[recipient])[0]


def reminder_messages(*, kind: str, context: dict, recipients: list) -> list:
    """One message per recipient. The templates are rendered once per reminder, with a
    placeholder where the greeting names the recipient, and each person's name is put in its
    place (escaped in the HTML): rendering is most of the cost of a message. So a template may
    show `recipient_name` but not filter it."""
    context = {**context, "recipient_name": NAME_SLOT}
    subject = render_to_string(f"emails/{kind}_subject.txt", context)
    text = render_to_string(f"emails/{kind}.txt", context)
    html = render_to_string(f"emails/{kind}.html", context)
    messages = []
    for recipient in recipients:
        name = recipient.get_full_name() or recipient.get_username()
        message = EmailMultiAlternatives(
            subject=" ".join(subject.replace(NAME_SLOT, name).split()),
            body=text.replace(NAME_SLOT, name),
            to=[recipient.email],
        )
        message.attach_alternative(html.replace(NAME_SLOT, escape(name)), "text/html")
        messages.append(message)
    return messages


def _url(reminder: Reminder, shared: dict) -> str:
    concern = reminder.concern
    referral = getattr(concern, "referral", None)
    if reminder.kind in TO_REFERRAL and referral is not None:
        before, after = shared["referral_url_parts"]
        return f"{before}{referral.pk}{after}"
    before, after = shared["concern_url_parts"]
    return f"{before}{concern.reference}{after}"
