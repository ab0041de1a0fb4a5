from honbu.core import demo as core_demo
from honbu.registry import demo
from honbu.registry.models import AISystem
from honbu.rulebook.profile import validate


def test_demo_systems_load_idempotently_with_valid_profiles(db):
    core_demo.load()
    assert demo.load() == {"systems": 8}
    assert demo.load() == {"systems": 0}
    for system in AISystem.objects.all():
        assert validate(system.latest_profile().data) == []
    assert AISystem.objects.filter(name_en="Kagayaki Foundation Model KG-1").get().latest_profile().data["gpai"]["open_weights"] is True
