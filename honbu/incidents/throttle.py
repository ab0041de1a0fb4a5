"""A fixed-window counter per client address in the Django cache (works with LocMem and Redis alike)."""

import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import cache


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


def hit(scope: str, request, *, limit: int, window: int) -> int | None:
    """Count one request; None when allowed, else the seconds until the window ends (for Retry-After)."""
    now = time.time()
    window_start = int(now // window * window)
    key = f"incidents:throttle:{scope}:{client_address(request)}:{window_start}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        return max(1, math.ceil(window_start + window - now))
    return None
