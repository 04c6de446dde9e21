"""Login rate limiting: after N failed logins for one username from one address, refuse for a while.

Failures are counted per (username, client address) in the ``shared`` cache (a
database table every app process sees; no Redis needed), in a fixed window that
starts at the first failure: ``THIDUA_LOGIN_FAILURES`` failures (default 5) within
``THIDUA_LOGIN_WINDOW`` seconds (default 900) lock that pair until the window
ends. While locked, the password is not even checked, so guessing stops. A
successful login clears the pair's count; an administrator's password reset
clears the username's counts from every address (by moving the username to a
new generation of keys).

Counting is read-then-write, so two simultaneous failures may count once; the
limit is a brake on guessing, not an exact quota.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.http import HttpRequest

CACHE_ALIAS = "shared"


@dataclass(frozen=True)
class Lock:
    failures: int
    retry_after: int  # seconds


def _now() -> float:
    """Seconds since the epoch (a function so tests can move the clock without moving the cache's)."""
    return time.time()


def _cache() -> BaseCache:
    alias = CACHE_ALIAS if CACHE_ALIAS in settings.CACHES else "default"
    return caches[alias]


def _limit() -> int:
    return int(getattr(settings, "LOGIN_FAILURE_LIMIT", 5))


def _window() -> int:
    return int(getattr(settings, "LOGIN_FAILURE_WINDOW", 900))


def client_address(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or the header a trusted proxy sets when configured
    (``THIDUA_CLIENT_IP_HEADER``, e.g. ``HTTP_X_REAL_IP``)."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header:
        value = request.META.get(header, "")
        if value:
            return str(value).split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def _user_part(username: str) -> str:
    return hashlib.sha256(username.strip().lower().encode("utf-8")).hexdigest()[:32]


def _key(username: str, address: str) -> str:
    user = _user_part(username)
    generation = _cache().get(f"login-gen:{user}", 0)
    addr = hashlib.sha256(address.encode("utf-8")).hexdigest()[:16]
    return f"login-fail:{user}:{generation}:{addr}"


def locked(username: str, address: str) -> Lock | None:
    """The lock on this pair, or None when it may try to log in."""
    entry = _cache().get(_key(username, address))
    if not entry:
        return None
    failures, started = entry
    remaining = int(started + _window() - _now())
    if failures >= _limit() and remaining > 0:
        return Lock(failures, remaining)
    return None


def failed(username: str, address: str) -> None:
    """Count one failed login."""
    key = _key(username, address)
    now = _now()
    entry = _cache().get(key)
    failures, started = entry if entry else (0, now)
    remaining = started + _window() - now
    if remaining <= 0:
        failures, started, remaining = 0, now, _window()
    _cache().set(key, (failures + 1, started), timeout=max(1, int(remaining) + 1))


def succeeded(username: str, address: str) -> None:
    _cache().delete(_key(username, address))


def clear_user(username: str) -> None:
    """Forget every failure counted for ``username`` (from any address)."""
    cache = _cache()
    user = _user_part(username)
    generation = cache.get(f"login-gen:{user}", 0)
    cache.set(f"login-gen:{user}", generation + 1, timeout=None)
