from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError

from accounts import roles

# Embedded default only: these passwords are printed in the README.
DEMO_ACCOUNTS = [
    ("practitioner", "practitioner-demo-2026", roles.PRACTITIONER, False),
    ("lead", "lead-demo-2026", roles.LEAD, False),
    ("admin", "admin-demo-2026", roles.ADMIN, True),
]


class Command(BaseCommand):
    help = "Create the demo accounts of the embedded default (never in production)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts exist only in the embedded default (DEBUG on).")
        for username, password, group_name, is_staff in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
                user.first_name = username.capitalize()
                user.last_name = "(demo)"
                user.email = f"{username}@example.invalid"
            user.is_staff = is_staff
            user.save()
            user.groups.add(Group.objects.get(name=group_name))
            self.stdout.write(f"{'Created' if created else 'Kept'} demo account {username}")
        duty = User.objects.get(username="lead")
        duty.groups.add(Group.objects.get(name=roles.DUTY_MANAGER))
