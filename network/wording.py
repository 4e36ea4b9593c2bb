"""What the alert says: the kind of entity and how many other concerns and children name it,
never who or what. The email and the triage dashboard say the same."""

from .models import Kind

A_KIND = {
    Kind.PERSON: "a person",
    Kind.VEHICLE: "a vehicle",
    Kind.PLACE: "a place",
    Kind.PHONE: "a phone number",
    Kind.ACCOUNT: "an online account",
}


def alert_sentence(line: dict) -> str:
    """'A new concern names a vehicle that appears in 3 other concerns about 2 other children.'
    Until the sweep has counted them (seconds after filing): '… a vehicle already named in
    another concern.'"""
    what = A_KIND[line["kind"]]
    if "concerns" not in line:
        return f"A new concern names {what} already named in another concern."
    concerns, children = line["concerns"], line["children"]
    about = (
        f"about {children} other {'child' if children == 1 else 'children'}"
        if children
        else "about the same child"
    )
    plural = "concern" if concerns == 1 else "concerns"
    return f"A new concern names {what} that appears in {concerns} other {plural} {about}."
