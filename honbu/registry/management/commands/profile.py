from honbu.core.passthrough import PassThroughCommand
from honbu.rulebook.cli import profile_main


class Command(PassThroughCommand):
    help = "The AI system profile: `honbu profile schema` prints the JSON Schema; `honbu profile validate FILE` checks a file."
    main = staticmethod(profile_main)
