from django.core.management.base import BaseCommand, CommandError

from honbu.core.audit import verify_chain
from honbu.core.models import AuditEvent


class Command(BaseCommand):
    help = "Audit trail tools. `honbu audit verify` checks the hash chain and names the first broken event."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action, **options):
        breaks = verify_chain()
        first = next(breaks, None)
        if first is not None:
            raise CommandError(f"Audit chain broken at event #{first.seq}: {first.reason}")
        self.stdout.write(f"Audit chain intact: {AuditEvent.objects.count()} events verified.")
