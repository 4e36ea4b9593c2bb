"""POST data for the intake, as a browser would send it, and the intake walked page by page.

`intake_post()` is every section's fields at once: posted to /concerns/new/ it files in one
step through the same forms and the same service as the sectioned journey (intake.views)."""

import uuid

from indicators.models import Indicator


def intake_post(answers=None, **overrides) -> dict:
    data = {
        "submission_token": str(uuid.uuid4()),
        "immediate_risk": "no",
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
        "narrative": "Seen getting into a car with an older man after school.",
        "incident_when": "Friday after school",
        "incident_where": "Outside the school gates",
        "people_present": "",
        "others_aware": "",
        "reporter_organisation": "Example Academy",
        "reporter_phone": "01632 960 001",
        # Asked on "About you" by referrals (intake/prior_contact.py).
        "prior_contact": "no",
        "prior_contact_date_0": "",
        "prior_contact_date_1": "",
        "prior_contact_date_2": "",
        "prior_contact_time": "",
        "prior_contact_reference": "",
    }
    for key in Indicator.objects.filter(active=True).values_list("key", flat=True):
        data[f"answer_{key}"] = (answers or {}).get(key, "no")
        data[f"note_{key}"] = ""
    data.update(overrides)
    return data


def intake_sections(client, data: dict):
    """Post `data` a section at a time, as the pages ask for it, and file from Check your
    answers. Returns the last response (the confirmation page when all was valid)."""
    from intake import sections

    response = client.post("/concerns/new/start/", data)
    while response.status_code == 302 and "/filed/" not in response.url:
        url = response.url
        if url.endswith("/call-now/"):
            url = url.replace("call-now", sections.SECTIONS[1].slug)
        if url.endswith("/check/"):
            response = client.post(url, {})
            continue
        response = client.post(url, data)
    return client.get(response.url) if response.status_code == 302 else response
