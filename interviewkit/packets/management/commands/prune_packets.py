from django.core.management.base import BaseCommand

from interviewkit.packets.prune import prune


class Command(BaseCommand):
    help = "Delete stored PDFs that no loop points at any more (changed or deleted content)."

    def handle(self, *args, **options):
        parts, files = prune()
        self.stdout.write(f"Pruned {parts} stored part(s) and {files} loose file(s).")
