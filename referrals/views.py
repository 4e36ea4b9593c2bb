"""The referral queue and the steps of a referral. Each step is a POST to one service."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cse_portal.audit import audit_record
from cse_portal.dates import short_when
from cse_portal.paging import page_number
from cse_portal.roles import lead_required
from indicators.scoring import Band, Result

from . import selectors, services
from .forms import ContactForm, OutcomeForm
from .models import Referral
from .wording import explanation_summary, wait_text


@lead_required
def referral_queue(request):
    page = page_number(request, last=selectors.QUEUE_MAX_PAGE)
    queue = selectors.referral_queue(page=page)
    now = timezone.localtime()  # in the time zone the page shows times in
    audit_record(
        action="referrals.queue_viewed",
        request=request,
        object_type="referral",
        detail={"shown": len(queue["rows"]), "page": queue["page"]},
    )
    context = {
        "queue": queue,
        "rows": _queue_rows(queue["rows"], now),
        "contacts": selectors.contacts_in_order(at=now),
    }
    return render(request, "referrals/queue.html", context)


def _queue_rows(rows: list[dict], now) -> list[dict]:
    urls = {name: _url_for_id(name) for name in ("referral_detail", "referral_acknowledge")}
    return [_queue_row(row, now, urls) for row in rows]


def _queue_row(row: dict, now, urls: dict) -> dict:
    """Everything one card of the queue shows, worked out here: the template draws a page of
    them, and plain values are several times quicker for it to draw than model lookups."""
    awaiting = row["status"] == Referral.Status.AWAITING
    return {
        "reference": row["reference"],
        "child_name": f"{row['first_name']} {row['last_name']}",
        "band_label": Band(row["band"]).label,
        "status_label": Referral.Status(row["status"]).label,
        "wait": wait_text(row["created_at"], now),
        "since": short_when(row["created_at"], now.tzinfo),
        "summary": explanation_summary(row["explanation"]),
        "detail_url": urls["referral_detail"](row["id"]),
        "acknowledge_url": urls["referral_acknowledge"](row["id"]) if awaiting else "",
    }


def _url_for_id(name: str):
    """reverse() for a URL whose one argument is a referral id, worked out once for the page:
    a call to reverse() per card costs more than drawing the card it goes in."""
    marker = 918273645
    before, after = reverse(name, args=[marker]).split(str(marker))
    return lambda referral_id: f"{before}{referral_id}{after}"


def _describe(referral: Referral, now) -> None:
    referral.wait = wait_text(referral.created_at, now)
    referral.summary = explanation_summary(referral.concern.explanation)


def _get(referral_id: int) -> Referral:
    referral = selectors.referral_get_for_lead(referral_id=referral_id)
    if referral is None:
        raise Http404("No referral found")
    return referral


# Set by a step that succeeded, for the page it redirects to: that page is the step's own
# result, already recorded as the step, so it is not recorded again as a view.
STEP_SHOWN = "referral_step_shown"


@lead_required
def referral_detail(request, referral_id):
    referral = _get(referral_id)
    if request.session.pop(STEP_SHOWN, None) != referral.pk:
        audit_record(
            action="referral.viewed",
            request=request,
            obj=referral.concern,
            detail={"referral_id": referral.pk},
        )
    return _render(request, referral)


def _render(request, referral, *, contact_form=None, outcome_form=None):
    now = timezone.now()
    _describe(referral, now)
    status = referral.status
    if contact_form is None and status == Referral.Status.ACKNOWLEDGED:
        contact_form = ContactForm(initial=ContactForm.initial_for(now), now=now)
    contacted = (Referral.Status.MASH_CONTACTED, Referral.Status.EDT_CONTACTED)
    if outcome_form is None and status in contacted:
        outcome_form = OutcomeForm()
    context = {
        "referral": referral,
        "concern": referral.concern,
        "result": Result.from_dict(referral.concern.explanation),
        "contacts": selectors.contacts_in_order(at=now),
        "contact_form": contact_form,
        "outcome_form": outcome_form,
        "error_form": _with_errors(contact_form, outcome_form),
        "can_close": status == Referral.Status.OUTCOME_RECORDED,
        "needs_follow_up": referral.mash_called and referral.follow_up_sent_at is None,
    }
    return render(request, "referrals/detail.html", context)


def _with_errors(*forms):
    return next((form for form in forms if form is not None and form.errors), None)


def _attempt(request, referral_id: int, step, success: str):
    """Run one step; a refusal (someone got there first, or not yet allowed) is a message."""
    try:
        step()
    except services.ReferralRefused as refusal:
        messages.warning(request, str(refusal))
    else:
        messages.success(request, success)
        request.session[STEP_SHOWN] = referral_id
    return redirect("referral_detail", referral_id=referral_id)


@lead_required
@require_POST
def acknowledge(request, referral_id):
    _get(referral_id)
    return _attempt(
        request,
        referral_id,
        lambda: services.referral_acknowledge(
            referral_id=referral_id, by=request.user, request=request
        ),
        "You have acknowledged this referral. Call MASH or the Emergency Duty Team now, "
        "then record the call.",
    )


@lead_required
@require_POST
def record_contact(request, referral_id):
    referral = _get(referral_id)
    form = ContactForm(request.POST, now=timezone.now())
    if not form.is_valid():
        return _render(request, referral, contact_form=form)
    data = form.cleaned_data
    return _attempt(
        request,
        referral_id,
        lambda: services.referral_record_contact(
            referral_id=referral_id,
            hub=data["hub"],
            contacted_at=form.contacted_at(),
            hub_reference=data["hub_reference"],
            by=request.user,
            request=request,
        ),
        "The call has been recorded.",
    )


@lead_required
@require_POST
def record_outcome(request, referral_id):
    referral = _get(referral_id)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return _render(request, referral, outcome_form=form)
    return _attempt(
        request,
        referral_id,
        lambda: services.referral_record_outcome(
            referral_id=referral_id,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
            by=request.user,
            request=request,
        ),
        "The outcome has been recorded. The practitioner can now see it.",
    )


@lead_required
@require_POST
def close(request, referral_id):
    _get(referral_id)
    return _attempt(
        request,
        referral_id,
        lambda: services.referral_close(referral_id=referral_id, by=request.user, request=request),
        "The referral is closed.",
    )


@lead_required
@require_POST
def follow_up_sent(request, referral_id):
    _get(referral_id)
    return _attempt(
        request,
        referral_id,
        lambda: services.referral_mark_follow_up_sent(
            referral_id=referral_id, by=request.user, request=request
        ),
        "The written follow-up to MASH is marked as sent.",
    )
