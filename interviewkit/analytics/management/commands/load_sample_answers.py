from django.core.management.base import BaseCommand, CommandError

from interviewkit.analytics.calibration import (
    SAMPLE_ANSWERS,
    BadSampleAnswers,
    load_sample_answers,
)


class Command(BaseCommand):
    help = (
        "Load the calibration sample answers from fixtures/calibration/sample-answers.yaml "
        "(or FILE); safe to run again and again."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(SAMPLE_ANSWERS))

    def handle(self, *args, file, **options):
        try:
            loaded, missing = load_sample_answers(file)
        except FileNotFoundError:
            self.stdout.write(f"No sample answers at {file}: nothing to load.")
            return
        except BadSampleAnswers as problem:
            raise CommandError(f"Sample answers not loaded: {problem}") from None
        self.stdout.write(f"Sample answers loaded for {loaded} question(s).")
        if missing:
            self.stderr.write(f"Not in the bank, skipped: {', '.join(missing)}.")
