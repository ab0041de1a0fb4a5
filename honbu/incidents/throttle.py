"""A fixed-window counter per client address in the Django cache (works with LocMem and Redis alike)."""

import math
import time

from django.core.cache import cache

from honbu.core.clientip import client_address


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
