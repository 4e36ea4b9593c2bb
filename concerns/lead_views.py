"""A safeguarding lead's work on one concern: decisions, band overrides, the chronology."""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from accounts.roles import lead_required
from audit.selectors import TRAIL_ORDER, trail_page
from audit.services import audit_record
from common.paging import cursor_from
from indicators.scoring import Band
from referrals.selectors import open_referral_id, reminder_timings

from . import child_selectors, services
from .dashboard_selectors import now_and_today
from .lead_forms import DecisionForm, OverrideForm
from .models import Concern
from .selectors import (
    child_chronology,
    child_get,
    concern_band_changes,
    concern_get_for_user,
)


def lead_panel(concern: Concern) -> dict:
    """What the lead sees on the concern page besides what the practitioner wrote."""
    return {
        "overrides": concern_band_changes(concern=concern),
        "referral": getattr(concern, "referral", None),  # read with the concern (FULL)
        "can_decide": concern.status in services.REVIEWABLE,
    }


@lead_required
def concern_decide(request, reference):
    concern = concern_get_for_user(user=request.user, reference=reference, request=request)
    _, today = now_and_today()
    if concern.status not in services.REVIEWABLE and request.method != "POST":
        messages.warning(request, "This concern has been referred: there is no decision to make.")
        return redirect("concern_detail", reference=reference)
    if request.method == "POST":
        form = DecisionForm(request.POST, today=today)
        if form.is_valid():
            return _record_decision(request, concern, form)
    else:
        review = today + datetime.timedelta(days=reminder_timings().monitoring_review_days)
        initial = {"from_status": concern.status, "review_date": review}
        form = DecisionForm(initial=initial, today=today)
    return render(request, "triage/decision.html", {"concern": concern, "form": form})


DECIDED = {
    DecisionForm.MONITOR: "The concern is being monitored. A reminder is set for its review date.",
    DecisionForm.CLOSE: "The concern is closed with no further action.",
    DecisionForm.REFER: "The concern has been referred. It is now in the referral queue.",
}


def _record_decision(request, concern, form):
    data = form.cleaned_data
    common = {
        "concern_id": concern.pk,
        "from_status": data["from_status"],
        "reason": data["reason"],
        "by": request.user,
        "request": request,
    }
    try:
        if data["decision"] == DecisionForm.MONITOR:
            services.concern_monitor(review_date=data["review_date"], **common)
        elif data["decision"] == DecisionForm.CLOSE:
            services.concern_close_no_further_action(**common)
        else:
            services.concern_refer(**common)
    except services.DecisionRefused as refusal:
        messages.warning(request, str(refusal))
    else:
        messages.success(request, DECIDED[data["decision"]])
    return redirect("concern_detail", reference=concern.reference)


@lead_required
def concern_override(request, reference):
    concern = concern_get_for_user(user=request.user, reference=reference, request=request)
    if request.method == "POST":
        form = OverrideForm(request.POST)
        if form.is_valid():
            return _record_override(request, concern, form)
    else:
        form = OverrideForm(initial={"from_band": concern.band})
    return render(request, "triage/override.html", {"concern": concern, "form": form})


def _record_override(request, concern, form):
    data = form.cleaned_data
    try:
        override = services.concern_override_band(
            concern_id=concern.pk,
            from_band=data["from_band"],
            to_band=data["to_band"],
            reason=data["reason"],
            by=request.user,
            request=request,
        )
    except services.DecisionRefused as refusal:
        messages.warning(request, str(refusal))
    else:
        message = f"The band is now {override.get_to_band_display()}."
        if override.to_band >= Band.HIGH and override.from_band < Band.HIGH:
            message += " The concern is in the referral queue."
        referral_id = open_referral_id(concern_id=concern.pk)
        if override.to_band < Band.HIGH and referral_id is not None:
            # Below High an open referral may no longer be needed: offer to withdraw it.
            messages.success(request, f"{message} Its referral is still open.")
            return redirect("referral_withdraw", referral_id=referral_id)
        messages.success(request, message)
    return redirect("concern_detail", reference=concern.reference)


@lead_required
def chronology(request, child_id):
    child = child_get(child_id=child_id)
    if child is None:
        raise Http404("No child found")
    if child.merged_into_id:
        messages.info(request, "That record was merged into this one.")
        return redirect("child_chronology", child_id=child.merged_into_id)
    audit_record(action="child.viewed", request=request, obj=child)
    kinds = {kind for kind in request.GET.getlist("kind") if kind in child_selectors.KINDS}
    context = {
        "child": child,
        "chronology": child_chronology(child=child),
        "events": child_selectors.child_events(child=child, kinds=kinds),
        "kinds": child_selectors.KINDS,
        "selected": kinds or set(child_selectors.KINDS),
        "rescreen": child_selectors.rescreen_suggestions(child_id=child.pk),
        "merges": child_selectors.merges_of(child=child),
    }
    return render(request, "children/chronology.html", context)


TRAIL_PAGE = 100


@lead_required
def concern_audit_trail(request, reference):
    """The whole trail of one concern, newest first, a hundred events a page."""
    concern = concern_get_for_user(user=request.user, reference=reference, request=request)
    cursor = cursor_from(request, TRAIL_ORDER)
    audit_record(
        action="concern.viewed",
        request=request,
        obj=concern,
        detail={
            "page": "audit trail",
            "trail_from": ".".join(map(str, cursor.values)) if cursor else "newest",
        },
    )
    trail = trail_page(concern=concern, cursor=cursor, per_page=TRAIL_PAGE, request=request)
    context = {"concern": concern, "trail": trail}
    return render(request, "concerns/audit_trail.html", context)
