from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from interviewkit.analytics import demo
from interviewkit.analytics.simulation import PlantedRater
from interviewkit.bank.models import Question
from interviewkit.loops.models import Loop, LoopTemplate


class Command(BaseCommand):
    help = (
        "Load a demo history of past loops scored by simulated raters with known severities "
        "and noise, so the analytics pages show real figures; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loops", type=int, default=60, help="How many past loops.")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, loops, seed, **options):
        if Loop.objects.filter(title__startswith=demo.TITLE).exists():
            self.stdout.write("Demo history already loaded.")
            return
        if not LoopTemplate.objects.exists() or not Question.objects.exists():
            self.stdout.write("No loop templates or questions yet: load them first.")
            return
        users = get_user_model().objects
        owner = users.filter(username="demo").first() or users.filter(is_superuser=True).first()
        if owner is None:
            self.stdout.write("No demo manager yet (manage.py ensure_demo_user): nothing loaded.")
            return
        raters = demo.demo_people(demo.DEMO_RATERS)
        ivy = users.filter(username="interviewer").first()
        if ivy is not None:  # the demo interviewer sees figures of their own
            raters.append((ivy, PlantedRater("Ivy Interviewer", 0.15, 0.3)))
        history = demo.History(
            raters=raters, shadows=demo.demo_people(demo.DEMO_SHADOWS), loops=loops, seed=seed
        )
        made = demo.build_history(history, owner=owner)
        self.stdout.write(
            f"Demo history loaded: {len(made)} past loops scored by {len(raters)} interviewers "
            f"and {len(history.shadows)} shadows."
        )
