"""The client's address behind zero or more trusted proxies, shared by every rate limit and login throttling."""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """The address to count a request against.

    Behind `BEHIND_PROXY`, REMOTE_ADDR is the proxy's, and each trusted proxy appends the address it received the
    request from to X-Forwarded-For. With N trusted proxies (`NINJA_NUM_PROXIES`, the same setting the API's
    throttling reads) the client is the N-th entry from the right: anything further left was written by the client
    and is never trusted. Without a proxy the header is ignored entirely, so nobody can pick their own key.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = getattr(settings, "NINJA_NUM_PROXIES", 0) or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    candidate = hops[-min(proxies, len(hops))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # a proxy that wrote garbage: count against the proxy rather than a made-up key
        return remote


def login_client_ip(request) -> str | None:
    """For django-axes, which stores the address in an IP field: None when there is no valid address."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
