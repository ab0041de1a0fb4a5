from honbu.core.passthrough import PassThroughCommand
from honbu.rulebook.cli import profile_main


class Command(PassThroughCommand):
    help = "The system profile: honbu profile schema | honbu profile validate FILE"
    main = staticmethod(profile_main)
