"""The intake, a section at a time: danger first, then the sections (intake.sections), each
saved to a draft, then Check your answers, then filing. A one-step POST of every section's
fields to the start address files too, through the same forms and the same service."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import roles
from concerns.selectors import concern_for_submission
from concerns.services import SubmissionRefused
from indicators.selectors import active_indicators
from referrals.selectors import contacts_in_order

from . import flow, sections, services
from .forms import IntakeContext, SubmissionTokenForm
from .models import Draft
from .selectors import draft_get_for_author, drafts_of


def _context(request) -> IntakeContext:
    if not roles.can_file(request.user):
        raise PermissionDenied
    return IntakeContext(indicators=active_indicators(), user=request.user)


@login_required
def intake_start(request):
    """GET: the first question. POST: a one-step filing (documented in the README)."""
    context = _context(request)
    if request.method == "POST":
        return _file_in_one_step(request, context)
    first = sections.SECTIONS[0]
    forms = flow.section_forms(first, context=context)
    return _render_section(request, first, forms, action=reverse("intake_begin"))


@login_required
@require_POST
def intake_begin(request):
    """The first section posted: the draft starts here, and only if it was answered."""
    context = _context(request)
    first = sections.SECTIONS[0]
    forms = flow.section_forms(first, context=context, data=request.POST)
    if not all(form.is_valid() for form in forms):
        return _render_section(request, first, forms, action=reverse("intake_begin"))
    draft = services.draft_start(
        author=request.user,
        data=flow.posted_values(forms, request.POST),
        done=[first.slug],
        request=request,
    )
    return _after_save(request, draft, first)


@login_required
def intake_section(request, draft_id, slug):
    context = _context(request)
    draft = draft_get_for_author(draft_id=draft_id, user=request.user)
    section = sections.section_get(slug)
    if section is None:
        raise Http404
    if request.method == "POST":
        return _save_section(request, draft, section, context)
    data = (
        draft.data
        if flow.has_values(flow.section_forms(section, context=context), draft.data)
        else None
    )
    forms = flow.section_forms(section, context=context, data=data)
    return _render_section(request, section, forms, draft=draft)


def _save_section(request, draft, section, context):
    forms = flow.section_forms(section, context=context, data=request.POST)
    stay = any(form.stay() for form in forms)
    valid = not stay and all(form.is_valid() for form in forms)
    draft = services.draft_save_section(
        draft=draft,
        keys=flow.section_keys(forms),
        values=flow.posted_values(forms, request.POST),
        slug=section.slug,
        valid=valid,
    )
    if "later" in request.POST:
        messages.info(request, "Your answers are saved. Continue the concern from this page.")
        return redirect("concern_new")
    if not valid:
        return _render_section(request, section, forms, draft=draft, stay=stay)
    return _after_save(request, draft, section)


def _after_save(request, draft, section):
    changing = request.GET.get("change") == "1"
    if section.slug == "danger" and draft.data.get("immediate_risk") == ["yes"]:
        url = reverse("intake_call_now", args=[draft.pk])
        return redirect(f"{url}?change=1" if changing else url)
    return redirect(_next_url(draft, section, changing))


def _next_url(draft, section, changing: bool) -> str:
    following = sections.section_after(section.slug)
    everything_done = all(s.slug in draft.sections_done for s in sections.SECTIONS)
    if changing or everything_done or following is None:
        return reverse("intake_check", args=[draft.pk])
    return reverse("intake_section", args=[draft.pk, following.slug])


@login_required
def intake_call_now(request, draft_id):
    """Danger answered Yes: the numbers to call at once, then on with the concern."""
    _context(request)
    draft = draft_get_for_author(draft_id=draft_id, user=request.user)
    first = sections.SECTIONS[0]
    context = {
        "contacts": contacts_in_order(),
        "continue_url": _next_url(draft, first, request.GET.get("change") == "1"),
        "change_url": reverse("intake_section", args=[draft.pk, first.slug]) + "?change=1",
    }
    return render(request, "intake/call_now.html", context)


@login_required
def intake_check(request, draft_id):
    context = _context(request)
    draft = _draft_or_filed(request, draft_id)
    if not isinstance(draft, Draft):
        return draft
    forms_by_section = flow.all_forms(context=context, data=draft.data)
    missing = next((s for s in sections.SECTIONS if s.slug not in draft.sections_done), None)
    invalid = flow.first_invalid(forms_by_section)
    if missing is not None or invalid is not None:
        slug = missing.slug if missing is not None else invalid
        return redirect("intake_section", draft.pk, slug)
    if request.method == "POST":
        try:
            concern = services.draft_file(
                draft=draft,
                filing=flow.build_filing(forms_by_section),
                indicators=context.indicators,
                request=request,
            )
        except SubmissionRefused as refused:
            draft = services.draft_new_token(draft=draft)
            return _render_check(request, draft, forms_by_section, refused=refused)
        return redirect("concern_filed", reference=concern.reference)
    return _render_check(request, draft, forms_by_section)


def _draft_or_filed(request, draft_id):
    """The draft; or, for a second press of "File this concern", the concern it became."""
    try:
        return draft_get_for_author(draft_id=draft_id, user=request.user)
    except Http404:
        token = SubmissionTokenForm(request.POST) if request.method == "POST" else None
        if token is None or not token.is_valid():
            raise
        concern = concern_for_submission(
            user=request.user, token=token.cleaned_data["submission_token"]
        )
        if concern is None:
            raise
        return redirect("concern_filed", reference=concern.reference)


def _render_check(request, draft, forms_by_section, refused=None):
    summary = []
    for section in sections.SECTIONS:
        rows = [row for form in forms_by_section[section.slug] for row in form.summary_rows()]
        change = reverse("intake_section", args=[draft.pk, section.slug]) + "?change=1"
        summary.append({"section": section, "rows": rows, "change_url": change})
    context = {
        "draft": draft,
        "summary": summary,
        "form": SubmissionTokenForm(initial={"submission_token": draft.submission_token}),
        "file_url": reverse("intake_check", args=[draft.pk]),
        "refused": _refused_message(refused) if refused else "",
        **_timeout_context(reverse("intake_check", args=[draft.pk])),
    }
    return render(request, "intake/check.html", context, status=409 if refused else 200)


def _refused_message(refused) -> str:
    """The submission token filed something else already (concerns.services)."""
    if refused.own_reference:
        opening = f"You have already filed concern {refused.own_reference} from this form."
    else:
        opening = "This form could not be filed."
    return (
        f"{opening} What you typed below has not been filed: check it, then select "
        "\u201cFile this concern\u201d to file it as a new concern."
    )


@login_required
@require_POST
def intake_discard(request, draft_id):
    _context(request)
    draft = draft_get_for_author(draft_id=draft_id, user=request.user)
    services.draft_discard(draft=draft, request=request)
    messages.info(request, "The unfinished concern has been deleted.")
    return redirect("concern_new")


def _file_in_one_step(request, context):
    forms_by_section = flow.all_forms(context=context, data=request.POST)
    token = SubmissionTokenForm(request.POST)
    invalid = flow.first_invalid(forms_by_section)
    refused = None
    if invalid is None and token.is_valid():
        try:
            concern = services.intake_file(
                user=request.user,
                filing=flow.build_filing(forms_by_section),
                token=token.cleaned_data["submission_token"],
                indicators=context.indicators,
                request=request,
            )
            return redirect("concern_filed", reference=concern.reference)
        except SubmissionRefused as error:
            refused = error
    # Nothing typed is lost: keep it all as a draft and show the first page with a problem.
    values = {}
    for forms in forms_by_section.values():
        values.update(flow.posted_values(forms, request.POST))
    done = [slug for slug, forms in forms_by_section.items() if all(f.is_valid() for f in forms)]
    draft = services.draft_start(
        author=request.user,
        data=values,
        done=done,
        token=token.cleaned_data["submission_token"] if token.is_valid() else None,
        request=request,
    )
    if refused is not None:
        return _render_check(request, draft, forms_by_section, refused=refused)
    section = sections.section_get(invalid) if invalid else sections.SECTIONS[-1]
    return _render_section(request, section, forms_by_section[section.slug], draft=draft)


def _render_section(request, section, forms, *, draft=None, action="", stay=False):
    position = sections.SECTIONS.index(section)
    has_errors = not stay and any(form.is_bound and form.errors for form in forms)
    if draft is not None and not action:
        action = reverse("intake_section", args=[draft.pk, section.slug])
        if request.GET.get("change") == "1":
            action += "?change=1"
    context = {
        "section": section,
        "forms": forms,
        "draft": draft,
        "action": action,
        "has_errors": has_errors,
        "number": position + 1,
        "count": len(sections.SECTIONS),
        "back_url": _back_url(draft, position),
        "drafts": drafts_of(user=request.user) if position == 0 and draft is None else [],
        **_timeout_context(
            reverse("intake_section", args=[draft.pk, section.slug])
            if draft
            else reverse("concern_new")
        ),
    }
    return render(request, "intake/section.html", context)


def _back_url(draft, position: int) -> str:
    if position == 0:
        return reverse("concern_list")
    if draft is None:
        return reverse("concern_new")
    return reverse("intake_section", args=[draft.pk, sections.SECTIONS[position - 1].slug])


def _timeout_context(return_path: str) -> dict:
    """For the session timeout warning: how long a session lasts, and where to come back to."""
    return {"session_seconds": settings.SESSION_COOKIE_AGE, "return_path": return_path}
