"""Key management shared by the admin API and ``extractor keys``: list,
revoke, rotate and expire keys. Each change is committed, then the key
epoch moves, so every service process drops what it cached at once."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.auth import create_key
from service.models import ApiKey, Organisation, utcnow
from service.runtime import Runtime
from service.views import iso

_KEY_ID = re.compile(r"[0-9a-f]{32}")


class KeyNotFound(LookupError):
    pass


def key_summary(row: ApiKey, organisation: str | None = None) -> dict[str, Any]:
    """What may be shown about a key: never the key or its hash."""
    return {
        "id": row.id,
        "name": row.name,
        "role": row.role,
        "prefix": row.prefix,
        "organisation": organisation,
        "created_at": iso(row.created_at),
        "expires_at": iso(row.expires_at),
        "revoked": row.revoked,
        "revoked_at": iso(row.revoked_at),
        "active": not row.revoked and (row.expires_at is None or row.expires_at > utcnow()),
    }


def organisation_name(s: Session, row: ApiKey) -> str | None:
    org = s.get(Organisation, row.organisation_id)
    return org.name if org else None


def find_key(
    s: Session, key_id: str, organisation_id: str | None = None, *, by_prefix: bool = False
) -> ApiKey:
    """The key by id (or, ``by_prefix``, by the start of a key only one key has);
    limited to ``organisation_id`` when given."""
    query = select(ApiKey)
    if organisation_id is not None:
        query = query.where(ApiKey.organisation_id == organisation_id)
    if _KEY_ID.fullmatch(key_id):
        row = s.scalar(query.where(ApiKey.id == key_id))
    elif by_prefix and len(key_id) >= 6 and "\x00" not in key_id:
        # Only the first 8 characters of a key are stored (``prefix``).
        start = key_id[:8]
        rows = s.scalars(query.where(ApiKey.prefix.startswith(start, autoescape=True))).all()
        row = rows[0] if len(rows) == 1 else None
    else:
        row = None
    if row is None:
        raise KeyNotFound(f"no key {key_id}")
    return row


def utc_naive(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)


def revoke(rt: Runtime, s: Session, row: ApiKey) -> ApiKey:
    """Revoke now (idempotent: a second revoke keeps the first time)."""
    if not row.revoked:
        row.revoked = True
        row.revoked_at = utcnow()
        s.commit()
        rt.key_epoch.bump()
    return row


def set_expiry(rt: Runtime, s: Session, row: ApiKey, when: datetime | None) -> ApiKey:
    """The key stops working at ``when`` (None: never). A past time expires it now."""
    row.expires_at = None if when is None else utc_naive(when)
    s.commit()
    rt.key_epoch.bump()
    return row


def rotate(
    rt: Runtime, s: Session, row: ApiKey, expires_at: datetime | None = None
) -> tuple[ApiKey, str]:
    """A new key with the same name, role and organisation; the old one is revoked
    in the same transaction. Returns the new row and its clear key (shown once)."""
    if row.revoked:
        raise ValueError(f"key {row.id} is revoked; create a new one instead")
    org = organisation_name(s, row) or ""
    new, clear = create_key(
        s,
        name=row.name,
        role=row.role,
        organisation=org,
        pepper=rt.settings.key_pepper,
        expires_at=None if expires_at is None else utc_naive(expires_at),
    )
    row.revoked = True
    row.revoked_at = utcnow()
    s.commit()
    rt.key_epoch.bump()
    return new, clear
