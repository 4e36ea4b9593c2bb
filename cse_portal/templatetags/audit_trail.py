"""Loads a concern's audit trail for the lead's view of it, whichever view renders the page."""

from django import template

from .. import roles
from ..selectors import audit_for_concern

register = template.Library()


@register.simple_tag(takes_context=True)
def concern_audit_trail(context, concern):
    request = context.get("request")
    if request is None or not roles.is_lead(request.user):
        return []
    return audit_for_concern(concern=concern)
