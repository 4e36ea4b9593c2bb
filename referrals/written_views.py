"""The written referral's pages, and the live update of new urgent referrals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from accounts.roles import lead_required
from audit.services import audit_record
from indicators.scoring import Band

from . import selectors, written
from .models import WrittenReferral
from .views import STEP_SHOWN, get_for_viewer


@login_required
def written_page(request, referral_id):
    """The written referral as a printable page, drawn from the records now."""
    referral, _ = get_for_viewer(request, referral_id)
    audit_record(
        action="referral.written_viewed",
        request=request,
        obj=referral.concern,
        detail={"referral_id": referral.pk},
    )
    content = written.written_referral_content(referral=referral)
    return render(request, "referrals/written_page.html", content)


@lead_required
@require_POST
def generate(request, referral_id):
    referral, _ = get_for_viewer(request, referral_id)
    written.written_referral_generate(referral=referral, by=request.user, request=request)
    messages.success(
        request, "The written referral has been generated. Download it or email it to MASH."
    )
    request.session[STEP_SHOWN] = referral_id
    return redirect("referral_detail", referral_id=referral_id)


@login_required
def pdf(request, referral_id, document_id):
    """The PDF as it was generated. Also where the link in a MASH email leads (sign-in first)."""
    referral, _ = get_for_viewer(request, referral_id)
    document = WrittenReferral.objects.filter(pk=document_id, referral=referral).first()
    if document is None:
        raise Http404("No written referral found")
    audit_record(
        action="referral.written_downloaded",
        request=request,
        obj=referral.concern,
        detail={"referral_id": referral.pk, "document_id": document.pk},
    )
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    name = f"written-referral-{referral.concern.reference}-{document.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _send(request, referral_id, document_id, send, success: str):
    get_for_viewer(request, referral_id)
    if not WrittenReferral.objects.filter(pk=document_id, referral_id=referral_id).exists():
        raise Http404("No written referral found")
    try:
        send(document_id=document_id, by=request.user, request=request)
    except written.WrittenRefused as refusal:
        messages.warning(request, str(refusal))
    else:
        messages.success(request, success)
        request.session[STEP_SHOWN] = referral_id
    return redirect("referral_detail", referral_id=referral_id)


@lead_required
@require_POST
def email(request, referral_id, document_id):
    return _send(
        request,
        referral_id,
        document_id,
        written.written_referral_email,
        "The written referral has been emailed to MASH and recorded as sent.",
    )


@lead_required
@require_POST
def mark_sent(request, referral_id, document_id):
    return _send(
        request,
        referral_id,
        document_id,
        written.written_referral_mark_sent,
        "The written referral is recorded as sent.",
    )


@lead_required
def live(request):
    """New urgent referrals since the page was drawn, as a fragment for the live region on the
    queue and the dashboard. References and bands only; polled by static/js/live-referrals.js."""
    after = _int(request.GET.get("after"))
    rows = selectors.referrals_new_urgent(after_id=after)
    if rows:
        audit_record(
            action="referrals.live_update",
            request=request,
            object_type="referral",
            detail={"shown": [row["id"] for row in rows]},
        )
    for row in rows:
        row["band_label"] = Band(row["band"]).label
    response = render(request, "referrals/_live.html", {"rows": rows})
    response["X-Latest-Referral"] = str(max([after, *[row["id"] for row in rows]]))
    add_never_cache_headers(response)
    return response


def _int(value) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0
