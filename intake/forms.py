"""The intake's forms: small, one concern each, drawn together on a section's page.
Which page each is on, and in what order, is intake.sections."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape, format_html

from common.forms import BaseForm, labelled_text
from concerns.children import age_on
from concerns.services import AnswerInput
from indicators.scoring import ANSWERS

ANSWER_CHOICES = [(answer, answer.capitalize()) for answer in ANSWERS]
YES_NO = [("yes", "Yes"), ("no", "No")]
ADULT_MESSAGE = (
    "The child must be under 18 on the date of the concern. For an adult, contact adult "
    "safeguarding (Wiltshire Council adult social care) instead"
)


def yes_no_field(label, message, help_text=""):
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": message},
    )


class DateOfBirthField(DateInputField):
    def __init__(self, **kwargs):
        super().__init__(required=False, require_all_fields=False, **kwargs)
        self.error_messages["incomplete"] = "Date of birth must include a day, month and year"
        self.error_messages["invalid"] = "Date of birth must be a real date"

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except (ValueError, OverflowError, forms.ValidationError) as exc:
            raise forms.ValidationError("Date of birth must be a real date") from exc


@dataclass(frozen=True)
class IntakeContext:
    """What every intake form may need besides the posted data."""

    indicators: list
    user: object = None
    today: datetime.date | None = None


class IntakeForm(BaseForm):
    """One piece of a section's page. The page draws the <form> tag, the token and buttons."""

    def __init__(self, *args, context: IntakeContext, **kwargs):
        super().__init__(*args, **kwargs)
        self.context = context
        self.today = context.today or timezone.localdate()

    @cached_property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(*self.layout())
        return helper

    def layout(self) -> list:
        return [Field(name) for name in self.fields]

    def contribute(self, filing) -> None:
        """Move this form's cleaned data onto the filing (intake.sections.Filing)."""

    def summary_rows(self) -> list[tuple[str, str]]:
        """(question, answer) pairs for Check your answers: every field, as chosen."""
        return [(str(field.label), self.display(name)) for name, field in self.fields.items()]

    def display(self, name: str) -> str:
        value = self.cleaned_data.get(name)
        field = self.fields[name]
        if value in (None, ""):
            return "Not given"
        if isinstance(field, forms.ChoiceField):
            return str(dict(field.choices).get(value, value))
        if isinstance(value, datetime.date):
            return f"{value.day} {value:%B %Y}"
        return str(value)

    def stay(self) -> bool:
        """True when the button pressed asks for the page again (such as "Add another")."""
        return False

    def field_keys(self) -> list[str]:
        """The names this form's controls post under (a date posts three)."""
        keys = []
        for name, field in self.fields.items():
            suffixes = getattr(field.widget, "widgets_names", None)
            keys += [f"{name}{suffix}" for suffix in suffixes] if suffixes else [name]
        return keys


# --- Is the child in danger right now? -----------------------------------------------------


class DangerForm(IntakeForm):
    immediate_risk = yes_no_field(
        "Do you believe the child is at risk of significant harm right now?",
        "Select yes if the child is at risk of significant harm right now",
        help_text="For example, the child is missing now, with someone who may harm them, or "
        "about to be picked up.",
    )

    def layout(self):
        return [Field.radios("immediate_risk", inline=True, legend_size=Size.MEDIUM)]

    def contribute(self, filing):
        filing.immediate_risk = self.cleaned_data["immediate_risk"] == "yes"


# --- About the child ---------------------------------------------------------------------


class ChildForm(IntakeForm):
    first_name = labelled_text("First name", 100, message="Enter the child's first name")
    last_name = labelled_text("Last name", 100, message="Enter the child's last name")
    date_of_birth = DateOfBirthField(
        label="Date of birth",
        help_text="For example, 27 3 2012. Leave blank if you do not know it.",
    )
    approximate_age = forms.IntegerField(
        label="Approximate age",
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="In whole years, only if you do not know the date of birth.",
        error_messages={
            "invalid": "Approximate age must be a whole number, like 14",
            "min_value": "Approximate age must be 0 or more",
            "max_value": "Approximate age must be a whole number of years, like 14",
        },
    )
    school = labelled_text("School or setting", 200, required=False)
    area = labelled_text(
        "Area", 100, required=False, help_text="For example, the town or community area."
    )
    learning_disability = yes_no_field(
        "Does the child have a learning disability?",
        "Select yes if the child has a learning disability",
    )
    looked_after = yes_no_field(
        "Is the child looked after by the local authority?",
        "Select yes if the child is a looked after child",
        help_text="In care: living in foster care, a children's home or with family under a "
        "care order.",
    )

    def layout(self):
        return [
            Field.text("first_name", field_width=20),
            Field.text("last_name", field_width=20),
            Field("date_of_birth"),
            Field.text("approximate_age", field_width=3),
            Field.text("school"),
            Field.text("area", field_width=20),
            Field.radios("learning_disability", inline=True, legend_size=Size.SMALL),
            Field.radios("looked_after", inline=True, legend_size=Size.SMALL),
        ]

    def clean(self):
        cleaned = super().clean()
        if "date_of_birth" in self.errors or "approximate_age" in self.errors:
            return cleaned
        dob = cleaned.get("date_of_birth")
        if dob is None and cleaned.get("approximate_age") is None:
            self.add_error(
                "date_of_birth",
                "Enter the child's date of birth, or their approximate age if you do not know it",
            )
        elif dob is not None and dob.year < 1900:
            self.add_error("date_of_birth", "Year of birth must include 4 numbers, like 2012")
        elif dob is not None and dob > self.today:
            self.add_error("date_of_birth", "Date of birth must be today or in the past")
        elif self._age(cleaned) >= 18:
            field = "date_of_birth" if dob is not None else "approximate_age"
            self.add_error(field, ADULT_MESSAGE)
        return cleaned

    def _age(self, cleaned) -> int:
        dob = cleaned.get("date_of_birth")
        return age_on(dob, self.today) if dob else cleaned["approximate_age"]

    def contribute(self, filing):
        data = self.cleaned_data
        filing.child.update(
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data["date_of_birth"],
            age_years=self._age(data),
            age_is_approximate=data["date_of_birth"] is None,
            school=data["school"],
            area=data["area"],
            learning_disability=data["learning_disability"] == "yes",
            looked_after=data["looked_after"] == "yes",
        )


