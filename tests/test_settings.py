"""Settings from EXTRACTOR_* environment variables, read as pydantic-settings read them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from extractor.settings import DEFAULT_MODEL_DIR, from_environment


def test_prefixed_variables_in_any_case_set_their_fields() -> None:
    got = from_environment(
        {
            "EXTRACTOR_MAX_PAGES": "12",
            "extractor_ocr_enabled": "no",
            "Extractor_Model_Dir": "/srv/models/v3",
            "EXTRACTOR_REVIEW_THRESHOLD": "0.75",
            "PATH": "/usr/bin",
            "EXTRACTOR_NOT_A_SETTING": "1",
        }
    )
    assert got.max_pages == 12 and got.ocr_enabled is False
    assert got.model_dir == Path("/srv/models/v3") and got.review_threshold == 0.75
    assert got.max_ocr_pages == 100 and got.ocr_dpi == 200  # the defaults elsewhere


def test_no_variables_give_the_defaults() -> None:
    got = from_environment({})
    assert got.model_dir == DEFAULT_MODEL_DIR and got.max_file_bytes == 50 * 1024 * 1024


def test_a_value_of_the_wrong_type_is_refused_with_its_name() -> None:
    with pytest.raises(ValidationError, match="max_pages"):
        from_environment({"EXTRACTOR_MAX_PAGES": "fifty"})
