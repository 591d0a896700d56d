"""Library settings, read from ``EXTRACTOR_*`` environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_MODEL_DIR = PACKAGE_DIR.parent / "models" / "default"


class ExtractorSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EXTRACTOR_")

    model_dir: Path = DEFAULT_MODEL_DIR
    max_file_bytes: int = 50 * 1024 * 1024
    ocr_enabled: bool = True
    ocr_dpi: int = 200
    # Below this share of CJK/ASCII-printable characters a PDF page's text
    # layer is treated as garbled and sent to OCR.
    min_text_quality: float = 0.6
    # A field below this confidence is counted as needing review.
    review_threshold: float = 0.8


settings = ExtractorSettings()
