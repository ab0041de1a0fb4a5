"""State changes to people and memberships. Each checks the allowed change, saves, and audits."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from honbu.core.audit import record
from honbu.core.mail import send_invitation
from honbu.core.models import Membership, Organisation, User

ORG_ROLES = {Membership.Role.ORG_ADMIN, Membership.Role.ORG_MEMBER}
GOVERNMENT_ROLES = {Membership.Role.HQ_MANAGER, Membership.Role.HQ_ANALYST, Membership.Role.MINISTRY_LIAISON}


def allowed_roles(organisation: Organisation) -> set[str]:
    if organisation.kind == Organisation.Kind.HQ_SECRETARIAT:
        return {Membership.Role.HQ_MANAGER, Membership.Role.HQ_ANALYST}
    if organisation.kind == Organisation.Kind.MINISTRY:
        return {Membership.Role.MINISTRY_LIAISON}
    return ORG_ROLES


@transaction.atomic
def invite_member(*, organisation: Organisation, by: User, email: str, name: str, role: str, language: str = "",
                  request=None) -> Membership:
    if role not in allowed_roles(organisation):
        raise ValidationError({"role": _("This role is not available in this organisation.")})
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Someone with this email address already has an account.")})
    user = User.objects.create_user(username=email, email=email, display_name=name, preferred_language=language)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    record(by, "membership.invited", membership, email=email, role=role, organisation=organisation.pk)
    transaction.on_commit(lambda: send_invitation(user, organisation, request))
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by: User) -> None:
    if membership.user_id == by.pk:
        raise ValidationError(_("You cannot remove yourself."))
    user = membership.user
    record(by, "membership.removed", membership, user=user.username, role=membership.role)
    membership.delete()
    user.is_active = False
    user.save(update_fields=["is_active"])
    record(by, "user.deactivated", user, changes={"is_active": [True, False]})


@transaction.atomic
def set_preferred_language(*, user: User, language: str) -> User:
    """The language honbu writes emails to this person in."""
    before = user.preferred_language
    if language != before:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        record(user, "user.updated", user, changes={"preferred_language": [before, language]})
    return user
