"""Assess every demo system with a submitted profile, so the inventory and system pages have something to show."""

from honbu.assessments.transitions import assess_system
from honbu.registry.models import AISystem, SystemProfile


def load() -> None:
    systems = AISystem.objects.filter(profiles__status=SystemProfile.Status.SUBMITTED).distinct()
    for system in systems:
        assess_system(system=system, trigger="profile_submitted")
