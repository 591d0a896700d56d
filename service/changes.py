"""The change feed: one row per change of a document, in the change's own
transaction, numbered by the database.

An autoincrement id alone is not a cursor: on PostgreSQL a transaction that
took id 5 may commit after one that took id 6, and a reader who saw 6 would
skip 5 for ever. So the row is written last in its transaction, after a
per-organisation transaction lock, held to the commit: the ids of one
organisation become visible in increasing order. (SQLite has one writer at a
time anyway.)"""

from __future__ import annotations

import zlib
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from service.models import Change, utcnow

KINDS = ("extracted", "failed", "corrected", "approved", "deleted")


def _lock_key(organisation_id: str) -> int:
    # A signed 64-bit key per organisation, apart from the migration lock's.
    return (zlib.crc32(organisation_id.encode()) << 8) | 0x5C


def record_change(
    s: Session, organisation_id: str, document_id: str, kind: str, revision: int = 0
) -> None:
    """Add the change row; call it as the last write before ``commit``."""
    assert kind in KINDS, kind
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _lock_key(organisation_id)})
    s.add(
        Change(
            organisation_id=organisation_id,
            document_id=document_id,
            kind=kind,
            revision=revision,
            at=utcnow(),
        )
    )
    s.flush()


def changes_after(s: Session, organisation_id: str, after: int, limit: int) -> list[Change]:
    return list(
        s.scalars(
            select(Change)
            .where(Change.organisation_id == organisation_id, Change.id > after)
            .order_by(Change.id)
            .limit(limit)
        ).all()
    )


def change_view(c: Change) -> dict[str, Any]:
    from service.views import iso

    return {
        "cursor": c.id,
        "document_id": c.document_id,
        "kind": c.kind,
        "revision": c.revision,
        "at": iso(c.at),
    }
