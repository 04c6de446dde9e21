"""Writing and verifying the audit chain."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from thidua.web.audit.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def canonical(value: Any) -> Any:
    """``value`` as plain JSON data (Decimals and dates as text), so hashing is stable."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False, sort_keys=True))


def _digest(entry: AuditEntry) -> str:
    body = {
        "seq": entry.seq,
        "at": entry.at.astimezone(dt.UTC).isoformat(),
        "actor": entry.actor_name,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "campaign": entry.campaign,
        "unit": entry.unit,
        "before": entry.before,
        "after": entry.after,
        "reason": entry.reason,
        "prev": entry.prev_hash,
    }
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record(
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    *,
    object_type: str,
    object_id: str,
    campaign: str = "",
    unit: str = "",
    before: Any = None,
    after: Any = None,
    reason: str = "",
) -> AuditEntry:
    """Append one entry to the chain (inside the caller's transaction) and return it."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        user = actor if actor is not None and actor.is_authenticated else None
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=user,
            actor_name=user.get_username() if user is not None else "system",
            action=action,
            object_type=object_type,
            object_id=object_id,
            campaign=campaign,
            unit=unit,
            before=canonical(before),
            after=canonical(after),
            reason=reason,
            prev_hash=head.hash,
        )
        entry.hash = _digest(entry)
        entry.save()
        head.seq = entry.seq
        head.hash = entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    problem: str


def verify() -> tuple[int, list[ChainBreak]]:
    """Recompute the chain; return the number of entries checked and every break found."""
    breaks: list[ChainBreak] = []
    prev = GENESIS
    expected_seq = 1
    count = 0
    for entry in _iter_entries():
        count += 1
        if entry.seq != expected_seq:
            breaks.append(
                ChainBreak(entry.seq, f"expected entry {expected_seq}: entries are missing")
            )
        if entry.prev_hash != prev:
            breaks.append(ChainBreak(entry.seq, "link to the previous entry does not match"))
        if _digest(entry) != entry.hash:
            breaks.append(ChainBreak(entry.seq, "content does not match its hash"))
        prev = entry.hash
        expected_seq = entry.seq + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev):
        breaks.append(
            ChainBreak(
                head.seq,
                "the chain's head does not match its last entry (entries removed at the end?)",
            )
        )
    return count, breaks


def _iter_entries() -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)


def trail(object_type: str, object_id: str) -> list[AuditEntry]:
    """Entries about one object, oldest first."""
    return list(
        AuditEntry.objects.filter(object_type=object_type, object_id=object_id)
        .select_related("actor")
        .order_by("seq")
    )
