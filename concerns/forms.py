from django import forms

from common.forms import BaseForm, labelled_text


class AddendumForm(BaseForm):
    submit_label = "Add to this concern"
    text = labelled_text(
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
