"""``extractor cleanup``: drop what the service keeps only for a while, by
the retention settings (``SERVICE_*_RETENTION_*``; 0 keeps for ever):

- answers kept for ``Idempotency-Key`` retries, older than
  ``idempotency_retention_hours`` (a retry after that makes a new upload,
  which the content hash still maps to the same document);
- change-feed rows older than ``change_feed_retention_days`` (a downstream
  reader must sync at least that often; the newest row always stays, so
  that no cursor is ever numbered again, as SQLite would after deleting it);
- page images rendered for the review page more than
  ``page_cache_retention_days`` ago (drawn again when asked for).

Run it from cron or a timer on one host:

    extractor cleanup [--dry-run]
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from service.models import Change, IdempotentUpload, utcnow
from service.settings import ServiceSettings


@dataclass
class CleanupCounts:
    idempotency_keys: int
    changes: int
    page_renders: int


def _cutoff(now: datetime, retention: timedelta) -> datetime | None:
    return now - retention if retention > timedelta(0) else None


def _old_idempotency_keys(s: Session, before: datetime, dry_run: bool) -> int:
    where = IdempotentUpload.created_at < before
    n = s.scalar(select(func.count()).select_from(IdempotentUpload).where(where)) or 0
    if n and not dry_run:
        s.execute(delete(IdempotentUpload).where(where))
    return n


def _old_changes(s: Session, before: datetime, dry_run: bool) -> int:
    newest = s.scalar(select(func.max(Change.id)))
    if newest is None:
        return 0
    where = (Change.at < before) & (Change.id < newest)
    n = s.scalar(select(func.count()).select_from(Change).where(where)) or 0
    if n and not dry_run:
        s.execute(delete(Change).where(where))
    return n


def _old_page_renders(root: Path, before: float, dry_run: bool) -> int:
    if not root.is_dir():
        return 0
    n = 0
    for path in root.rglob("*.png"):
        try:
            if path.stat().st_mtime >= before:
                continue
            if not dry_run:
                path.unlink()
            n += 1
        except FileNotFoundError:  # removed meanwhile by another cleanup
            continue
    if not dry_run:  # folders left empty: deepest first
        for folder in sorted(root.rglob("*"), key=lambda p: len(p.parts), reverse=True):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    return n


def run_cleanup(
    settings: ServiceSettings,
    sessions: sessionmaker[Session],
    *,
    now: datetime | None = None,
    dry_run: bool = False,
) -> CleanupCounts:
    """Delete (or with ``dry_run`` only count) what is past its retention."""
    now = now or utcnow()
    keys = _cutoff(now, timedelta(hours=settings.idempotency_retention_hours))
    feed = _cutoff(now, timedelta(days=settings.change_feed_retention_days))
    pages = _cutoff(now, timedelta(days=settings.page_cache_retention_days))
    with sessions() as s:
        counts = CleanupCounts(
            idempotency_keys=_old_idempotency_keys(s, keys, dry_run) if keys else 0,
            changes=_old_changes(s, feed, dry_run) if feed else 0,
            page_renders=0,
        )
        s.commit()
    if pages is not None:
        # File times are POSIX seconds; ``now`` is naive UTC.
        age = (now - pages).total_seconds()
        epoch = (now - datetime(1970, 1, 1)).total_seconds()
        counts.page_renders = _old_page_renders(settings.data_dir / "pages", epoch - age, dry_run)
    return counts


def cleanup_command(dry_run: bool) -> int:
    """``extractor cleanup``: on the database the service uses; prints the counts as JSON."""
    from service.db import check_at_head, make_engine, make_sessionmaker

    settings = ServiceSettings()
    engine = make_engine(settings.effective_database_url)
    try:
        check_at_head(engine)
        started = time.monotonic()
        counts = run_cleanup(settings, make_sessionmaker(engine), dry_run=dry_run)
    finally:
        engine.dispose()
    print(
        json.dumps(
            {
                **asdict(counts),
                "dry_run": dry_run,
                "seconds": round(time.monotonic() - started, 3),
            }
        )
    )
    return 0
