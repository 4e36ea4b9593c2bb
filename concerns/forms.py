from django import forms

from common.forms import NUL_MESSAGE, BaseForm


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
