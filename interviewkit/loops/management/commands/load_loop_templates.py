from django.core.management.base import BaseCommand

from interviewkit.loops.templates_fixture import TEMPLATES_FILE, load_loop_templates


class Command(BaseCommand):
    help = "Create the shipped levels and loop templates that do not exist yet."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=TEMPLATES_FILE)

    def handle(self, *args, **options):
        created = load_loop_templates(options["file"])
        self.stdout.write(f"Loop templates: {created} created, existing ones left as they are.")
