from django.core.management.base import BaseCommand, CommandError

from interviewkit.accounts.sso import DiscoveryError, discover


class Command(BaseCommand):
    help = "Print the OIDC_* settings for an OpenID Connect provider, read from its discovery."

    def add_arguments(self, parser):
        parser.add_argument("issuer", help="the provider's issuer URL, e.g. https://id.example.com")

    def handle(self, *args, issuer, **options):
        try:
            found = discover(issuer)
        except DiscoveryError as error:
            raise CommandError(str(error)) from None
        for name, value in found.items():
            self.stdout.write(f"{name}={value}")
        self.stdout.write(
            "# and set OIDC_RP_CLIENT_ID, OIDC_RP_CLIENT_SECRET, OIDC_MANAGER_GROUPS and "
            "OIDC_INTERVIEWER_GROUPS (see the README)"
        )
