"""``Idempotency-Key`` on upload: the first answer is kept under the key;
a retry with the same key and the same files gets it again (no second job),
the same key with other files gets 422."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.errors import ApiError
from service.models import IdempotentUpload


def fingerprint(files: list[tuple[str, str]]) -> str:
    """One hash over the uploaded files' names and sha256 hex digests."""
    h = hashlib.sha256()
    for name, sha256 in files:
        h.update(name.encode() + b"\0" + bytes.fromhex(sha256))
    return h.hexdigest()


def replay(s: Session, organisation_id: str, key: str, print_: str) -> tuple[int, Any] | None:
    """The stored answer for ``key``, or None if the key is new."""
    row = s.scalar(
        select(IdempotentUpload).where(
            IdempotentUpload.organisation_id == organisation_id, IdempotentUpload.key == key
        )
    )
    if row is None:
        return None
    if row.fingerprint != print_:
        raise ApiError(
            422, "idempotency_key_reused", f"Idempotency-Key {key!r} was used with other files"
        )
    return row.status_code, json.loads(row.body)


def remember(
    s: Session, organisation_id: str, key: str, print_: str, status: int, body: Any
) -> None:
    """Keep the answer; a concurrent twin that stored first wins (same documents)."""
    s.add(
        IdempotentUpload(
            organisation_id=organisation_id,
            key=key,
            fingerprint=print_,
            status_code=status,
            body=json.dumps(body, ensure_ascii=False),
        )
    )
    try:
        s.commit()
    except IntegrityError:
        s.rollback()
