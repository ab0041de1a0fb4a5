"""State changes in the registry. Each checks the allowed change, saves, and writes its audit event."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from honbu.core.audit import diff, record, snapshot
from honbu.core.models import Membership, Organisation, User
from honbu.registry.models import AISystem, SystemProfile

ORGANISATION_FIELDS = [
    "kind", "name_ja", "name_en", "name_kana", "corporate_number", "legal_form", "sector", "is_sme", "prefecture",
    "website", "contact_email", "contact_phone", "act_status", "is_ai_developer", "is_ai_provider",
    "is_ai_business_user", "established_in_eu", "has_eu_authorised_representative",
]
SYSTEM_FIELDS = [
    "name_ja", "name_en", "description_ja", "description_en", "intended_purpose", "lifecycle", "is_developer",
    "is_provider", "is_business_user", "market_jp", "market_eu", "market_other", "general_purpose_models", "is_public",
]
SELF_SERVICE_KINDS = {Organisation.Kind.BUSINESS, Organisation.Kind.UNIVERSITY}


def _full_clean(obj) -> None:
    """Model validation with messages in the active language; a taken corporate number is that field's error."""
    errors = {}
    try:
        obj.full_clean(validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if isinstance(obj, Organisation) and obj.corporate_number and "corporate_number" not in errors:
        taken = Organisation.objects.filter(corporate_number=obj.corporate_number).exclude(pk=obj.pk).exists()
        if taken:
            errors.update(_duplicate_corporate_number().message_dict)
    if errors:
        raise ValidationError(errors)


def _duplicate_corporate_number() -> ValidationError:
    return ValidationError({"corporate_number": _("An organisation with this corporate number is already registered.")})


@transaction.atomic
def register_organisation(*, fields: dict, admin_email: str, admin_name: str, password: str) -> tuple[Organisation, User]:
    """Self-service sign-up by a business or university: the organisation waits for HQ verification."""
    if fields.get("kind") not in SELF_SERVICE_KINDS:
        raise ValidationError({"kind": _("Only businesses and universities can register themselves.")})
    email = admin_email.strip().lower()
    if get_user_model().objects.filter(email__iexact=email).exists():
        raise ValidationError({"admin_email": _("Someone with this email address already has an account.")})
    organisation = Organisation(**fields, verification=Organisation.Verification.PENDING)
    _full_clean(organisation)
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        raise _duplicate_corporate_number()
    user = User.objects.create_user(username=email, email=email, password=password, display_name=admin_name)
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.ORG_ADMIN)
    record(user, "organisation.registered", organisation, changes=diff({}, snapshot(organisation, ORGANISATION_FIELDS)))
    record(user, "membership.created", user.memberships.get(), role=Membership.Role.ORG_ADMIN, organisation=organisation.pk)
    return organisation, user


@transaction.atomic
def create_organisation(*, fields: dict, by: User) -> Organisation:
    """HQ records an organisation (a ministry, a public body, …) directly; it is verified at once."""
    organisation = Organisation(**fields, verification=Organisation.Verification.VERIFIED)
    _full_clean(organisation)
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        raise _duplicate_corporate_number()
    record(by, "organisation.created", organisation, changes=diff({}, snapshot(organisation, ORGANISATION_FIELDS)))
    return organisation


@transaction.atomic
def update_organisation(*, organisation: Organisation, by: User, fields: dict) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = snapshot(organisation, ORGANISATION_FIELDS)
    for name, value in fields.items():
        setattr(organisation, name, value)
    _full_clean(organisation)
    changes = diff(before, snapshot(organisation, ORGANISATION_FIELDS))
    if not changes:
        return organisation
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        raise _duplicate_corporate_number()
    record(by, "organisation.changed", organisation, changes=changes)
    return organisation


@transaction.atomic
def verify_organisation(*, organisation: Organisation, by: User, note: str = "") -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.verification == Organisation.Verification.VERIFIED:
        raise ValidationError(_("This organisation is already verified."))
    before = organisation.verification
    organisation.verification, organisation.verification_note = Organisation.Verification.VERIFIED, note
    organisation.save(update_fields=["verification", "verification_note", "search_text", "updated_at"])
    record(by, "organisation.verified", organisation, changes={"verification": [before, organisation.verification]},
           note=note)
    return organisation


@transaction.atomic
def reject_organisation(*, organisation: Organisation, by: User, reason: str) -> Organisation:
    if not reason.strip():
        raise ValidationError({"reason": _("Please give the reason, so the organisation knows what to correct.")})
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.verification == Organisation.Verification.REJECTED:
        raise ValidationError(_("This organisation has already been turned down."))
    before = organisation.verification
    organisation.verification, organisation.verification_note = Organisation.Verification.REJECTED, reason.strip()
    organisation.save(update_fields=["verification", "verification_note", "search_text", "updated_at"])
    record(by, "organisation.rejected", organisation, changes={"verification": [before, organisation.verification]},
           reason=reason.strip())
    return organisation


@transaction.atomic
def create_system(*, organisation: Organisation, by: User, fields: dict) -> AISystem:
    system = AISystem(organisation=organisation, **fields)
    _full_clean(system)
    system.save()
    record(by, "ai_system.created", system, changes=diff({}, snapshot(system, SYSTEM_FIELDS)),
           organisation=organisation.pk)
    return system


@transaction.atomic
def update_system(*, system: AISystem, by: User, fields: dict) -> AISystem:
    system = AISystem.objects.select_for_update().get(pk=system.pk)
    before = snapshot(system, SYSTEM_FIELDS)
    for name, value in fields.items():
        setattr(system, name, value)
    _full_clean(system)
    changes = diff(before, snapshot(system, SYSTEM_FIELDS))
    if changes:
        system.save()
        record(by, "ai_system.changed", system, changes=changes)
    return system


@transaction.atomic
def save_profile(*, system: AISystem, by: User, data: dict, schema_id: str, submit: bool = False,
                 source: str = "questionnaire") -> SystemProfile:
    """Add a profile version. Submitting requires answers the schema accepts (checked by the caller's validator)."""
    system = AISystem.objects.select_for_update().get(pk=system.pk)
    latest = system.profiles.order_by("-version").first()
    profile = SystemProfile.objects.create(
        system=system, version=(latest.version + 1) if latest else 1, schema_id=schema_id, data=data, created_by=by,
        status=SystemProfile.Status.SUBMITTED if submit else SystemProfile.Status.DRAFT,
    )
    changed = sorted(k for k in {*data, *(latest.data if latest else {})}
                     if (latest.data if latest else {}).get(k) != data.get(k))
    record(by, "system_profile.submitted" if submit else "system_profile.saved", profile,
           system=system.pk, version=profile.version, source=source, sections_changed=changed)
    if submit:
        # A submitted profile is assessed at once (≈0.1 ms), so the system's page and HQ's inventory are current.
        from honbu.assessments.transitions import assess_system

        assess_system(system=system, by=by, trigger="profile_submitted")
    return profile
