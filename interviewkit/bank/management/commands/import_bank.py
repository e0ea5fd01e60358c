from django.core.management.base import BaseCommand, CommandError

from interviewkit.bank import interchange


class Command(BaseCommand):
    help = (
        "Import questions from bank files (YAML, JSON, CSV, .xlsx or .ods) or directories of "
        "them, matched "
        "by slug. All or nothing: any problem and the bank is left as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE", help="bank files or directories")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, but change nothing"
        )
        parser.add_argument(
            "--format",
            dest="fmt",
            choices=interchange.FORMATS,
            help="read the named files as this format, whatever their extension",
        )
        parser.add_argument(
            "--encoding",
            default="",
            choices=["", *interchange.ENCODINGS],
            help="the text encoding of CSV files (else UTF-8, or Windows-1252 when it reads so)",
        )

    def handle(self, *args, paths, dry_run, fmt, encoding, **options):
        try:
            sources = interchange.read_paths(paths, fmt=fmt, encoding=encoding)
        except interchange.SourceError as error:
            raise CommandError(str(error)) from None
        report = interchange.import_sources(sources, dry_run=dry_run)
        for problem in report.problems:
            self.stderr.write(str(problem))
        if report.more_problems:
            self.stderr.write(f"… and {report.more_problems:,} more problems")
        write_outcomes(self.stdout, report)
        if report.problems:
            raise CommandError(f"Nothing imported: {report.summary()}. Fix the file and retry.")
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {report.summary()}."))


def write_outcomes(out, report):
    """One line per outcome with its slugs, so a reviewer sees exactly what changes."""
    outcomes = [
        ("created", report.created),
        ("updated", [f"{slug} ({', '.join(fields)})" for slug, fields in report.updated.items()]),
        ("unchanged", report.unchanged),
        ("rejected", report.rejected),
    ]
    for name, slugs in outcomes:
        if slugs:
            out.write(f"{name} ({len(slugs)}): {', '.join(slugs)}")
    for slug, needs in report.drafts.items():
        out.write(f"draft {slug} still needs: {', '.join(needs)}")
