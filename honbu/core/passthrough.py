"""Management commands whose arguments belong to a plain function `main(argv, stdout, stderr) -> int`,
so the Django-free packages (rulebook, similarity) keep their own argparse and their own tests."""

import sys

from django.core.management.base import BaseCommand, CommandError


class PassThroughCommand(BaseCommand):
    main = None  # set by subclasses: staticmethod(main)

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*")

    def run_from_argv(self, argv):
        # Everything after the command name goes through unchanged, options included.
        sys.exit(type(self).main(argv[2:], sys.stdout, sys.stderr))

    def handle(self, *args, **options):
        status = type(self).main(list(args), self.stdout, self.stderr)
        if status:
            raise CommandError(f"exited with status {status}", returncode=status)
