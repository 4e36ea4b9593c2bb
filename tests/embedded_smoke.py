"""Run by tests/test_embedded_default.py in a separate process under the embedded default
(SQLite, local settings): file concerns and open every page as each role, then sweep."""

import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "cse_portal.settings.local"
import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

setup_test_environment()  # in-memory email; ALLOWED_HOSTS for the test client
call_command("migrate", verbosity=0)
call_command("demo_accounts", verbosity=0)

from concerns.models import Concern  # noqa: E402
from referrals.reminders import reminders_sweep  # noqa: E402
from tests.forms import intake_post  # noqa: E402


def check(client: Client, path: str, method: str = "get", data=None) -> None:
    response = getattr(client, method)(path, data or {})
    if response.status_code >= 500:
        sys.exit(f"{method.upper()} {path} -> {response.status_code}")


from django.contrib.auth.models import User  # noqa: E402

practitioner, lead = Client(), Client()
practitioner.force_login(User.objects.get(username="practitioner"))
lead.force_login(User.objects.get(username="lead"))
high = {"missing": "yes", "cars": "yes", "older_friend": "yes", "gifts": "yes", "phone": "yes"}
check(practitioner, "/concerns/new/", "post", intake_post(high))
check(practitioner, "/concerns/new/", "post", intake_post({"behaviour": "yes"}))
urgent, routine = Concern.objects.order_by("-band", "id")[:2]
for path in [
    "/concerns/",
    "/concerns/new/",
    f"/concerns/{urgent.reference}/",
    f"/concerns/{urgent.reference}/filed/",
    "/report-cse/",
    "/healthz",
]:
    check(practitioner, path)
for path in [
    "/triage/",
    "/referrals/",
    "/referrals/?after=0.4.0.1",
    "/referrals/?before=2.1.0.1",
    f"/referrals/{urgent.referral.pk}/",
    f"/children/{urgent.child_id}/",
    f"/concerns/{urgent.reference}/",
    f"/triage/concerns/{routine.reference}/decision/",
    f"/triage/concerns/{urgent.reference}/band/",
    "/triage/export.csv",
]:
    check(lead, path)
check(lead, "/triage/", "post", {"q": "Jamie"})
check(lead, f"/referrals/{urgent.referral.pk}/acknowledge/", "post")
check(lead, f"/referrals/{urgent.referral.pk}/written/")
check(lead, f"/referrals/{urgent.referral.pk}/withdraw/")
check(lead, "/referrals/live/?after=0")
# The network on SQLite: two concerns naming one car and two similar names, its cluster, its
# pages (SQLite takes no LIMIT inside a UNION: the look-ups of similar names go one by one).
for registration in ("ab12cde", "AB12 CDE"):
    car = intake_post(
        vehicle_count="1",
        vehicle_1_registration=registration,
        person_count="2",
        person_1_name="Dazza",
        person_2_name="Daza",
    )
    check(practitioner, "/concerns/new/", "post", car)
from network.models import EntityLink, PossibleMatch  # noqa: E402
from network.services import possible_matches_offer  # noqa: E402

possible_matches_offer()  # the worker's sweep: on SQLite, one look-up of similar names each
if PossibleMatch.objects.count() < 2:
    sys.exit("the second concern's people were not offered as possible matches")
from network.alerts import alerts_sweep  # noqa: E402

if alerts_sweep() != 1:  # the second concern named the car: its alert, counted and sent
    sys.exit("the alert for the second concern naming the car was not sent")

named = EntityLink.objects.order_by("id").last()
for path in [
    "/network/",
    "/network/?months=all&page=2",
    f"/network/entities/{named.entity_id}/",
    f"/network/entities/{named.entity_id}/?after=1.1",
    f"/network/entities/{named.entity_id}/network/",
    f"/network/entities/{named.entity_id}/meeting-pack/",
    f"/concerns/{named.concern.reference}/",
]:
    check(lead, path)
dazza, daza = EntityLink.objects.filter(entity__kind="person").order_by("id")[:2]
merging = f"/network/entities/{dazza.entity_id}/merge/"
check(lead, merging, "post", {"find": "Daza"})
check(lead, merging, "post", {"find": "Daza", "action": "merge", "other": daza.entity_id})
if EntityLink.objects.filter(entity_id=daza.entity_id).exists():
    sys.exit("merging an entry by hand left concerns naming it")
if EntityLink.objects.values("cluster").distinct().count() != 1:
    sys.exit("the two links to one car are not one cluster")
reminders_sweep()
print("embedded default ok")
