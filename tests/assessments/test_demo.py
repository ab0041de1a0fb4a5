from honbu.assessments import demo
from honbu.assessments.models import Assessment
from honbu.core import demo as core_demo
from honbu.registry import demo as registry_demo


def test_demo_systems_are_assessed_once(db):
    core_demo.load()
    registry_demo.load()
    demo.load()
    demo.load()
    tiers = sorted(Assessment.objects.current().values_list("eu_tier", flat=True))
    assert len(tiers) == 8
    assert Assessment.objects.count() == 8
    # 北斗's chest-CT software is an Annex I medical device; さくら's chatbot talks to people in the EU.
    assert {"high", "limited", "out_of_scope"} <= set(tiers)
