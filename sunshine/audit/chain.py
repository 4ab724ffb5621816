"""The audit trail as a hash chain (防篡改哈希链).

Every event carries `prev_hash`, the `hash` of the event before it (by id), and its own `hash`:
SHA-256 over `prev_hash` and a canonical serialisation of the event's fields (`canonical`). Changing, removing or
inserting an event anywhere breaks the link to the next one; `sunshine audit verify` walks the chain in id order
and reports the first broken link.

Appending is linear under concurrency: `append` takes a lock for the rest of the transaction before it reads the
last hash, so the id order (assigned by the INSERT after the lock) is the chain order.

- PostgreSQL: a transaction-scoped advisory lock (`pg_advisory_xact_lock(CHAIN_LOCK_KEY)`), released at commit or
  rollback. Two transactions that append events take turns; the second one reads the first one's committed last
  event (READ COMMITTED: every statement sees what was committed before it started).
- SQLite: transactions start with BEGIN IMMEDIATE (settings), so the writer lock is already held.

Removing the newest events leaves a valid (shorter) chain: `sunshine audit verify` prints the head (the last id and
hash) so that operators can keep it elsewhere (the log, a daily e-mail) and compare (`--expect-head`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import connections, transaction

GENESIS = "0" * 64
# pg_advisory_xact_lock key: "SUNAUDIT" as an int64. Fixed: every process appending events must use the same one.
CHAIN_LOCK_KEY = int.from_bytes(b"SUNAUDIT", "big") - (1 << 63)

# The fields covered by the hash, in this order (renaming one breaks every existing link: add a version instead).
FIELDS = ("occurred_at", "actor_id", "actor_name", "actor_roles", "department_id", "action", "target_type",
          "target_id", "target_label", "before", "after", "from_status", "to_status", "reason", "request_id")


def _utc(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _json_roundtrip(value: Any) -> Any:
    """The value as the JSON column gives it back (tuples become lists, keys strings…)."""
    return None if value is None else json.loads(json.dumps(value))


def canonical(event) -> bytes:
    """The event's fields as canonical JSON: sorted keys, no spaces, UTF-8, times in UTC with microseconds."""
    data = {}
    for name in FIELDS:
        value = getattr(event, name)
        if name == "occurred_at":
            value = _utc(value)
        elif name in ("before", "after"):
            value = _json_roundtrip(value)
        elif name in ("actor_id", "department_id"):
            value = None if value is None else int(value)
        data[name] = value
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def link_hash(prev_hash: str, event) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(event)).hexdigest()


def lock(using: str = "default") -> None:
    """Hold the chain's append lock until the current transaction ends (call inside `transaction.atomic`)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def last_hash(model, using: str = "default") -> str:
    head = model.objects.using(using).order_by("-id").values_list("hash", flat=True).first()
    return head or GENESIS


def append(events: list, using: str = "default") -> list:
    """Link and insert `events` (unsaved AuditEvent objects) at the end of the chain, in this order."""
    if not events:
        return events
    model = type(events[0])
    # No savepoint of its own (two round trips fewer): a failed insert fails the caller's transaction anyway.
    with transaction.atomic(using=using, savepoint=False):
        lock(using)
        prev = last_hash(model, using)
        for event in events:
            event.prev_hash = prev
            event.hash = prev = link_hash(prev, event)
            # Insert one by one: the ids must follow the chain order (a multi-row INSERT does too, but not
            # every backend promises it).
            model.objects.using(using).bulk_create([event], _chained=True)
    return events


@dataclass
class Verdict:
    checked: int
    head_id: int | None
    head_hash: str
    broken_id: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify(model, using: str = "default", chunk_size: int = 2000) -> Verdict:
    """Walk the chain of `model` (AuditEvent; `services.verify_chain`) in id order; stop at the first event whose link
    or content does not match."""
    prev, checked, head_id = GENESIS, 0, None
    for event in model.objects.using(using).order_by("id").iterator(chunk_size=chunk_size):
        if event.prev_hash != prev:
            return Verdict(checked, head_id, prev, event.pk,
                           f"prev_hash {event.prev_hash or '(空)'} ≠ 上一条的 hash {prev}"
                           + ("（上一条之后的事件被删除，或本条被插入）" if event.prev_hash else "（未入链）"))
        expected = link_hash(prev, event)
        if event.hash != expected:
            return Verdict(checked, head_id, prev, event.pk,
                           f"hash {event.hash or '(空)'} ≠ 按内容计算的 {expected}（本条内容被修改）")
        prev, head_id, checked = event.hash, event.pk, checked + 1
    return Verdict(checked, head_id, prev)
