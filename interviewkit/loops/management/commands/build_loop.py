import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from interviewkit.accounts.groups import HIRING_MANAGERS
from interviewkit.bank.models import Role
from interviewkit.loops.models import SEEDS, Level, default_title
from interviewkit.loops.selectors import session_summary
from interviewkit.loops.services import NoTemplate, create_loop


def find(model, slug):
    try:
        return model.objects.get(slug=slug)
    except model.DoesNotExist:
        known = ", ".join(model.objects.values_list("slug", flat=True))
        raise CommandError(f"No {model._meta.verbose_name} '{slug}'. Known: {known}.") from None


def loop_as_data(loop):
    sessions = []
    for session in loop.sessions.prefetch_related("items__question", "focus"):
        summary = session_summary(session)
        sessions.append(
            {
                "name": session.name,
                "minutes": session.minutes,
                "question_minutes": summary["budget"],
                "minutes_used": summary["used"],
                "items": [
                    {
                        "slug": item.question.slug,
                        "minutes": item.minutes,
                        "revision": item.revision.number,
                    }
                    for item in summary["items"]
                ],
                "problems": summary["problems"],
            }
        )
    return {
        "id": loop.pk,
        "title": loop.title,
        "role": loop.role.slug,
        "level": loop.level.slug,
        "candidate_email": loop.candidate_email,
        "seed": loop.seed,
        "sessions": sessions,
    }


class Command(BaseCommand):
    help = "Assemble an interview loop for a role and level and print it."

    def add_arguments(self, parser):
        parser.add_argument("--role", required=True, help="Role slug, e.g. ml-engineer")
        parser.add_argument("--level", required=True, help="Level slug, e.g. senior")
        parser.add_argument("--candidate-email", default="")
        parser.add_argument("--candidate-name", default="")
        parser.add_argument("--seed", type=int)
        parser.add_argument(
            "--owner", help="Username of the hiring manager (default: the first one)"
        )
        parser.add_argument("--json", action="store_true", help="Print the loop as JSON")

    def handle(self, *args, **options):
        if options["seed"] is not None and not 0 <= options["seed"] < SEEDS:
            raise CommandError(f"--seed must be from 0 to {SEEDS - 1}")
        role, level = find(Role, options["role"]), find(Level, options["level"])
        owner = self.owner(options["owner"])
        name = options["candidate_name"]
        try:
            loop = create_loop(
                owner=owner,
                role=role,
                level=level,
                seed=options["seed"],
                title=default_title(level, role, name),
                candidate_name=name,
                candidate_email=options["candidate_email"],
            )
        except NoTemplate as error:
            raise CommandError(str(error)) from None
        data = loop_as_data(loop)
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2))
            return
        self.stdout.write(f"Loop {data['id']}: {data['title']} (seed {data['seed']})")
        for session in data["sessions"]:
            self.stdout.write(
                f"\n{session['name']} — {session['minutes']} min, "
                f"{session['minutes_used']}/{session['question_minutes']} question min"
            )
            for item in session["items"]:
                self.stdout.write(f"  {item['minutes']:>3} min  {item['slug']}")
            for problem in session["problems"]:
                self.stdout.write(self.style.WARNING(f"  ! {problem}"))

    def owner(self, username):
        users = get_user_model().objects.order_by("pk")
        if username:
            return users.filter(username=username).first() or self.fail(f"No user '{username}'.")
        owner = (
            users.filter(groups__name=HIRING_MANAGERS).first()
            or users.filter(is_superuser=True).first()
        )
        return owner or self.fail("No hiring manager exists yet: run `make run` or pass --owner.")

    def fail(self, message):
        raise CommandError(message)
