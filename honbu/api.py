"""The JSON API at /api/v1 (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

Handlers call the same access gates and transitions as the HTML views. Errors share one body:
{"error": {"status": 404, "code": "not_found", "message": "...", "fields": {"name": ["..."]}}}.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

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


api = NinjaAPI(
    title="honbu API",
    version="1",
    description="The API of honbu, the platform for Japan's AI Promotion Act.",
    auth=[TokenAuth(), Session()],
    throttle=[AnonRateThrottle("60/m"), AuthRateThrottle("600/m")],
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


@api.exception_handler(HttpError)
def http_error(request, exc):
    codes = {400: "bad_request", 403: "forbidden", 409: "conflict", 429: "too_many_requests"}
    response = error(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))
    return response


api.add_router("/", core_router)
api.add_router("/incidents/", "honbu.incidents.api.router")
