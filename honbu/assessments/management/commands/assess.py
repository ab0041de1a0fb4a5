from honbu.core.passthrough import PassThroughCommand
from honbu.rulebook.cli import assess_main


class Command(PassThroughCommand):
    help = "Assess a profile: honbu assess PROFILE.json|yaml --as-of YYYY-MM-DD --format json|md, or --batch IN.jsonl"
    main = staticmethod(assess_main)
