from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interviewkit.bank import interchange


class Command(BaseCommand):
    help = "Export the whole question bank, in slug order, as YAML (default), JSON, CSV or .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("--format", dest="fmt", choices=interchange.EXPORTS, default="yaml")
        parser.add_argument("-o", "--output", metavar="FILE", help="write here, not to stdout")

    def handle(self, *args, fmt, output, **options):
        if fmt == "xlsx" and not output:
            raise CommandError("A workbook is not text: name the file to write with -o.")
        if output:
            Path(output).write_bytes(interchange.export_bank_bytes(fmt))
            self.stderr.write(f"Wrote the bank to {output}.")
        else:
            self.stdout.write(interchange.export_bank(fmt), ending="")
