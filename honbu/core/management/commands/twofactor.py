from django.core.management.base import BaseCommand, CommandError

from honbu.core import twofactor
from honbu.core.models import User


class Command(BaseCommand):
    help = ("Two-factor authentication tools. `honbu twofactor reset USERNAME --reason TEXT` turns it off for someone "
            "who lost their authenticator app, so they can log in with their password and enrol again.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["reset"])
        parser.add_argument("username")
        parser.add_argument("--reason", required=True, help="Why, for the audit trail (e.g. a ticket number).")

    def handle(self, *args, action, username, reason, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        removed = twofactor.reset_devices(user=user, reason=reason)
        self.stdout.write(f"Removed {removed} two-factor device(s) of {username}.")
