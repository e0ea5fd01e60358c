from django.core.management.base import BaseCommand
from django.utils import timezone

from interviewkit.notifications.reminders import sweep_reminders


class Command(BaseCommand):
    help = (
        "Queue a reminder for every scorecard still unsubmitted 24 hours after its session "
        "ended (each once); for cron, where the periodic task is not used. A worker sends them."
    )

    def handle(self, *args, **options):
        queued = sweep_reminders(now=timezone.now())
        self.stdout.write(f"Queued {queued} reminder{'' if queued == 1 else 's'}.")
