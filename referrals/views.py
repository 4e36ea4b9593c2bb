"""The referral queue and the steps of a referral. Each step is a POST to one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.roles import lead_required
from audit.services import audit_record
from common.dates import short_when
from common.paging import cursor_from
from indicators.scoring import Band, Result

from . import selectors, services, written
from .forms import CloseForm, ContactForm, OutcomeForm, ReferenceForm, WithdrawForm
from .models import Referral
from .wording import explanation_summary, wait_text


@lead_required
def referral_queue(request):
    cursor = cursor_from(request, selectors.QUEUE_ORDER)
    queue = selectors.referral_queue(cursor=cursor)
    now = timezone.localtime()  # in the time zone the page shows times in
    audit_record(
        action="referrals.queue_viewed",
        request=request,
        object_type="referral",
        detail={"shown": len(queue["rows"]), "first_page": not queue["has_previous"]},
    )
    context = {
        "queue": queue,
        "rows": _queue_rows(queue["rows"], now),
        "contacts": selectors.contacts_in_order(at=now),
        **selectors.live_region_context(),
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


def get_for_viewer(request, referral_id: int) -> tuple[Referral, bool]:
    """The referral and whether the viewer may act on it: leads may; a duty manager may read a
    referral that was escalated to them; anyone else is refused (and the refusal recorded)."""
    user = request.user
    if roles.is_lead(user):
        return _get(referral_id), True
    if roles.is_duty_manager(user) and selectors.referral_escalated_to(
        referral_id=referral_id, user=user
    ):
        return _get(referral_id), False
    raise PermissionDenied


# Set by a step that succeeded, for the page it redirects to: that page is the step's own
# result, already recorded as the step, so it is not recorded again as a view.
STEP_SHOWN = "referral_step_shown"


@login_required
def referral_detail(request, referral_id):
    referral, can_act = get_for_viewer(request, referral_id)
    if request.session.pop(STEP_SHOWN, None) != referral.pk:
        audit_record(
            action="referral.viewed",
            request=request,
            obj=referral.concern,
            detail={"referral_id": referral.pk},
        )
    return _render(request, referral, can_act=can_act)


def _render(request, referral, *, can_act=True, **forms):
    now = timezone.now()
    _describe(referral, now)
    context = {
        "referral": referral,
        "concern": referral.concern,
        "result": Result.from_dict(referral.concern.explanation),
        "contacts": selectors.contacts_in_order(at=now),
        "calls": list(referral.calls.select_related("by")),
        "documents": list(
            referral.documents.select_related("generated_by", "sent_by").defer("pdf")
        ),
        "prior_contact": getattr(referral.concern, "prior_contact", None),
        "mash": written.mash_settings(),
        "can_act": can_act,
        **(_step_forms(referral, now, forms) if can_act else {}),
    }
    context["error_form"] = _with_errors(*[context.get(name) for name in FORM_NAMES])
    return render(request, "referrals/detail.html", context)


FORM_NAMES = ("contact_form", "outcome_form", "reference_form", "close_form")


def _step_forms(referral, now, given: dict) -> dict:
    """The forms for the steps the referral can take now (a form with errors is kept)."""
    status = referral.status
    contacted = status in services.CONTACTED.values()
    unsent = referral.follow_up_sent_at is None
    wanted = {
        "contact_form": status in services.CALLABLE_STATUSES,
        "outcome_form": contacted,
        "reference_form": bool(referral.contacted_at) and not referral.hub_reference,
        "close_form": status == Referral.Status.OUTCOME_RECORDED and unsent,
    }
    makers = {
        "contact_form": lambda: ContactForm(initial=ContactForm.initial_for(now), now=now),
        "outcome_form": OutcomeForm,
        "reference_form": ReferenceForm,
        "close_form": CloseForm,
    }
    forms = {name: given.get(name) or makers[name]() for name, show in wanted.items() if show}
    open_ = status in services.WITHDRAWABLE
    return {
        **forms,
        "can_close": status == Referral.Status.OUTCOME_RECORDED and not unsent,
        "can_withdraw": open_,
        "offer_withdrawal": open_ and referral.concern.band < Band.HIGH,
        "can_write": status != Referral.Status.WITHDRAWN,
    }


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
        lambda: services.call_attempt_record(
            referral_id=referral_id,
            hub=data["hub"],
            result=data["result"],
            spoke_to=data["spoke_to"],
            reference=data["hub_reference"],
            called_at=form.contacted_at(),
            by=request.user,
            request=request,
        ),
        "The call has been recorded.",
    )


@lead_required
@require_POST
def add_reference(request, referral_id):
    referral = _get(referral_id)
    form = ReferenceForm(request.POST)
    if not form.is_valid():
        return _render(request, referral, reference_form=form)
    return _attempt(
        request,
        referral_id,
        lambda: services.referral_add_reference(
            referral_id=referral_id,
            reference=form.cleaned_data["reference"],
            by=request.user,
            request=request,
        ),
        "The reference has been added.",
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
            filer_note=form.cleaned_data["filer_note"],
            by=request.user,
            request=request,
        ),
        "The outcome has been recorded. The practitioner can now see it.",
    )


@lead_required
@require_POST
def close(request, referral_id):
    referral = _get(referral_id)
    reason = ""
    needs_reason = referral.status == Referral.Status.OUTCOME_RECORDED
    if needs_reason and referral.follow_up_sent_at is None:
        form = CloseForm(request.POST)
        if not form.is_valid():
            return _render(request, referral, close_form=form)
        reason = form.cleaned_data["unsent_reason"]
    return _attempt(
        request,
        referral_id,
        lambda: services.referral_close(
            referral_id=referral_id, by=request.user, unsent_reason=reason, request=request
        ),
        "The referral is closed.",
    )


@lead_required
def withdraw(request, referral_id):
    referral = _get(referral_id)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _attempt(
            request,
            referral_id,
            lambda: services.referral_withdraw(
                referral_id=referral_id,
                reason=form.cleaned_data["reason"],
                by=request.user,
                request=request,
            ),
            "The referral is withdrawn. Its reminders are cancelled and the other leads told.",
        )
    context = {"referral": referral, "concern": referral.concern, "form": form}
    return render(request, "referrals/withdraw.html", context)
