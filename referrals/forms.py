"""Forms for the steps of a referral that need more than a button."""

import datetime
import re

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from concerns.lead_forms import DayField, text_field
from cse_portal.forms import BaseForm

from .hours import LONDON
from .selectors import outcomes_active

TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
CLOCK_SKEW = datetime.timedelta(minutes=5)


class ContactForm(BaseForm):
    submit_label = "Record the call"

    hub = forms.ChoiceField(
        label="Who did you call?",
        widget=forms.RadioSelect,
        choices=[
            ("mash", "MASH (Multi-Agency Safeguarding Hub)"),
            ("edt", "Emergency Duty Team (out of hours)"),
        ],
        error_messages={"required": "Select MASH or the Emergency Duty Team"},
    )
    call_date = DayField(what="date of the call", label="Date of the call")
    call_time = forms.CharField(
        label="Time of the call",
        max_length=5,
        help_text="Use the 24-hour clock, for example 14:30.",
        error_messages={
            "required": "Enter the time of the call",
            "max_length": "Enter the time of the call like 14:30",
        },
    )
    hub_reference = text_field(
        label="Reference the hub gave you",
        max_length=60,
        error_messages={
            "required": "Enter the reference the hub gave you",
            "max_length": "The reference must be 60 characters or fewer",
        },
    )

    def __init__(self, *args, now: datetime.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now
        # The page writes the <form> tag and its CSRF token itself.
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.radios("hub", legend_size=Size.SMALL),
            Field("call_date"),
            Field.text("call_time", field_width=5),
            Field.text("hub_reference", field_width=20),
        )

    @staticmethod
    def initial_for(now: datetime.datetime) -> dict:
        local = now.astimezone(LONDON)
        return {"call_date": local.date(), "call_time": local.strftime("%H:%M")}

    def clean_call_time(self) -> datetime.time:
        match = TIME.match(self.cleaned_data["call_time"])
        try:
            return datetime.time(int(match.group(1)), int(match.group(2)))
        except (AttributeError, ValueError) as exc:
            raise forms.ValidationError("Enter the time of the call like 14:30") from exc

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("call_date"), cleaned.get("call_time")
        if day and time and self._moment(day, time) > self.now + CLOCK_SKEW:
            self.add_error("call_time", "The time of the call must be now or in the past")
        return cleaned

    @staticmethod
    def _moment(day, time) -> datetime.datetime:
        return datetime.datetime.combine(day, time, tzinfo=LONDON)

    def contacted_at(self) -> datetime.datetime:
        return self._moment(self.cleaned_data["call_date"], self.cleaned_data["call_time"])


class OutcomeForm(BaseForm):
    submit_label = "Record the outcome"

    outcome = forms.ModelChoiceField(
        label="What was the outcome?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select the outcome",
            "invalid_choice": "Select one of the outcomes listed",
        },
    )
    note = text_field(
        label="Note (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, when the strategy discussion is. Practitioners do not see this.",
        error_messages={
            "max_length": "The note must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = outcomes_active()
        # The page writes the <form> tag and its CSRF token itself.
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.radios("outcome", legend_size=Size.SMALL), Field.textarea("note")
        )
