"""API keys: stored as a peppered SHA-256, each with a role and an organisation.

Roles rank uploader < reviewer < admin: a higher role may do what a lower one may.
Keys are read from ``X-API-Key`` or ``Authorization: Bearer``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sys
import threading
import time
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Literal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from service.models import ApiKey, Organisation, utcnow

Role = Literal["uploader", "reviewer", "admin"]
ROLE_RANK: dict[str, int] = {"uploader": 1, "reviewer": 2, "admin": 3}
KEY_PREFIX = "ek_"


@dataclass(frozen=True)
class Principal:
    key_id: str
    name: str
    role: str
    organisation_id: str
    expires_at: datetime | None = None

    def can(self, role: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[role]

    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= utcnow()


def hash_key(key: str, pepper: str) -> str:
    return hmac.new(pepper.encode(), key.encode(), hashlib.sha256).hexdigest()


@lru_cache(maxsize=4096)
def cached_key_hash(key: str, pepper: str) -> str:
    """``hash_key`` once per key and process: a request with a known key hashes nothing."""
    return hash_key(key, pepper)


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def get_or_create_organisation(session: Session, name: str) -> Organisation:
    org = session.scalar(select(Organisation).where(Organisation.name == name))
    if org is None:
        org = Organisation(name=name)
        session.add(org)
        session.flush()
    return org


def create_key(
    session: Session,
    *,
    name: str,
    role: str,
    organisation: str,
    pepper: str,
    key: str | None = None,
    expires_at: datetime | None = None,
) -> tuple[ApiKey, str]:
    """Create a key; return the row and the clear key (shown once, never stored)."""
    clear = key or new_key()
    org = get_or_create_organisation(session, organisation)
    row = ApiKey(
        organisation_id=org.id,
        name=name,
        role=role,
        key_hash=hash_key(clear, pepper),
        prefix=clear[:8],
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    return row, clear


def bootstrap_admin(session: Session, *, given: str | None, organisation: str, pepper: str) -> None:
    """Make sure an admin key exists: the configured one, or a new one printed once."""
    if given:
        exists = session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(given, pepper)))
        if exists is None:
            create_key(
                session,
                name="bootstrap-admin",
                role="admin",
                organisation=organisation,
                pepper=pepper,
                key=given,
            )
        session.commit()
        return
    if session.scalar(select(func.count()).select_from(ApiKey)):
        return
    _row, clear = create_key(
        session, name="bootstrap-admin", role="admin", organisation=organisation, pepper=pepper
    )
    session.commit()
    print(
        f"extractor service: created the first admin key (shown only now): {clear}",
        file=sys.stderr,
        flush=True,
    )


# The last share of a cached entry's life in which one request refreshes it
# ahead of its expiry (the key cache here, extraction bodies in service.runtime).
REFRESH_SHARE = 0.2


@dataclass(frozen=True)
class _Cached:
    until: float
    epoch: Hashable
    principal: Principal | None


class KeyCache:
    """Short-lived cache of key lookups: a hot read path costs no key query.

    An entry is used only under the key epoch it was looked up in
    (``service.key_epoch``): any key change anywhere moves the epoch, so a
    revoked key is refused at once by every process. Expiry is checked on
    every use. ``ttl`` bounds how long a change made behind the service's back
    (SQL on the table, not the API or ``extractor keys``) goes unseen.

    An entry in the last ``REFRESH_SHARE`` of its life is looked up again
    ahead of its expiry, by the one request that ``due`` answers True
    (service.deps.refresh_key_ahead); the others keep using it meanwhile, so
    a busy key never expires into a herd of lookups."""

    def __init__(self, ttl: float = 10.0) -> None:
        self.ttl = ttl
        self._items: dict[str, _Cached] = {}
        self._lock = threading.Lock()
        self._refreshing: dict[str, float] = {}  # key hash -> when a refresh was claimed

    def get(self, key_hash: str, epoch: Hashable | None) -> tuple[bool, Principal | None]:
        if epoch is None:
            return False, None
        with self._lock:
            hit = self._items.get(key_hash)
        if hit is None or hit.until < time.monotonic() or hit.epoch != epoch:
            return False, None
        if hit.principal is not None and hit.principal.expired():
            return False, None
        return True, hit.principal

    def put(self, key_hash: str, epoch: Hashable | None, principal: Principal | None) -> None:
        if epoch is None:
            return
        with self._lock:
            if len(self._items) > 10_000:
                self._items.clear()
            self._items[key_hash] = _Cached(time.monotonic() + self.ttl, epoch, principal)
            self._refreshing.pop(key_hash, None)

    def due(self, key_hash: str) -> bool:
        """Should this request refresh the entry ahead of its expiry? True
        once per entry (again if a claimed refresh put nothing back in time)."""
        now = time.monotonic()
        margin = self.ttl * REFRESH_SHARE
        with self._lock:
            hit = self._items.get(key_hash)
            if hit is None or hit.until - now > margin:
                return False
            if now - self._refreshing.get(key_hash, -margin) < margin:
                return False
            if len(self._refreshing) > 10_000:
                self._refreshing.clear()
            self._refreshing[key_hash] = now
            return True

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._refreshing.clear()


def lookup_principal(session: Session, key: str, pepper: str) -> Principal | None:
    row = session.scalar(
        select(ApiKey).where(
            ApiKey.key_hash == hash_key(key, pepper),
            ApiKey.revoked.is_(False),
            or_(ApiKey.expires_at.is_(None), ApiKey.expires_at > utcnow()),
        )
    )
    if row is None:
        return None
    return Principal(
        key_id=row.id,
        name=row.name,
        role=row.role,
        organisation_id=row.organisation_id,
        expires_at=row.expires_at,
    )
