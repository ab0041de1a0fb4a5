import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def aiid_sample() -> list[dict]:
    """Reports of seven AIID incidents (Tesla pileup, Uber fatality, BlenderBot, deepfake ads, ...)."""
    with open(FIXTURES / "aiid-sample.jsonl", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@pytest.fixture(scope="session")
def incident_of(aiid_sample) -> dict[str, int]:
    return {r["id"]: r["incident_id"] for r in aiid_sample}
