"""Access gates for AI systems and their profiles: 404 when missing or invisible, 403 when read-only."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from honbu.core.gates import scoped_to_user
from honbu.core.models import Membership, Organisation, User
from honbu.registry.models import AISystem


def visible_systems(user: User):
    return scoped_to_user(AISystem.objects.select_related("organisation"), user, organisation_field="organisation")


def can_edit_systems_of(user: User, organisation: Organisation) -> bool:
    """HQ edits every record; members of an organisation edit their own organisation's systems."""
    if user.is_hq:
        return True
    return user.role in (Membership.Role.ORG_ADMIN, Membership.Role.ORG_MEMBER) and user.organisation == organisation


def get_system_for_user(user: User, pk, *, write: bool = False) -> AISystem:
    try:
        system = visible_systems(user).get(pk=pk)
    except (AISystem.DoesNotExist, ValueError, TypeError):
        raise Http404
    if write and not can_edit_systems_of(user, system.organisation):
        raise PermissionDenied
    return system


def get_public_system(pk) -> AISystem:
    try:
        return AISystem.objects.public().select_related("organisation").get(pk=pk)
    except (AISystem.DoesNotExist, ValueError, TypeError):
        raise Http404


def can_verify(user: User) -> bool:
    return user.is_hq


def can_see_history(user: User, organisation: Organisation) -> bool:
    """HQ and the organisation itself see who changed what; liaisons do not."""
    return user.is_hq or user.organisation == organisation
