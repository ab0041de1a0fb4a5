import copy
from pathlib import Path

import pytest
import yaml

JURISDICTIONS = Path(__file__).resolve().parents[2] / "honbu" / "rulebook" / "jurisdictions"


def base_profile() -> dict:
    return yaml.safe_load((JURISDICTIONS / "base-profile.yaml").read_text(encoding="utf-8"))


def with_answers(facts: dict, *, base: bool = True) -> dict:
    """The base profile with ``facts`` replacing answers section by section."""
    profile = base_profile() if base else {}
    for section, answers in copy.deepcopy(facts).items():
        profile.setdefault(section, {}).update(answers)
    return profile


@pytest.fixture
def base():
    return base_profile()
