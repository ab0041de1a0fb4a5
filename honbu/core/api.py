"""/api/v1: who am I, organisations, personal tokens."""

from datetime import datetime

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from honbu.core.gates import get_api_token_for_user, get_organisation_for_user, visible_organisations
from honbu.core.tokens import issue_token, revoke_token

router = Router(tags=["people and organisations"])


class MeOut(Schema):
    username: str
    display_name: str
    role: str | None
    organisation_id: int | None


class OrganisationOut(Schema):
    id: int
    kind: str
    name_ja: str
    name_en: str
    corporate_number: str
    act_status: str
    verification: str


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    created_at: datetime
    last_used_at: datetime | None
    revoked: bool


class TokenCreated(TokenOut):
    token: str


@router.get("/me", response=MeOut)
def me(request):
    user = request.auth
    return {
        "username": user.username,
        "display_name": str(user),
        "role": user.role,
        "organisation_id": user.organisation.pk if user.organisation else None,
    }


@router.get("/organisations", response=list[OrganisationOut])
@paginate
def list_organisations(request):
    return visible_organisations(request.auth).order_by("pk")


@router.get("/organisations/{int:pk}", response=OrganisationOut)
def get_organisation(request, pk: int):
    return get_organisation_for_user(request.auth, pk)


@router.get("/tokens", response=list[TokenOut])
def list_tokens(request):
    return list(request.auth.api_tokens.all())


@router.post("/tokens", response={201: TokenCreated})
def create_token(request, payload: TokenIn):
    token, secret = issue_token(user=request.auth, name=payload.name)
    token.token = secret
    return Status(201, token)


@router.delete("/tokens/{int:pk}", response=TokenOut)
def delete_token(request, pk: int):
    token = get_api_token_for_user(request.auth, pk)
    return revoke_token(token=token, by=request.auth)
