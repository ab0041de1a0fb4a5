"""Access gates: one function per protected object. 404 when missing or invisible, 403 when read-only."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from honbu.core.models import ApiToken, Membership, Organisation, User


def scoped_to_user(queryset, user: User, *, organisation_field: str):
    """The rows a user may see: everything for HQ and liaisons, their own organisation's rows otherwise."""
    if user.sees_everything:
        return queryset
    if user.organisation is None:
        return queryset.none()
    return queryset.filter(**{organisation_field: user.organisation.pk})


def visible_organisations(user: User):
    return scoped_to_user(Organisation.objects.all(), user, organisation_field="pk")


def can_edit_organisation(user: User, organisation: Organisation) -> bool:
    if user.is_hq:
        return True
    return user.role == Membership.Role.ORG_ADMIN and user.organisation == organisation


def get_organisation_for_user(user: User, pk, *, write: bool = False) -> Organisation:
    try:
        organisation = visible_organisations(user).get(pk=pk)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise Http404
    if write and not can_edit_organisation(user, organisation):
        raise PermissionDenied
    return organisation


def can_manage_members(user: User, organisation: Organisation) -> bool:
    """Organisation admins manage their own organisation's members only; HQ managers manage HQ and ministries."""
    if user.role == Membership.Role.ORG_ADMIN and user.organisation == organisation:
        return True
    return user.is_hq_manager and organisation.is_government


def get_membership_for_user(user: User, pk) -> Membership:
    try:
        membership = Membership.objects.select_related("user", "organisation").get(pk=pk)
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404
    if membership.organisation not in visible_organisations(user):
        raise Http404
    if not can_manage_members(user, membership.organisation):
        raise PermissionDenied
    return membership


def get_api_token_for_user(user: User, pk) -> ApiToken:
    """People see and revoke only their own tokens."""
    try:
        return ApiToken.objects.get(pk=pk, user=user)
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise Http404
