"""Service settings, read from ``SERVICE_*`` environment variables.

The defaults are the embedded mode: SQLite and a file store under ``./data``,
jobs run by a thread inside the service. Production sets ``DATABASE_URL``
(PostgreSQL) and ``REDIS_URL`` (jobs go to an RQ queue served by
``extractor worker``); both are also read with the ``SERVICE_`` prefix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SERVICE_", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("SERVICE_DATABASE_URL", "DATABASE_URL")
    )
    redis_url: str | None = Field(
        default=None, validation_alias=AliasChoices("SERVICE_REDIS_URL", "REDIS_URL")
    )
    queue_name: str = "extractor"
    max_upload_bytes: int = 50 * 1024 * 1024
    # A request body larger than this is refused while it streams in (413),
    # before it is spooled; default: one file at the upload limit plus 1 MiB
    # of multipart framing (several files in one request share it).
    max_request_bytes: int | None = None
    # Admin key created (if missing) at start; without it an empty database
    # gets a random admin key printed once on stderr.
    bootstrap_admin_key: str | None = None
    bootstrap_organisation: str = "default"
    # Mixed into every stored key hash, so a leaked database alone does not
    # allow testing guessed keys offline. Set your own in production.
    key_pepper: str = "extractor-service-pepper-v1"
    # Worker lease on a document: a worker that stops heart-beating for this
    # long is taken for dead and its document is queued again.
    lease_seconds: float = 30.0
    max_attempts: int = 3
    # A job running longer than this is stopped (RQ kills it; embedded threads stop
    # at the next page or region): a large scanned PDF under OCR is the slow case.
    job_timeout_seconds: float = 1800.0
    # Queued documents not picked up for this long are re-enqueued (a Redis
    # that lost its queue, an enqueue that failed after the commit).
    requeue_after_seconds: float = 120.0
    reaper_interval_seconds: float = 5.0
    embedded_workers: int = 1
    # A rendered extraction is served without a database round trip while the
    # document's generation is unchanged (every change through the service or a
    # worker moves it: shown at once in every process) and for at most this
    # long: how long a change made behind the service's back (SQL) goes unseen.
    read_cache_seconds: float = 10.0
    # With Redis: hold the key epoch and document generations in each process,
    # kept true by Redis invalidation pushes (client tracking), so a hot read
    # asks Redis nothing (service.read_state.TrackedReadState). Off: one MGET a
    # read; for a Redis reached over a lossy link, where a push could arrive
    # after a writer's answer has reached a reader.
    read_tracking: bool = True
    # uvicorn processes for `extractor serve` (each runs its own embedded job threads).
    web_workers: int = 1
    migrate_on_start: bool = True
    # The model registry (extractor.registry): versions, the one in use, its
    # history; default <data_dir>/models. Every worker must see the same folder.
    models_root: Path | None = None
    # The corpus whose blind documents decide promotions.
    training_data_dir: Path = Path("training_data")
    # The share of approved documents exported into that blind set (split: blind),
    # chosen by content hash (extractor.registry.set_aside_for_blind); 0 sets none aside.
    blind_share: float = 0.2
    # Webhook deliveries: tries before giving up, the first retry's delay
    # (doubled at each further try, at most an hour) and the answer timeout.
    # Requests a minute per API key (0: no limit): uploads (POST /v1/documents)
    # and reads (every GET); past it, 429 with Retry-After.
    rate_limit_uploads_per_minute: int = 120
    rate_limit_reads_per_minute: int = 6000
    # Where uploaded files live: "files" (the data folder), "database" or "s3";
    # default: the database when DATABASE_URL is set, so workers need no shared folder.
    blob_store: Literal["files", "database", "s3"] | None = None
    # S3-compatible object storage (blob_store="s3"): the bucket must exist.
    # Credentials: these, or boto3's usual sources (AWS_* variables, profiles, roles).
    s3_bucket: str | None = None
    s3_prefix: str = "extractor/"
    s3_endpoint_url: str | None = None
    s3_region: str | None = None
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = None
    # Retention, applied by `extractor cleanup` (0 keeps for ever): answers kept
    # for Idempotency-Key retries, change-feed rows (a downstream reader must
    # sync more often than this), and page renders kept for the review page.
    idempotency_retention_hours: float = 24.0
    change_feed_retention_days: float = 90.0
    page_cache_retention_days: float = 7.0
    webhook_max_attempts: int = 8
    webhook_backoff_seconds: float = 10.0
    webhook_timeout_seconds: float = 10.0
    # For tests and benchmarks only: sleep this long inside every job, so a
    # worker can be killed in the middle of one.
    debug_job_delay_seconds: float = 0.0

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'service.db').resolve()}"

    @property
    def request_body_limit(self) -> int:
        if self.max_request_bytes is not None:
            return self.max_request_bytes
        return self.max_upload_bytes + 1024 * 1024

    @property
    def registry_root(self) -> Path:
        return self.models_root or self.data_dir / "models"

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"

    @property
    def embedded(self) -> bool:
        """True when jobs run in threads of the service process (no Redis)."""
        return not self.redis_url
