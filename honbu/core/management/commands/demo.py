import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from honbu.core import demo
from honbu.core.plugins import app_modules


class Command(BaseCommand):
    help = "Migrate, load the demo data (idempotent) and serve honbu with the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Only migrate and load the demo data.")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))

    def handle(self, *args, no_serve, port, **options):
        call_command("migrate", interactive=False, verbosity=0)
        created = demo.load()
        for module in app_modules("demo"):
            if module is not demo:
                module.load()
        self.stdout.write(
            f"Demo data loaded ({created['organisations']} new organisations, {created['users']} new users)."
        )
        self.stdout.write(f"Data folder: {settings.DATA_DIR}")
        if no_serve:
            return
        self.stdout.write(self.style.SUCCESS(f"\nhonbu is starting at http://127.0.0.1:{port}/\n"))
        self.stdout.write(f"Demo accounts (password: {demo.PASSWORD}):")
        for username, display_name, organisation, role in demo.ACCOUNTS:
            self.stdout.write(f"  {username:<15} {display_name}")
        call_command("serve", port=port)

