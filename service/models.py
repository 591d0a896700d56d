"""SQLAlchemy 2 models. The file bytes live in the file store (by sha256);
the database holds who owns what, job state, the extraction and every edit."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """Naive UTC: stored the same way by SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_id() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ApiKey(Base):
    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The key stops working at this time (naive UTC); None: never.
    expires_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("organisation_id", "sha256", name="uq_documents_org_sha"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    filename: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(100))
    uploaded_by: Mapped[str] = mapped_column(String(200))
    # queued -> processing -> done | failed
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    error_code: Mapped[str | None] = mapped_column(String(100), nullable=True)
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(100), nullable=True)
    lease_until: Mapped[float | None] = mapped_column(Float, nullable=True)
    queued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    approved_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # Copied out of the extraction for filtering.
    form_type: Mapped[str | None] = mapped_column(String(50), nullable=True, index=True)
    department: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    # The contract JSON without its indicators (those are rows below).
    extraction: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True, deferred=True)
    # Bumped on every change to the document or its indicators (cache key).
    revision: Mapped[int] = mapped_column(Integer, default=0)
    # Read from the text at extraction (自评得分, 预算执行(10分)): the document
    # checks re-run after each correction compare the indicator scores with them.
    stated_total_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    budget_execution_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    # The models that made the extraction (models/<name>/meta.json: name, and
    # the sha256 of the training data they were trained on).
    model_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    model_data_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # The model registry's version that made the extraction (extractor.registry):
    # "default" for the shipped model, "v0003" for a promoted one.
    model_version: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    # The layout key of the document (extractor.layout_key): the review queue
    # counts how many documents of the layout the model has seen.
    layout_key: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)


class Indicator(Base):
    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("document_id", "iid", name="uq_indicators_doc_iid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    iid: Mapped[str] = mapped_column(String(50))
    position: Mapped[int] = mapped_column(Integer)
    # The IndicatorRecord as contract JSON, corrections applied.
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    # field -> "corrected" | "confirmed"; fields not listed are as extracted.
    field_states: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # field -> runners-up of a doubtful field (extractor.engine.suggestions),
    # most probable first; offered on the review page, never contract output.
    suggestions: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # extracted | added | deleted
    state: Mapped[str] = mapped_column(String(20), default="extracted")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    # Every UPDATE of a row says `WHERE version = <the version read>`; a row
    # changed meanwhile matches nothing and the flush raises StaleDataError,
    # so two edits made against the same ETag cannot both be stored. The
    # code bumps `version` itself (the ETag), hence no generator.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    who: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(30))
    indicator_id: Mapped[str | None] = mapped_column(String(50), nullable=True)
    field: Mapped[str | None] = mapped_column(String(50), nullable=True)
    old_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSON, nullable=True)


class Change(Base):
    """One line of the change feed. The id is the feed's cursor: written in
    the transaction of the change, after a per-organisation lock
    (``service.changes``) so that ids become visible in increasing order."""

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation_id: Mapped[str] = mapped_column(String(32), index=True)
    document_id: Mapped[str] = mapped_column(String(32))
    # extracted | failed | corrected | approved | deleted
    kind: Mapped[str] = mapped_column(String(20))
    revision: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Webhook(Base):
    """An admin's subscription: POST these events of the organisation to ``url``."""

    __tablename__ = "webhooks"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list[Any]] = mapped_column(JSON)
    # The HMAC key of the signatures, shown once at creation.
    secret: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class WebhookDelivery(Base):
    """One event for one hook, written in the transaction of the event (an
    outbox): sent, retried and logged by the workers."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    webhook_id: Mapped[str] = mapped_column(
        ForeignKey("webhooks.id", ondelete="CASCADE"), index=True
    )
    event: Mapped[str] = mapped_column(String(50))
    document_id: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    # pending -> delivered | failed (gave up); a re-send makes it pending again
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[float] = mapped_column(Float, index=True)
    lease_until: Mapped[float | None] = mapped_column(Float, nullable=True)
    last_status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class IdempotentUpload(Base):
    """The answer to an upload sent with ``Idempotency-Key``: a retry with the
    same key and files gets this answer again, and never a second job."""

    __tablename__ = "idempotent_uploads"
    __table_args__ = (UniqueConstraint("organisation_id", "key", name="uq_idempotent_org_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organisation_id: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(200))
    # sha256 over the uploaded files' names and hashes: the same key with other files is refused.
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Blob(Base):
    """An uploaded file kept in the database (``service.store.DatabaseStore``)."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class BlobChunk(Base):
    __tablename__ = "blob_chunks"

    sha256: Mapped[str] = mapped_column(
        ForeignKey("blobs.sha256", ondelete="CASCADE"), primary_key=True
    )
    n: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
