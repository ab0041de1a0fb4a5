"""`honbu incidents dedup IN.jsonl`, `honbu incidents rank IN.jsonl --k 5`, `honbu incidents import FILE --by USER`."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from honbu.core.models import User
from honbu.similarity import cli


class Command(BaseCommand):
    help = "AI harm reports: dedup and rank JSONL files with the similarity engine, or import reports (JSONL/CSV)."

    def run_from_argv(self, argv):
        # dedup and rank own their arguments (the engine's CLI); hand them over untouched.
        if len(argv) > 2 and argv[2] in ("dedup", "rank"):
            main = cli.dedup_main if argv[2] == "dedup" else cli.rank_main
            sys.exit(main(argv[3:], sys.stdout, sys.stderr))
        super().run_from_argv(argv)

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["dedup", "rank", "import"])
        parser.add_argument("rest", nargs="*")
        parser.add_argument("--by", help="username of the HQ member importing (import)")
        parser.add_argument("--k", type=int, default=5)

    def handle(self, action, rest, by=None, k=5, **options):
        if action in ("dedup", "rank"):
            argv = [*rest, "--k", str(k)] if action == "rank" else list(rest)
            main = cli.dedup_main if action == "dedup" else cli.rank_main
            code = main(argv, self.stdout, self.stderr)
            if code:
                raise CommandError(f"{action} failed", returncode=code)
            return
        from honbu.incidents.importer import ImportError_, import_reports

        if len(rest) != 1:
            raise CommandError("give one file: honbu incidents import FILE.jsonl|FILE.csv --by USERNAME")
        user = User.objects.filter(username=by, is_active=True).first() if by else None
        if user is None or not user.is_hq:
            raise CommandError("--by must name an active HQ manager or analyst")
        try:
            reports = import_reports(Path(rest[0]), by=user)
        except (OSError, UnicodeDecodeError, ImportError_) as error:
            raise CommandError(f"{rest[0]}: {error} (nothing was imported)")
        self.stdout.write(f"Imported {len(reports)} reports.")
