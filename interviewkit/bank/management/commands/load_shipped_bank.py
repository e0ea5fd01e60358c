from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from interviewkit.bank import interchange

SHIPPED_BANK = settings.BASE_DIR / "fixtures" / "bank"


class Command(BaseCommand):
    help = "Import the shipped question bank from fixtures/bank/; safe to run again and again."

    def handle(self, *args, **options):
        if not SHIPPED_BANK.is_dir() or not interchange.bank_files(SHIPPED_BANK):
            self.stdout.write(f"No shipped question bank in {SHIPPED_BANK}: nothing to load.")
            return
        sources = interchange.read_paths([SHIPPED_BANK])
        for source in sources:
            source.name = f"fixtures/bank/{Path(source.name).name}"
        report = interchange.import_sources(sources)
        for problem in report.problems:
            self.stderr.write(str(problem))
        if report.problems:
            raise CommandError(f"Shipped bank not loaded: {report.summary()}.")
        self.stdout.write(f"Question bank loaded: {report.summary()}.")