# --- Signs of grooming; defining features ------------------------------------------------


class IndicatorsForm(IntakeForm):
    """One question per active indicator of `kind`, each with an optional note."""

    kind = "indicator"
    intro = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = [i for i in self.context.indicators if i.kind == self.kind]
        for indicator in self.indicators:
            self.fields[f"answer_{indicator.key}"] = forms.ChoiceField(
                # Escaped here: crispy-forms-gds prints labels and hints with |safe, and
                # indicator wording is typed by admins.
                label=escape(indicator.text),
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                help_text=escape(indicator.help_text),
                error_messages={"required": f"Select no, possible or yes for: {indicator.text}"},
            )
            note = labelled_text("Note (optional)", 2000, required=False)
            note.label = format_html(
                'Note (optional)<span class="govuk-visually-hidden"> about: {}</span>',
                indicator.text,
            )
            self.fields[f"note_{indicator.key}"] = note

    def layout(self):
        items = (
            [HTML(format_html('<p class="govuk-body">{}</p>', self.intro))] if self.intro else []
        )
        for indicator in self.indicators:
            items.append(
                Field.radios(f"answer_{indicator.key}", inline=True, legend_size=Size.SMALL)
            )
            items.append(Field.text(f"note_{indicator.key}"))
        return items

    def summary_rows(self):
        rows = []
        for indicator in self.indicators:
            answer = self.display(f"answer_{indicator.key}")
            note = self.cleaned_data.get(f"note_{indicator.key}")
            rows.append((indicator.text, f"{answer}: {note}" if note else answer))
        return rows

    def contribute(self, filing):
        for indicator in self.indicators:
            filing.answers[indicator.key] = AnswerInput(
                answer=self.cleaned_data[f"answer_{indicator.key}"],
                note=self.cleaned_data[f"note_{indicator.key}"],
            )


class GroomingForm(IndicatorsForm):
    kind = "indicator"
    intro = 'Answer each sign of grooming. Choose "Possible" if you are not sure.'


class FeaturesForm(IndicatorsForm):
    kind = "feature"


class DisclosureForm(IntakeForm):
    disclosure = yes_no_field(
        "Has the child disclosed sexual exploitation?",
        "Select yes if the child has disclosed sexual exploitation",
        help_text="Told you, or someone else, that they have been sexually exploited.",
    )

    def layout(self):
        return [Field.radios("disclosure", inline=True, legend_size=Size.SMALL)]

    def contribute(self, filing):
        filing.disclosure = self.cleaned_data["disclosure"] == "yes"


# --- What happened -----------------------------------------------------------------------


class WhatHappenedForm(IntakeForm):
    narrative = labelled_text(
        "What happened",
        20000,
        message="Describe what happened",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What you saw or heard, in your own words. Write down what the child said "
        "in their words.",
    )
    incident_when = labelled_text(
        "When did it happen?",
        200,
        required=False,
        help_text="A date and time if you know them, for example 27 November, about 4pm.",
    )
    incident_where = labelled_text(
        "Where did it happen?", 500, required=False, help_text="A place, street or address."
    )
    people_present = labelled_text(
        "Who was there?",
        2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Names or descriptions of anyone with the child.",
    )
    others_aware = labelled_text(
        "Who else knows about this?",
        2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, a parent or carer, another professional, the police.",
    )

    def layout(self):
        return [
            Field.textarea("narrative"),
            Field.text("incident_when", field_width=20),
            Field.text("incident_where"),
            Field.textarea("people_present"),
            Field.textarea("others_aware"),
        ]

    def contribute(self, filing):
        data = self.cleaned_data
        filing.narrative = data["narrative"]
        for name in ("incident_when", "incident_where", "people_present", "others_aware"):
            filing.details[name] = data[name]


# --- About you ---------------------------------------------------------------------------

PHONE = re.compile(r"^\+?[\d\s()-]+$")


class AboutYouForm(IntakeForm):
    reporter_organisation = labelled_text(
        "Your organisation",
        200,
        message="Enter your organisation",
        help_text="For example, the school, surgery or team you work for.",
    )
    reporter_phone = labelled_text(
        "Your phone number",
        40,
        message="Enter a phone number a safeguarding lead can call you on",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text="A safeguarding lead or MASH may call you about this concern.",
    )

    def layout(self):
        return [
            Field.text("reporter_organisation"),
            Field.text("reporter_phone", field_width=20),
        ]

    def clean_reporter_phone(self):
        phone = self.cleaned_data["reporter_phone"].strip()
        digits = re.sub(r"\D", "", phone)
        if not PHONE.match(phone) or not 10 <= len(digits) <= 15:
            raise forms.ValidationError(
                "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
            )
        return phone

    def contribute(self, filing):
        filing.details["reporter_organisation"] = self.cleaned_data["reporter_organisation"]
        filing.details["reporter_phone"] = self.cleaned_data["reporter_phone"]


class SubmissionTokenForm(forms.Form):
    """A one-step filing's token: the same token always gives back the same concern."""

    submission_token = forms.UUIDField(
        error_messages={"required": "Start the concern again", "invalid": "Start again"}
    )
