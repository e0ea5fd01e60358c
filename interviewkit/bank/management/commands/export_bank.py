from pathlib import Path

from django.core.management.base import BaseCommand

from interviewkit.bank import interchange


class Command(BaseCommand):
    help = "Export the whole question bank, in slug order, as YAML (default), JSON or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--format", dest="fmt", choices=interchange.FORMATS, default="yaml")
        parser.add_argument("-o", "--output", metavar="FILE", help="write here, not to stdout")

    def handle(self, *args, fmt, output, **options):
        text = interchange.export_bank(fmt)
        if output:
            Path(output).write_bytes(text.encode("utf-8"))
            self.stderr.write(f"Wrote the bank to {output}.")
        else:
            self.stdout.write(text, ending="")
