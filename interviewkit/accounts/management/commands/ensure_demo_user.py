import secrets

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand

from interviewkit.accounts.groups import HIRING_MANAGERS, INTERVIEWERS

DEMO_USERS = [
    ("demo", HIRING_MANAGERS, "Demo", "Manager"),
    ("interviewer", INTERVIEWERS, "Ivy", "Interviewer"),
]


class Command(BaseCommand):
    help = "Create the demo hiring manager and interviewer once, printing their random passwords."

    def handle(self, *args, **options):
        for username, group_name, first, last in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                self.stdout.write(
                    f"Demo user '{username}' already exists. Forgot the password? "
                    f"Run: .venv/bin/python manage.py changepassword {username}"
                )
                continue
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(  # example.com: their mail shows on the console
                username, f"{username}@example.com", password, first_name=first, last_name=last
            )
            user.groups.add(Group.objects.get(name=group_name))
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {group_name[:-1].lower()} '{username}' with password: {password}"
                )
            )
            self.stdout.write(
                f"  (it is shown only once; to reset it later: "
                f".venv/bin/python manage.py changepassword {username})"
            )
