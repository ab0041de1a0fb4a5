"""Issuing, checking and revoking personal API tokens."""

import secrets

from django.db import transaction
from django.utils import timezone

from honbu.core.audit import record
from honbu.core.models import ApiToken, User


@transaction.atomic
def issue_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the stored token and the secret, which is never stored and cannot be shown again."""
    secret = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, digest=ApiToken.digest_of(secret), hint=secret[:9])
    record(user, "api_token.issued", token, name=name)
    return token, secret


@transaction.atomic
def revoke_token(*, token: ApiToken, by: User) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(by, "api_token.revoked", token, changes={"revoked_at": [None, token.revoked_at.isoformat()]})
    return token


def user_for_token(secret: str) -> User | None:
    if not secret.startswith(ApiToken.PREFIX):
        return None
    token = ApiToken.objects.active().select_related("user").filter(digest=ApiToken.digest_of(secret)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        # Touch at most once a minute so busy clients don't write on every request.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
