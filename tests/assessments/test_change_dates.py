"""Re-assessment reuses a saved result when no encoded law changes between its date and the new one. That is
only sound if `assess` really decides the same on every day between two change dates: checked here on every
YAML case of both jurisdictions, at the first and last day of every interval."""

from datetime import timedelta
from pathlib import Path

import pytest
import yaml

import honbu.rulebook as rulebook
from honbu.assessments.compare import compact
from tests.rulebook.conftest import JURISDICTIONS, with_answers

START, END = (max(s for s, _ in rulebook.coverage().values()), min(e for _, e in rulebook.coverage().values()))
BOUNDS = sorted({START, *[d for d in rulebook.change_dates() if START < d <= END], END + timedelta(days=1)})
INTERVALS = list(zip(BOUNDS, BOUNDS[1:]))


def profiles():
    for path in sorted(Path(JURISDICTIONS).glob("*/cases/*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            yield pytest.param(with_answers(case["facts"], base=case.get("base", True)), id=case["name"])


@pytest.mark.parametrize("profile", list(profiles()))
def test_assessment_is_constant_between_change_dates(profile):
    for first, following in INTERVALS:
        last = following - timedelta(days=1)
        assert compact(rulebook.assess(profile, as_of=first)) == compact(rulebook.assess(profile, as_of=last)), (first, last)
