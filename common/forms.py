import datetime

from crispy_forms_gds.fields import DateInputField
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
    submit_class = ""  # "govuk-button--secondary" where another button on the page leads

    def full_clean(self):
        # Here, not in __init__: some forms add their fields after BaseForm's __init__.
        for field in self.fields.values():
            plain_choice_message(field)
        super().full_clean()

    @cached_property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        helper.add_input(Submit("submit", self.submit_label, css_class=self.submit_class))
        return helper


def plain_choice_message(field: forms.Field) -> None:
    """A choice that is not on the list (an address or page edited by hand) gets the field's
    own "Select …" message, not Django's, which repeats the value and says "valid choice"."""
    messages = field.error_messages
    if not str(messages.get("invalid_choice", "")).startswith("Select a valid choice"):
        return
    required = str(messages.get("required", ""))
    messages["invalid_choice"] = (
        required if required.startswith("Select") else "Select one of the options listed"
    )


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


class DayField(DateInputField):
    """A GOV.UK date input whose messages name the date being asked for."""

    def __init__(self, *, what: str, required: bool = True, **kwargs):
        super().__init__(required=required, require_all_fields=False, **kwargs)
        self.what = what
        self.error_messages["required"] = f"Enter the {what}"
        self.error_messages["incomplete"] = f"The {what} must include a day, month and year"
        self.error_messages["invalid"] = f"The {what} must be a real date"
        for part in self.fields:
            for validator in part.validators:
                validator.message = f"The {what} must be a real date, like 27 3 2026"

    def compress(self, data_list):
        if not data_list or all(value in self.empty_values for value in data_list):
            return None
        try:
            day, month, year = (int(value) for value in data_list)
            # The top year leaves room for "the day after", which the filters ask for.
            if not 1900 <= year < datetime.MAXYEAR:
                raise ValueError
            return datetime.date(year, month, day)
        except (TypeError, ValueError, OverflowError) as exc:
            raise forms.ValidationError(
                f"The {self.what} must be a real date, like 27 3 2026"
            ) from exc


def text_field(**kwargs) -> forms.CharField:
    """A CharField whose "unusual characters" message is the plain-English one."""
    field = forms.CharField(**kwargs)
    field.error_messages["null_characters_not_allowed"] = NUL_MESSAGE
    for validator in field.validators:
        if validator.__class__.__name__ == "ProhibitNullCharactersValidator":
            validator.message = NUL_MESSAGE
    return field


def labelled_text(
    label: str, max_length: int, required: bool = True, message: str = "", **kwargs
) -> forms.CharField:
    """A text box whose messages name it: what to enter when it is blank, how long it may be."""
    field = text_field(label=label, max_length=max_length, required=required, **kwargs)
    field.error_messages["max_length"] = f"{label} must be {max_length:,} characters or fewer"
    if message:
        field.error_messages["required"] = message
    return field


def reason_field(label: str, message: str, help_text: str = "", rows: int = 4) -> forms.CharField:
    """The reason a lead gives for a decision: required, up to 5,000 characters."""
    return text_field(
        label=label,
        max_length=5000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": message,
            "max_length": "The reason must be 5,000 characters or fewer",
        },
    )
