"""Login throttling against password guessing, kept in Django's cache.

Failures are counted per user name and per client address over a sliding window
(settings.DTBD_LOGIN_WINDOW). When either count reaches its limit (DTBD_LOGIN_MAX_FAILURES,
DTBD_LOGIN_MAX_FAILURES_PER_ADDRESS) that name or address is locked for DTBD_LOGIN_LOCKOUT
seconds: every attempt is refused before the password is even checked, so a lucky guess during
the lock tells the guesser nothing. A successful login clears the name's count (not the
address's: one office behind one address must not unlock a guesser beside it).

Times are stored in the values and compared with `_now()`; the cache's own timeouts only clear
old entries away. Every web process must see the same counts, so a deployment with several
processes needs a shared cache (the default file cache is shared by the processes of one
machine).
"""

import contextlib
import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

PREFIX = "dtbd:login:"
SLACK = 60  # seconds the cache keeps an entry beyond its use, so clocks never race it


def _now() -> float:
    return time.time()


@dataclass(frozen=True)
class Lock:
    """A refusal: which count is locked ("username" or "address") and for how long."""

    reason: str
    seconds: float

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))


def _limits() -> dict[str, int]:
    return {
        "username": settings.DTBD_LOGIN_MAX_FAILURES,
        "address": settings.DTBD_LOGIN_MAX_FAILURES_PER_ADDRESS,
    }


def _keys(username: str, address: str) -> dict[str, str]:
    """A digest per counted thing, so any user name makes a valid cache key."""
    return {
        "username": hashlib.sha256(username.strip().casefold().encode()).hexdigest(),
        "address": hashlib.sha256(address.encode()).hexdigest(),
    }


def locked(username: str, address: str) -> Lock | None:
    """The longest lock now holding for this name or address, or None."""
    now = _now()
    found = None
    for reason, digest in _keys(username, address).items():
        until = cache.get(f"{PREFIX}lock:{reason}:{digest}")
        if until is not None and until > now and (found is None or until - now > found.seconds):
            found = Lock(reason, until - now)
    return found


def failed(username: str, address: str) -> Lock | None:
    """Count one failure; returns the lock it imposed, if it reached a limit."""
    now = _now()
    window = settings.DTBD_LOGIN_WINDOW
    lockout = settings.DTBD_LOGIN_LOCKOUT
    limits = _limits()
    imposed = None
    for reason, digest in _keys(username, address).items():
        key = f"{PREFIX}failures:{reason}:{digest}"
        times = [t for t in cache.get(key, []) if t > now - window]
        times.append(now)
        if len(times) >= limits[reason]:
            cache.set(f"{PREFIX}lock:{reason}:{digest}", now + lockout, lockout + SLACK)
            cache.delete(key)
            imposed = imposed or Lock(reason, lockout)
        else:
            cache.set(key, times, window + SLACK)
    return imposed


def succeeded(username: str) -> None:
    digest = _keys(username, "")["username"]
    cache.delete(f"{PREFIX}failures:username:{digest}")


def first_refusal(lock_reason: str, username: str, address: str) -> bool:
    """True at most once a minute per locked name or address: when to write the refusal to
    the audit log, so a guessing script cannot flood it."""
    digest = _keys(username, address)[lock_reason]
    return cache.add(f"{PREFIX}refused:{lock_reason}:{digest}", True, 60)


def client_address(request: HttpRequest) -> str:
    """The client's IP address. Behind DTBD_PROXY_COUNT trusted reverse proxies it is the
    entry the outermost of them appended to X-Forwarded-For (earlier entries are whatever
    the client claimed, so they are never trusted)."""
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = settings.DTBD_PROXY_COUNT
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= proxies:
            with contextlib.suppress(ValueError):
                address = str(ipaddress.ip_address(forwarded[-proxies]))
    return address
