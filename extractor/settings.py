"""Library settings, read from ``EXTRACTOR_*`` environment variables.

Read as pydantic-settings would (``EXTRACTOR_`` + field name, any case; each
value validated as the field's type) with a plain model: importing
pydantic-settings cost a one-file extraction ~0.08 s of CPU.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_MODEL_DIR = PACKAGE_DIR.parent / "models" / "default"


ENV_PREFIX = "EXTRACTOR_"


class ExtractorSettings(BaseModel):
    # ``model_dir`` is a field name, not pydantic's namespace.
    model_config = ConfigDict(extra="forbid", validate_default=True, protected_namespaces=())

    model_dir: Path = DEFAULT_MODEL_DIR
    max_file_bytes: int = 50 * 1024 * 1024
    ocr_enabled: bool = True
    ocr_dpi: int = 200
    # Below this share of CJK/ASCII-printable characters a PDF page's text
    # layer is treated as garbled and sent to OCR.
    min_text_quality: float = 0.6
    # Resource limits: every input costs at most a bounded multiple of these.
    # DOCX/XLSX: all zip members together may unpack to this many bytes, and a
    # member over 1 MB unpacked may not be more than this many times its
    # compressed size (Office XML deflates 5-30x; a zip bomb ~1000x).
    max_unzipped_bytes: int = 128 * 1024 * 1024
    max_zip_ratio: int = 100
    # XLSX: a sheet is read up to this many rows and columns from its first
    # filled cell, and the workbook up to this many cells; the rest is dropped
    # with a warning.
    max_sheet_rows: int = 5000
    max_sheet_cols: int = 200
    max_workbook_cells: int = 1_000_000
    # PDF pages and image frames: more is refused; OCR stops after
    # ``max_ocr_pages`` pages (the rest keep a ``needs_ocr`` warning).
    max_pages: int = 1000
    max_ocr_pages: int = 100
    # Text (decoded, or rendered from any format) beyond this many characters
    # is refused: about 30 times the longest real report, and what keeps
    # extraction within a few hundred MB and minutes.
    max_text_chars: int = 1_000_000
    # A field below this confidence is counted as needing review.
    review_threshold: float = 0.8


def from_environment(environ: dict[str, str] | None = None) -> ExtractorSettings:
    """The settings given by ``EXTRACTOR_<FIELD>`` variables (names in any case), defaults elsewhere."""
    given = {
        key.lower(): value for key, value in (os.environ if environ is None else environ).items()
    }
    prefix = ENV_PREFIX.lower()
    return ExtractorSettings.model_validate(
        {
            name: given[prefix + name]
            for name in ExtractorSettings.model_fields
            if prefix + name in given
        }
    )


settings = from_environment()
