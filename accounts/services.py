"""Accounts changed in the admin: roles granted and removed, deactivation.

Admins manage accounts, never their own access to case content (cse_portal.admin stops them
changing their own roles). Every role change is audited naming the role, and every lead is
emailed when a new lead is added, so that a lead nobody expected is noticed.
"""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

from accounts import roles
from accounts.session_ending import user_sessions_end
from audit.services import audit_record

log = logging.getLogger(__name__)


def user_roles_record(*, request, user, before: set[str], after: set[str]) -> None:
    """Audit each role granted or removed; tell the leads about a new lead."""
    for action, names in (("role.granted", after - before), ("role.removed", before - after)):
        for name in sorted(names):
            audit_record(action=action, request=request, obj=user, detail={"role": name})
    if roles.LEAD in after - before:
        added_by = request.user.get_username()
        transaction.on_commit(lambda: leads_tell_new_lead(new_lead=user, added_by=added_by))


def user_deactivated(*, request, user) -> None:
    ended = user_sessions_end(user=user, keep=request.session.session_key)
    audit_record(action="user.deactivated", request=request, obj=user, detail={"sessions": ended})
    if user.pk == request.user.pk:
        request.session.flush()  # switched themselves off: signed out with this response


def lead_emails() -> list[str]:
    leads = get_user_model().objects.filter(is_active=True, groups__name=roles.LEAD)
    return sorted(set(leads.exclude(email="").values_list("email", flat=True)))


def leads_tell_new_lead(*, new_lead, added_by: str) -> None:
    """One email to every lead: who was added and by whom. No case content."""
    recipients = lead_emails()
    if not recipients:
        return
    context = {"username": new_lead.get_username(), "added_by": added_by, "site": settings.SITE_URL}
    message = EmailMultiAlternatives(
        subject=render_to_string("emails/lead_added_subject.txt", context).strip(),
        body=render_to_string("emails/lead_added.txt", context),
        to=[settings.DEFAULT_FROM_EMAIL],
        bcc=recipients,
    )
    message.attach_alternative(render_to_string("emails/lead_added.html", context), "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        # The change is made and audited; a mail server outage must not undo it.
        log.warning("Could not email the leads about a new lead (user id %s)", new_lead.pk)
