"""The JSON API at /api/v1 (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

Handlers call the same access gates and transitions as the HTML views. Errors share one body:
{"error": {"status": 404, "code": "not_found", "message": "...", "fields": {"name": ["..."]}}}.
"""

import math

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import AnonRateThrottle, SimpleRateThrottle

from honbu.assessments.api import router as assessments_router
from honbu.core.api import router as core_router
from honbu.core.tokens import user_for_token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        return user_for_token(token)


class Session(SessionAuth):
    """Browser session; CSRF is checked for unsafe methods, as in the HTML views."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


class RateThrottle(SimpleRateThrottle):
    """Rates come from settings.API_THROTTLE_RATES at request time, so operators (and tests) can change them."""

    def get_rate(self) -> str:
        return settings.API_THROTTLE_RATES[self.scope]

    def allow_request(self, request) -> bool:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class AnonThrottle(RateThrottle, AnonRateThrottle):
    """Per client address, for calls that need no login."""


class UserThrottle(RateThrottle):
    """Per user, whether they call with a token or a session (ninja's AuthRateThrottle keys on str(user),
    which is the display name and so shared by namesakes)."""

    scope = "user"

    def get_cache_key(self, request) -> str | None:
        user = getattr(request, "auth", None)
        return None if user is None else self.cache_format % {"scope": self.scope, "ident": user.pk}


api = NinjaAPI(
    title="honbu API",
    version="1",
    description="The API of honbu, the platform for Japan's AI Promotion Act.",
    auth=[TokenAuth(), Session()],
    throttle=[AnonThrottle(), UserThrottle()],
    urls_namespace="api",
)


def error(request, status: int, code: str, message: str, fields: dict | None = None):
    body = {"error": {"status": status, "code": code, "message": message}}
    if fields:
        body["error"]["fields"] = fields
    return api.create_response(request, body, status=status)


@api.exception_handler(Http404)
def not_found(request, exc):
    return error(request, 404, "not_found", _("Not found."))


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return error(request, 403, "forbidden", _("You do not have permission to do this."))


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return error(request, 401, "unauthorized", _("Authentication is required: log in or send a valid API token."))


@api.exception_handler(NinjaValidationError)
def invalid_request(request, exc):
    fields: dict[str, list[str]] = {}
    for item in exc.errors:
        location = [str(part) for part in item.get("loc", ()) if part not in ("body", "payload", "query", "path")]
        fields.setdefault(".".join(location) or "__all__", []).append(item.get("msg", ""))
    return error(request, 422, "invalid", _("Some fields are not valid."), fields)


@api.exception_handler(DjangoValidationError)
def invalid_data(request, exc):
    fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return error(request, 400, "invalid", _("Some fields are not valid."), fields)


@api.exception_handler(Throttled)
def throttled(request, exc):
    # ninja adds the Retry-After header to this response.
    if exc.wait is None:
        return error(request, 429, "too_many_requests", _("Too many requests. Try again later."))
    seconds = max(1, math.ceil(exc.wait))
    message = ngettext("Too many requests. Try again in %(seconds)d second.",
                       "Too many requests. Try again in %(seconds)d seconds.", seconds) % {"seconds": seconds}
    return error(request, 429, "too_many_requests", message)


@api.exception_handler(HttpError)
def http_error(request, exc):
    codes = {400: "bad_request", 403: "forbidden", 409: "conflict", 429: "too_many_requests"}
    return error(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))


api.add_router("/", core_router)
api.add_router("/assessments", assessments_router)
api.add_router("/registry/", "honbu.registry.api.router")
api.add_router("/incidents/", "honbu.incidents.api.router")
