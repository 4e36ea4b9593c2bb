"""POST data for the intake form, as a browser would send it."""

import uuid

from indicators.models import Indicator


def intake_post(answers=None, **overrides) -> dict:
    data = {
        "submission_token": str(uuid.uuid4()),
        "first_name": "Jamie",
        "last_name": "Example",
        "date_of_birth_0": "14",
        "date_of_birth_1": "3",
        "date_of_birth_2": "2012",
        "approximate_age": "",
        "gender": "Female",
        "school": "Example Academy",
        "area": "Salisbury",
        "learning_disability": "no",
        "looked_after": "no",
        "disclosure": "no",
        "immediate_risk": "no",
        "narrative": "Seen getting into a car with an older man after school.",
    }
    for key in Indicator.objects.filter(active=True).values_list("key", flat=True):
        data[f"answer_{key}"] = (answers or {}).get(key, "no")
        data[f"note_{key}"] = ""
    data.update(overrides)
    return data
