"""Creating, revoking and checking API tokens; creation and revocation go to the audit log."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from thidua.scoring.text import Msg
from thidua.web.api.models import ApiToken
from thidua.web.audit.services import record
from thidua.web.errors import BadInput

PREFIX = "thd_"
# last_used is a convenience for owners, not an access log: one write a minute per token is enough.
TOUCH_EVERY = dt.timedelta(minutes=1)


def digest(token: str) -> str:
    """The SHA-256 (hex) that is stored in place of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(actor: Any, *, user: Any, label: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the stored row and the plain token (never stored)."""
    label = label.strip()
    if not label:
        raise BadInput(Msg("Mã truy cập cần có nhãn", "A token needs a label"))
    plain = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, label=label[:100], token_hash=digest(plain), prefix=plain[:12]
        )
        record(
            actor,
            "api_token.create",
            object_type="api_token",
            object_id=str(token.pk),
            after={"user": user.get_username(), "label": token.label, "prefix": token.prefix},
        )
    return token, plain


def revoke_token(actor: Any, token: ApiToken) -> ApiToken:
    """Revoke ``token`` (idempotent: an already revoked token keeps its first revocation time)."""
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked is None:
            locked.revoked = timezone.now()
            locked.save(update_fields=["revoked"])
            record(
                actor,
                "api_token.revoke",
                object_type="api_token",
                object_id=str(locked.pk),
                before={"revoked": None},
                after={"revoked": locked.revoked},
            )
    return locked


def user_for(plain: str) -> Any | None:
    """The active user a valid, unrevoked token stands for; None for anything else."""
    if not plain.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=digest(plain), revoked__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user


def find_user(username: str) -> Any | None:
    return get_user_model().objects.filter(username=username).first()
