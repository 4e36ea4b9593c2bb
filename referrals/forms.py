"""Forms for the steps of a referral that need more than a button."""

import datetime
import re

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils import timezone

from common.forms import BaseForm, DayField, reason_field, text_field

from .hours import LONDON
from .models import CallAttempt
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
            ("police", "Police"),
        ],
        error_messages={"required": "Select MASH, the Emergency Duty Team or the police"},
    )
    result = forms.ChoiceField(
        label="What happened?",
        widget=forms.RadioSelect,
        choices=CallAttempt.Result.choices,
        error_messages={"required": "Select what happened when you called"},
    )
    spoke_to = text_field(
        label="Who did you speak to?",
        required=False,
        max_length=100,
        help_text="If you spoke to someone: their name and role, for example Sam Patel, MASH "
        "social worker.",
        error_messages={"max_length": "The name must be 100 characters or fewer"},
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
        label="Reference they gave you (optional)",
        required=False,
        max_length=60,
        help_text="If they have not given one yet, leave this empty: the referral will remind "
        "you to add it.",
        error_messages={"max_length": "The reference must be 60 characters or fewer"},
    )

    def __init__(self, *args, now: datetime.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now
        # The page writes the <form> tag and its CSRF token itself.
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.radios("hub", legend_size=Size.SMALL),
            Field.radios("result", legend_size=Size.SMALL),
            Field.text("spoke_to"),
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
        spoke = cleaned.get("result") == CallAttempt.Result.SPOKE_TO
        if spoke and not cleaned.get("spoke_to"):
            self.add_error("spoke_to", "Enter who you spoke to")
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
        label="Note for safeguarding leads (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, when the strategy discussion is. Practitioners do not see this.",
        error_messages={
            "max_length": "The note must be 5,000 characters or fewer",
        },
    )
    filer_note = text_field(
        label="Note for the practitioner who filed the concern (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="They see this with the outcome. They are emailed that there is an update, "
        "without any details.",
        error_messages={
            "max_length": "The note for the practitioner must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = outcomes_active()
        # The page writes the <form> tag and its CSRF token itself.
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.radios("outcome", legend_size=Size.SMALL),
            Field.textarea("note"),
            Field.textarea("filer_note"),
        )


class ReferenceForm(BaseForm):
    submit_label = "Add the reference"

    reference = text_field(
        label="Reference they gave you",
        max_length=60,
        error_messages={
            "required": "Enter the reference they gave you",
            "max_length": "The reference must be 60 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.text("reference", field_width=20))


class WithdrawForm(BaseForm):
    submit_label = "Withdraw the referral"

    reason = reason_field(
        "Why are you withdrawing this referral?",
        "Enter why you are withdrawing this referral",
        "Other safeguarding leads are told it was withdrawn; the reason stays on the referral.",
        rows=3,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.textarea("reason"))


class CloseForm(BaseForm):
    """Closing needs the written referral sent, or the reason it was not."""

    submit_label = "Close this referral"

    unsent_reason = reason_field(
        "Why was the written referral not sent to MASH?",
        "Enter why the written referral was not sent",
        rows=3,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.textarea("unsent_reason"))


class PriorContactFields(forms.Form):
    """Asked at filing: had the practitioner already contacted MASH, the EDT or the police?
    The lead sees the answer first on the referral, so nobody calls twice. Mixed into the
    intake's form (referrals.intake)."""

    NO = "no"

    prior_contact = forms.ChoiceField(
        label="Have you already contacted MASH, the Emergency Duty Team or the police?",
        widget=forms.RadioSelect,
        choices=[
            (NO, "No"),
            ("mash", "Yes, MASH"),
            ("edt", "Yes, the Emergency Duty Team"),
            ("police", "Yes, the police"),
        ],
        help_text="About this concern. Safeguarding leads see this first, so that nobody calls "
        "twice.",
        error_messages={
            "required": "Select whether you have already contacted MASH, the Emergency Duty "
            "Team or the police"
        },
    )
    prior_contact_date = DayField(
        what="date you contacted them",
        label="Date you contacted them",
        required=False,
        help_text="Only if you have contacted them. For example, 27 3 2026.",
    )
    prior_contact_time = forms.CharField(
        label="Time you contacted them",
        required=False,
        max_length=5,
        help_text="Use the 24-hour clock, for example 14:30.",
        error_messages={"max_length": "Enter the time you contacted them like 14:30"},
    )
    prior_contact_reference = text_field(
        label="Reference they gave you (optional)",
        required=False,
        max_length=60,
        error_messages={"max_length": "The reference must be 60 characters or fewer"},
    )

    @staticmethod
    def prior_contact_layout() -> list:
        return [
            Field.radios("prior_contact", legend_size=Size.MEDIUM),
            Field("prior_contact_date"),
            Field.text("prior_contact_time", field_width=5),
            Field.text("prior_contact_reference", field_width=20),
        ]

    def clean_prior_contact_time(self) -> datetime.time | None:
        value = self.cleaned_data["prior_contact_time"]
        if not value:
            return None
        match = TIME.match(value)
        try:
            return datetime.time(int(match.group(1)), int(match.group(2)))
        except (AttributeError, ValueError) as exc:
            raise forms.ValidationError("Enter the time you contacted them like 14:30") from exc

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("prior_contact") in (None, self.NO):
            return cleaned
        if cleaned.get("prior_contact_date") is None and "prior_contact_date" not in self.errors:
            self.add_error("prior_contact_date", "Enter the date you contacted them")
        time_missing = not cleaned.get("prior_contact_time")
        if time_missing and "prior_contact_time" not in self.errors:
            self.add_error("prior_contact_time", "Enter the time you contacted them")
        moment = self._moment(cleaned)
        if moment and moment > timezone.now() + CLOCK_SKEW:
            self.add_error("prior_contact_time", "The time you contacted them must be in the past")
        return cleaned

    @staticmethod
    def _moment(cleaned) -> datetime.datetime | None:
        day, time = cleaned.get("prior_contact_date"), cleaned.get("prior_contact_time")
        if day is None or time is None:
            return None
        return datetime.datetime.combine(day, time, tzinfo=LONDON)

    def prior_contact_data(self) -> dict | None:
        """What referrals.services.prior_contact_record needs, or None if no one was called."""
        data = self.cleaned_data
        if data["prior_contact"] == self.NO:
            return None
        return {
            "hub": data["prior_contact"],
            "contacted_at": self._moment(data),
            "reference": data["prior_contact_reference"],
        }
