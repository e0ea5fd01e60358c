from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from interviewkit import queue


class Command(BaseCommand):
    help = (
        "Start each task in settings.PERIODIC_TASKS, which then queues its own next run; a "
        "task already waiting on the queue is left alone, so running this again is harmless."
    )

    def handle(self, *args, **options):
        for path in settings.PERIODIC_TASKS:
            started = queue.start(import_string(path))
            self.stdout.write(f"{'Started' if started else 'Already queued:'} {path}")
