import sys

from django.core.management.base import BaseCommand, CommandError

from honbu.rulebook.cli import profile_main


class Command(BaseCommand):
    help = "The AI system profile: `honbu profile schema` prints the JSON Schema; `honbu profile validate FILE` checks a file."

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*")

    def run_from_argv(self, argv):
        # The rulebook owns the argument parsing; pass everything after `profile` through unchanged.
        code = profile_main(argv[2:], self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout, sys.stderr)
        sys.exit(code)

    def handle(self, *args, **options):
        code = profile_main(list(args), self.stdout, self.stderr)
        if code:
            raise CommandError(f"honbu profile exited with status {code}", returncode=code)
