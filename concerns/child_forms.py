"""Forms for a lead's work on child records, and the identity fields the intake asks."""

import re

import nhs_number
from django import forms
from django.utils.functional import cached_property

from common.forms import BaseForm, DayField, text_field

NHS_MESSAGE = "Enter a valid NHS number, like 943 476 5919"
UPN_MESSAGE = "Enter a unique pupil number as 13 characters: a letter then 12 digits or letters"
POSTCODE_MESSAGE = "Enter a real postcode, like SP1 2AB"
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
_UPN = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")


def clean_nhs_number(value: str) -> str:
    """10 digits with spaces or dashes allowed, and a checksum that agrees (nhs-number)."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not digits:
        return ""
    if not (digits.isdigit() and len(digits) == 10 and nhs_number.is_valid(digits)):
        raise forms.ValidationError(NHS_MESSAGE)
    return digits


def clean_upn(value: str) -> str:
    upn = re.sub(r"\s", "", value or "").upper()
    if upn and not _UPN.match(upn):
        raise forms.ValidationError(UPN_MESSAGE)
    return upn


def clean_postcode(value: str) -> str:
    """In the usual form, "SP1 2AB"."""
    compact = re.sub(r"\s", "", value or "").upper()
    if not compact:
        return ""
    if not _POSTCODE.match(compact):
        raise forms.ValidationError(POSTCODE_MESSAGE)
    return f"{compact[:-3]} {compact[-3:]}"


class LeadForm(BaseForm):
    """GOV.UK messages rather than the browser's own: the form is not validated by it."""

    @cached_property
    def helper(self):
        helper = super().helper
        helper.attrs = {"novalidate": ""}
        return helper


def _reason(label: str, message: str) -> forms.CharField:
    return text_field(
        label=label,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": message,
            "max_length": "The reason must be 5,000 characters or fewer",
        },
    )


class MatchDecisionForm(LeadForm):
    SAME, DIFFERENT = "same", "different"
    submit_label = "Record the decision"

    decision = forms.ChoiceField(
        label="Are these the same child?",
        choices=[
            (SAME, "Yes, the same child: merge the records"),
            (DIFFERENT, "No, different children"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether these are the same child"},
    )
    reason = _reason("Why?", "Enter why you decided this")


class MergeForm(LeadForm):
    submit_label = "Compare the records"

    other = forms.IntegerField(
        label="The other child record's number",
        min_value=1,
        help_text="Shown as “child record” on its chronology and in search results.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the other child record's number",
            "invalid": "The child record's number must be a whole number, like 1024",
            "min_value": "The child record's number must be a whole number, like 1024",
        },
    )


class MergeConfirmForm(LeadForm):
    submit_label = "Merge these records"

    other = forms.IntegerField(widget=forms.HiddenInput)
    reason = _reason("Why are these the same child?", "Enter why these are the same child")


class UndoMergeForm(LeadForm):
    submit_label = "Undo the merge"

    reason = _reason("Why undo this merge?", "Enter why you are undoing this merge")


class ChildSearchForm(LeadForm):
    submit_label = "Search"

    name = text_field(
        label="Name",
        max_length=200,
        required=False,
        help_text="First name, last name or both. Spelling need not be exact.",
    )
    date_of_birth = DayField(
        what="date of birth", required=False, help_text="For example, 27 3 2012"
    )
    age = forms.IntegerField(
        label="Age",
        required=False,
        min_value=0,
        max_value=25,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Age must be a whole number, like 14",
            "min_value": "Age must be a whole number, like 14",
            "max_value": "Age must be 25 or under",
        },
    )
    school = text_field(label="School or setting", max_length=200, required=False)
    postcode = text_field(label="Postcode", max_length=10, required=False)
    nhs_number = text_field(label="NHS number", max_length=14, required=False)
    upn = text_field(label="Unique pupil number (UPN)", max_length=16, required=False)

    def clean_nhs_number(self):
        return clean_nhs_number(self.cleaned_data["nhs_number"])

    def clean_upn(self):
        return clean_upn(self.cleaned_data["upn"])

    def clean_postcode(self):
        return clean_postcode(self.cleaned_data["postcode"])

    def clean(self):
        data = super().clean()
        if not self.errors and not any(value not in (None, "") for value in data.values()):
            raise forms.ValidationError("Enter at least one thing to search for")
        return data
