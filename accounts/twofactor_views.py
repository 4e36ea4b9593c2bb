"""Pages for setting up and using two-factor authentication, under /accounts/two-factor/."""

from urllib.parse import urlencode

from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts import twofactor
from common.forms import BaseForm

WRONG_CODE = (
    "The code is not right. Enter the code your authenticator app shows now, "
    "or one of your backup codes"
)
EXPIRED = (
    "The QR code has expired. Delete the account you added in your app, scan the new QR code "
    "and enter the code it shows"
)
HELD_BACK = "You have entered too many wrong codes. Wait a minute, then try again"


class CodeForm(BaseForm):
    submit_label = "Continue"
    code = forms.CharField(
        label="Security code",
        max_length=20,
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def __init__(self, *args, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text
        self.helper.layout = Layout(Field.text("code", field_width=10))


@login_required
def two_factor_setup(request):
    if twofactor.has_authenticator(request.user):
        return redirect(_with_next(reverse("two_factor_verify"), request))
    expired = twofactor.pending_expired(request)
    device = twofactor.enrolment_device(request=request)
    form = CodeForm(request.POST or None, help_text="The 6-digit code your app shows now.")
    if request.method == "POST" and expired:
        form.is_valid()
        form.add_error("code", EXPIRED)
    elif request.method == "POST" and form.is_valid():
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
        result = twofactor.two_factor_verify(request=request, token=form.cleaned_data["code"])
        if result.verified:
            if result.backup_codes_left is not None:
                left = result.backup_codes_left
                messages.info(request, f"You used a backup code. You have {left} left.")
            return redirect(_next(request))
        form.add_error("code", HELD_BACK if result.held_back else WRONG_CODE)
    return render(request, "two_factor/verify.html", {"form": form})


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


def _with_next(url: str, request) -> str:
    target = request.GET.get("next")
    return f"{url}?{urlencode({'next': target})}" if target else url
