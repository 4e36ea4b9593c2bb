import datetime
import uuid

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size, Submit
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape, format_html

from cse_portal.forms import NUL_MESSAGE, BaseForm
from indicators.scoring import ANSWERS

from .children import age_on
from .services import AnswerInput, ChildDetails

ANSWER_CHOICES = [(answer, answer.capitalize()) for answer in ANSWERS]
YES_NO = [("yes", "Yes"), ("no", "No")]
ADULT_MESSAGE = (
    "The child must be under 18 on the date of the concern. For an adult, contact adult "
    "safeguarding (Wiltshire Council adult social care) instead"
)


def _text(label, max_length, required=True, message=None, **kwargs):
    field = forms.CharField(label=label, max_length=max_length, required=required, **kwargs)
    field.error_messages["max_length"] = f"{label} must be {max_length:,} characters or fewer"
    field.error_messages["null_characters_not_allowed"] = NUL_MESSAGE
    if message:
        field.error_messages["required"] = message
    for validator in field.validators:
        if validator.__class__.__name__ == "ProhibitNullCharactersValidator":
            validator.message = NUL_MESSAGE
    return field


def _yes_no(label, message, help_text=""):
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
            # A year too big for the calendar (99999999999999999999) overflows, not ValueError.
            raise forms.ValidationError("Date of birth must be a real date") from exc


class ConcernForm(BaseForm):
    """The intake form. Indicator questions are built from the active indicators."""

    submit_label = "File this concern"

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    first_name = _text("First name", 100, message="Enter the child's first name")
    last_name = _text("Last name", 100, message="Enter the child's last name")
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
    gender = _text("Gender", 40, required=False)
    school = _text("School or setting", 200, required=False)
    area = _text("Area", 100, required=False, help_text="For example, the town or community area.")
    learning_disability = _yes_no(
        "Does the child have a learning disability?",
        "Select yes if the child has a learning disability",
    )
    looked_after = _yes_no(
        "Is the child looked after by the local authority?",
        "Select yes if the child is a looked after child",
    )
    disclosure = _yes_no(
        "Has the child disclosed sexual exploitation?",
        "Select yes if the child has disclosed sexual exploitation",
    )
    immediate_risk = _yes_no(
        "Do you believe the child is at risk of significant harm right now?",
        "Select yes if the child is at risk of significant harm right now",
        help_text="If so, there should be no delay: follow Child Protection procedures and call "
        "999 if the child is in immediate danger.",
    )
    narrative = _text(
        "What happened",
        20000,
        message="Describe what happened",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What you saw or heard, when and where, and who else knows.",
    )

    def __init__(self, *args, indicators, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.today = today or timezone.localdate()
        for indicator in indicators:
            self.fields[f"answer_{indicator.key}"] = forms.ChoiceField(
                # Escaped here: crispy-forms-gds prints labels and hints with |safe, and
                # indicator wording is typed by admins.
                label=escape(indicator.text),
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                help_text=escape(indicator.help_text),
                error_messages={"required": f"Select no, possible or yes for: {indicator.text}"},
            )
            note = _text("Note (optional)", 2000, required=False)
            note.label = format_html(
                'Note (optional)<span class="govuk-visually-hidden"> about: {}</span>',
                indicator.text,
            )
            self.fields[f"note_{indicator.key}"] = note
        self.order_fields(self._field_order())

    @cached_property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        helper.attrs = {"data-keep-alive": reverse("keep_alive"), "novalidate": ""}
        helper.layout = self._layout()
        helper.add_input(Submit("submit", self.submit_label))
        return helper

    def _layout(self) -> Layout:
        return Layout(
            Field("submission_token"),
            Fieldset(
                Field.text("first_name", field_width=20),
                Field.text("last_name", field_width=20),
                Field("date_of_birth"),
                Field.text("approximate_age", field_width=3),
                Field.text("gender", field_width=20),
                Field.text("school"),
                Field.text("area", field_width=20),
                Field.radios("learning_disability", inline=True, legend_size=Size.SMALL),
                Field.radios("looked_after", inline=True, legend_size=Size.SMALL),
                legend="About the child",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                HTML(
                    '<p class="govuk-body">Answer each sign of grooming. Choose "Possible" '
                    "if you are not sure.</p>"
                ),
                *self._questions("indicator"),
                legend="Signs of grooming",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                *self._questions("feature"),
                legend="Features of child sexual exploitation",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("disclosure", inline=True, legend_size=Size.SMALL),
                Field.radios("immediate_risk", inline=True, legend_size=Size.SMALL),
                Field.textarea("narrative"),
                legend="What you know",
                legend_size=Size.MEDIUM,
            ),
        )

    def _field_order(self) -> list[str]:
        """The error summary lists problems in field order: make it the order on the page."""
        child = [
            "first_name",
            "last_name",
            "date_of_birth",
            "approximate_age",
            "gender",
            "school",
            "area",
            "learning_disability",
            "looked_after",
        ]
        questions = []
        for kind in ("indicator", "feature"):
            for indicator in self.indicators:
                if indicator.kind == kind:
                    questions += [f"answer_{indicator.key}", f"note_{indicator.key}"]
        return ["submission_token", *child, *questions, "disclosure", "immediate_risk", "narrative"]

    def _questions(self, kind: str) -> list:
        fields = []
        for indicator in self.indicators:
            if indicator.kind != kind:
                continue
            fields.append(
                Field.radios(f"answer_{indicator.key}", inline=True, legend_size=Size.SMALL)
            )
            fields.append(Field.text(f"note_{indicator.key}"))
        return fields

    def clean(self):
        cleaned = super().clean()
        dob = cleaned.get("date_of_birth")
        approximate = cleaned.get("approximate_age")
        if "date_of_birth" in self.errors or "approximate_age" in self.errors:
            return cleaned
        if dob is None and approximate is None:
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

    def child_details(self) -> ChildDetails:
        data = self.cleaned_data
        return ChildDetails(
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data["date_of_birth"],
            age_years=self._age(data),
            age_is_approximate=data["date_of_birth"] is None,
            gender=data["gender"],
            school=data["school"],
            area=data["area"],
            learning_disability=data["learning_disability"] == "yes",
            looked_after=data["looked_after"] == "yes",
        )

    def answers(self) -> dict[str, AnswerInput]:
        return {
            indicator.key: AnswerInput(
                answer=self.cleaned_data[f"answer_{indicator.key}"],
                note=self.cleaned_data[f"note_{indicator.key}"],
            )
            for indicator in self.indicators
        }

    @staticmethod
    def new_token() -> uuid.UUID:
        return uuid.uuid4()


class AddendumForm(BaseForm):
    submit_label = "Add to this concern"
    text = _text(
        "Add information or a correction",
        10000,
        message="Enter the information to add",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The concern as filed cannot be changed. What you add here is kept with it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page writes the <form> tag and its CSRF token itself, outside the cached fields.
        self.helper.form_tag = False
        self.helper.disable_csrf = True
