"""/api/v1/registry: organisations, AI systems and profiles, behind the same gates and transitions as the pages."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from honbu.core.gates import get_organisation_for_user, visible_organisations
from honbu.registry import questionnaire, transitions
from honbu.registry.gates import can_edit_systems_of, get_system_for_user, visible_systems
from honbu.registry.queries import filter_organisations, filter_systems

router = Router(tags=["registry"])


class Filters(Schema):
    q: str = ""
    sector: str = ""
    role: str = ""
    act_status: str = ""


class SystemFilters(Filters):
    market: str = ""
    lifecycle: str = ""
    organisation: int | None = None


class OrganisationOut(Schema):
    id: int
    kind: str
    name_ja: str
    name_en: str
    name_kana: str
    corporate_number: str
    legal_form: str
    sector: str
    is_sme: bool
    prefecture: str
    website: str
    act_status: str
    is_ai_developer: bool
    is_ai_provider: bool
    is_ai_business_user: bool
    established_in_eu: bool
    has_eu_authorised_representative: bool
    verification: str


class OrganisationIn(Schema):
    kind: str = "business"
    name_ja: str = Field(..., min_length=1, max_length=200)
    name_en: str = ""
    name_kana: str = ""
    corporate_number: str = ""
    legal_form: str = ""
    sector: str = ""
    is_sme: bool = False
    prefecture: str = ""
    website: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    act_status: str = ""
    is_ai_developer: bool = False
    is_ai_provider: bool = False
    is_ai_business_user: bool = False
    established_in_eu: bool = False
    has_eu_authorised_representative: bool = False


class OrganisationPatch(Schema):
    name_ja: str | None = None
    name_en: str | None = None
    name_kana: str | None = None
    corporate_number: str | None = None
    legal_form: str | None = None
    sector: str | None = None
    is_sme: bool | None = None
    prefecture: str | None = None
    website: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    act_status: str | None = None
    is_ai_developer: bool | None = None
    is_ai_provider: bool | None = None
    is_ai_business_user: bool | None = None
    established_in_eu: bool | None = None
    has_eu_authorised_representative: bool | None = None


class ModelRef(Schema):
    name: str = Field(..., min_length=1)
    provider: str = ""
    own: bool = False


class SystemOut(Schema):
    id: int
    organisation_id: int
    name_ja: str
    name_en: str
    description_ja: str
    description_en: str
    intended_purpose: str
    lifecycle: str
    is_developer: bool
    is_provider: bool
    is_business_user: bool
    markets: list[str]
    general_purpose_models: list[ModelRef]
    is_public: bool


class SystemIn(Schema):
    organisation_id: int | None = None
    name_ja: str = Field(..., min_length=1, max_length=200)
    name_en: str = ""
    description_ja: str = ""
    description_en: str = ""
    intended_purpose: str = ""
    lifecycle: str = "planned"
    is_developer: bool = False
    is_provider: bool = False
    is_business_user: bool = False
    market_jp: bool = True
    market_eu: bool = False
    market_other: bool = False
    general_purpose_models: list[ModelRef] = []
    is_public: bool = False


class SystemPatch(Schema):
    name_ja: str | None = None
    name_en: str | None = None
    description_ja: str | None = None
    description_en: str | None = None
    intended_purpose: str | None = None
    lifecycle: str | None = None
    is_developer: bool | None = None
    is_provider: bool | None = None
    is_business_user: bool | None = None
    market_jp: bool | None = None
    market_eu: bool | None = None
    market_other: bool | None = None
    general_purpose_models: list[ModelRef] | None = None
    is_public: bool | None = None


class ProfileOut(Schema):
    version: int
    schema_id: str
    status: str
    data: dict
    created_at: datetime


class ProfileIn(Schema):
    data: dict
    submit: bool = False


@router.get("/organisations", response=list[OrganisationOut])
@paginate
def list_organisations(request, filters: Query[Filters]):
    return filter_organisations(visible_organisations(request.auth).order_by("-id"), **filters.dict())


@router.post("/organisations", response={201: OrganisationOut})
def create_organisation(request, payload: OrganisationIn):
    if not request.auth.is_hq:
        raise PermissionDenied
    return Status(201, transitions.create_organisation(fields=payload.dict(), by=request.auth))


@router.get("/organisations/{int:pk}", response=OrganisationOut)
def get_organisation(request, pk: int):
    return get_organisation_for_user(request.auth, pk)


@router.patch("/organisations/{int:pk}", response=OrganisationOut)
def update_organisation(request, pk: int, payload: OrganisationPatch):
    organisation = get_organisation_for_user(request.auth, pk, write=True)
    fields = payload.dict(exclude_none=True)
    return transitions.update_organisation(organisation=organisation, by=request.auth, fields=fields)


@router.get("/systems", response=list[SystemOut])
@paginate
def list_systems(request, filters: Query[SystemFilters]):
    return filter_systems(visible_systems(request.auth).order_by("-id"), **filters.dict())


@router.post("/systems", response={201: SystemOut})
def create_system(request, payload: SystemIn):
    fields = payload.dict()
    organisation_id = fields.pop("organisation_id") or (request.auth.organisation.pk if request.auth.organisation else None)
    if organisation_id is None:
        raise ValidationError({"organisation_id": [_("Choose the organisation the system belongs to.")]})
    organisation = get_organisation_for_user(request.auth, organisation_id)
    if not can_edit_systems_of(request.auth, organisation):
        raise PermissionDenied
    return Status(201, transitions.create_system(organisation=organisation, by=request.auth, fields=fields))


@router.get("/systems/{int:pk}", response=SystemOut)
def get_system(request, pk: int):
    return get_system_for_user(request.auth, pk)


@router.patch("/systems/{int:pk}", response=SystemOut)
def update_system(request, pk: int, payload: SystemPatch):
    system = get_system_for_user(request.auth, pk, write=True)
    return transitions.update_system(system=system, by=request.auth, fields=payload.dict(exclude_none=True))


@router.get("/systems/{int:pk}/profiles", response=list[ProfileOut])
def list_profiles(request, pk: int):
    return list(get_system_for_user(request.auth, pk).profiles.order_by("-version"))


@router.get("/systems/{int:pk}/profiles/{int:version}", response=ProfileOut)
def get_profile(request, pk: int, version: int):
    profile = get_system_for_user(request.auth, pk).profiles.filter(version=version).first()
    if profile is None:
        raise Http404
    return profile


@router.post("/systems/{int:pk}/profiles", response={201: ProfileOut})
def create_profile(request, pk: int, payload: ProfileIn):
    """Add a profile version. Drafts are checked against the schema too; nothing is saved when a field is bad."""
    system = get_system_for_user(request.auth, pk, write=True)
    errors = questionnaire.validate(payload.data)
    if errors:
        raise ValidationError({path: [message] for path, message in questionnaire.errors_by_path(errors).items()})
    profile = transitions.save_profile(system=system, by=request.auth, data=payload.data,
                                       schema_id=questionnaire.SCHEMA_ID, submit=payload.submit, source="api")
    return Status(201, profile)
