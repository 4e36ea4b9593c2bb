"""Pages for setting up and using two-factor authentication, under /accounts/two-factor/."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from . import twofactor
from .forms import BaseForm


class CodeForm(BaseForm):
    submit_label = "Continue"
    code = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def __init__(self, *args, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text


@login_required
def two_factor_setup(request):
    if twofactor.has_authenticator(request.user):
        return redirect(_with_next(reverse("two_factor_verify"), request))
    device = twofactor.enrolment_device(user=request.user)
    form = CodeForm(request.POST or None, help_text="The 6-digit code your app shows now.")
    if request.method == "POST" and form.is_valid():
        codes = twofactor.two_factor_enrol(
            request=request, device=device, token=form.cleaned_data["code"].replace(" ", "")
        )
        if codes is not None:
            return render(
                request, "two_factor/backup_codes.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error("code", "The code is not right. Enter the 6-digit code your app shows now")
    context = {
        "form": form,
        "qr_code": twofactor.qr_code_svg(device),
        "secret": twofactor.secret_for_typing(device),
    }
    return render(request, "two_factor/setup.html", context)


@login_required
def two_factor_verify(request):
    if not twofactor.has_authenticator(request.user):
        return redirect(_with_next(reverse("two_factor_setup"), request))
    if request.user.is_verified():
        return redirect(_next(request))
    form = CodeForm(
        request.POST or None,
        help_text="The 6-digit code your authenticator app shows now, or one of your backup codes.",
    )
    if request.method == "POST" and form.is_valid():
        if not twofactor.verification_allowed(user=request.user):
            form.add_error(
                "code", "You have entered too many wrong codes. Wait a minute, then try again"
            )
        else:
            verified, backup_left = twofactor.two_factor_verify(
                request=request, token=form.cleaned_data["code"]
            )
            if verified:
                if backup_left is not None:
                    messages.info(request, f"You used a backup code. You have {backup_left} left.")
                return redirect(_next(request))
            form.add_error(
                "code",
                "The code is not right. Enter the code your authenticator app shows now, "
                "or one of your backup codes",
            )
    return render(request, "two_factor/verify.html", {"form": form})


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


def _with_next(url: str, request) -> str:
    target = request.GET.get("next")
    return f"{url}?{urlencode({'next': target})}" if target else url
