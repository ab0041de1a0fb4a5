from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker (database task queue) until stopped; --batch drains the queue and exits."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true")

    def handle(self, *args, batch, **options):
        call_command("db_worker", batch=batch, reload=False, queue_name="*", verbosity=options["verbosity"])
