"""Test data built the way the application builds it: users by factory, concerns by the service."""

import datetime
import uuid

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from accounts import roles
from concerns.services import AnswerInput, ChildDetails, concern_file

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    first_name = factory.Sequence(lambda n: f"Worker{n}")
    last_name = "Test"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if extracted == roles.ADMIN:
            self.is_staff = True
        self.save()


def child_details(**overrides) -> ChildDetails:
    today = timezone.localdate()
    values = {
        "first_name": "Jamie",
        "last_name": "Example",
        "date_of_birth": today.replace(year=today.year - 14) - datetime.timedelta(days=40),
        "age_years": 14,
        "age_is_approximate": False,
        "gender": "Female",
        "school": "Example Academy",
        "area": "Salisbury",
    }
    values.update(overrides)
    return ChildDetails(**values)


def file_test_concern(
    *,
    filed_by,
    answers=None,
    child=None,
    disclosure=False,
    immediate_risk=False,
    narrative="Seen getting into a car with an older man after school.",
):
    given = {key: AnswerInput(answer=value) for key, value in (answers or {}).items()}
    return concern_file(
        filed_by=filed_by,
        child=child or child_details(),
        answers=given,
        disclosure=disclosure,
        immediate_risk=immediate_risk,
        narrative=narrative,
        submission_token=uuid.uuid4(),
    )


HIGH_ANSWERS = {
    "missing": "yes",
    "cars": "yes",
    "older_friend": "yes",
    "gifts": "yes",
    "phone": "yes",
}  # 3 + 3 + 3 + 2 + 2 = 13: High
MEDIUM_ANSWERS = {"missing": "yes", "cars": "yes"}  # 6: Medium
LOW_ANSWERS = {"behaviour": "yes"}  # 1: Low
