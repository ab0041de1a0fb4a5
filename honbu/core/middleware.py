import uuid

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired

from honbu.core.audit import current_request_id


class RequestIdMiddleware:
    """Tags each request with an id (or the proxy's X-Request-ID) that audit events carry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        token = current_request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request.id
        return response


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Login is required by default; the JSON API answers 401 itself instead of redirecting."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
