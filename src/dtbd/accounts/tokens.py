"""API tokens: issue, revoke and check. The token itself is never stored, only its SHA-256.

A token is random (256 bits), so a plain hash is enough: there is nothing to brute-force
that a slow password hash would protect.
"""

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from dtbd.audit.services import audit_record
from dtbd.core.errors import NotFound, ValidationFailed

from .models import ApiToken

TOKEN_PREFIX = "dtbd_"
PREFIX_LENGTH = 12  # "dtbd_" and seven random characters
# A read updates last_used_at at most this often, so reads do not queue behind SQLite's
# single writer; the time shown is exact to within this interval.
TOUCH_INTERVAL = dt.timedelta(seconds=60)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor: Any, user: Any, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`; returns the record and the token, which cannot be shown again."""
    if not user.is_active:
        raise ValidationFailed(f"user '{user.get_username()}' is not active", field="user")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user, name=name.strip(), token_hash=token_hash(token), prefix=token[:PREFIX_LENGTH]
    )
    audit_record(
        actor=actor,
        event="token.created",
        subject_type="user",
        subject_key=user.get_username(),
        data={"prefix": record.prefix, "name": record.name},
    )
    return record, token


@transaction.atomic
def token_revoke(*, actor: Any, user: Any, prefix: str | None = None) -> int:
    """Revoke the user's live tokens starting with `prefix` (all of them when None)."""
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if prefix is not None:
        if not prefix.strip():
            raise ValidationFailed("give the token's prefix", field="prefix")
        tokens = tokens.filter(prefix__startswith=prefix.strip())
    prefixes = list(tokens.values_list("prefix", flat=True))
    if not prefixes and prefix is not None:
        raise NotFound(f"user '{user.get_username()}' has no live token matching that")
    if not prefixes:
        return 0
    tokens.update(revoked_at=timezone.now())
    audit_record(
        actor=actor,
        event="token.revoked",
        subject_type="user",
        subject_key=user.get_username(),
        data={"prefixes": prefixes},
    )
    return len(prefixes)


def token_user(token: str) -> Any | None:
    """The active user a live token belongs to, or None; notes when the token was used."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    record = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .first()
    )
    if record is None or not record.user.is_active:
        return None
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at >= TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user


def tokens_of(*, user: Any) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("created_at"))
