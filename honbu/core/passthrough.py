"""Management commands whose arguments belong to a plain function `main(argv, stdout, stderr) -> int`,
so the Django-free packages (rulebook, similarity) keep their own argparse and their own tests."""

import sys

from django.core.management.base import BaseCommand


class PassThroughCommand(BaseCommand):
    main = None  # set by subclasses: staticmethod(main)

    def run_from_argv(self, argv):
        status = type(self).main(argv[2:], sys.stdout, sys.stderr)
        sys.exit(status)

    def handle(self, *args, **options):  # pragma: no cover - call_command isn't used for these
        raise NotImplementedError("Run this command from the shell: honbu " + self.__module__.rsplit(".", 1)[-1])
