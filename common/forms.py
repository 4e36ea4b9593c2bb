from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.functional import cached_property

NUL_MESSAGE = "Remove the unusual characters (such as control characters) from this answer"


class BaseForm(forms.Form):
    """Sets up the GOV.UK Design System helper once for every form, when it is first asked
    for: a posted form that is valid is never drawn, so it never needs one."""

    submit_label = "Continue"

    @cached_property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        helper.add_input(Submit("submit", self.submit_label))
        return helper


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask an administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Sign in"))
