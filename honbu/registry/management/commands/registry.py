import sys
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from honbu.core.models import Membership, User
from honbu.registry import bulk


class Command(BaseCommand):
    help = "Registry tools: `honbu registry import FILE [--dry-run] [--as USERNAME]` imports organisations and AI systems."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser("import", help="import a CSV or XLSX file (one transaction; nothing while errors remain)")
        importer.add_argument("file")
        importer.add_argument("--dry-run", action="store_true", help="check every row without importing")
        importer.add_argument("--as", dest="username", help="the HQ user recorded as importing (default: first HQ manager)")

    def handle(self, *args, action, file, dry_run, username, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        if username:
            user = User.objects.filter(username=username).first()
        else:
            user = User.objects.filter(memberships__role=Membership.Role.HQ_MANAGER).order_by("pk").first()
        if user is None:
            raise CommandError("No HQ user to record the import under; pass --as USERNAME.")
        started = time.monotonic()

        def progress(state, done, total):
            sys.stderr.write(f"\r{state}: {done}" + (f"/{total}" if total else "") + " rows")
            sys.stderr.flush()

        try:
            result = bulk.run_import(path.read_bytes(), by=user, dry_run=dry_run, filename=path.name, progress=progress)
        except ValidationError as error:
            raise CommandError(f"{file}: {' '.join(error.messages)}")
        sys.stderr.write("\n")
        for error in result.errors:
            self.stdout.write(str(error))
        elapsed = time.monotonic() - started
        if result.errors:
            raise CommandError(f"{len(result.errors)} problems in {result.total} rows; nothing was imported.")
        if dry_run:
            self.stdout.write(f"{result.total} rows checked, no problems (dry run, nothing imported).")
        else:
            self.stdout.write(f"Imported {result.organisations} organisations and {result.systems} AI systems "
                              f"in {elapsed:.1f} s ({result.total / max(elapsed, 1e-9):.0f} rows/s).")
