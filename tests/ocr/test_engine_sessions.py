"""The OCR engine's ONNX Runtime sessions do not spin while idle, and building
them leaves RapidOCR's own session options as they were for other users."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from extractor.ocr.engine import _quiet_sessions, ocr_engine, recognise_crops

SPIN = "session.intra_op.allow_spinning"


def _sessions(engine: Any) -> list[Any]:
    return [engine.text_det.infer, engine.text_cls.infer, engine.text_rec.session]


def test_every_session_of_the_engine_is_built_without_spinning() -> None:
    for wrapper in _sessions(ocr_engine()):
        opts = wrapper.session.get_session_options()
        assert opts.get_session_config_entry(SPIN) == "0"


def test_rapidocrs_own_options_are_restored_after_the_engine_is_built() -> None:
    from rapidocr_onnxruntime.utils import infer_engine

    before = infer_engine.OrtInferSession.__dict__["_init_sess_opts"]
    with _quiet_sessions():
        assert infer_engine.OrtInferSession.__dict__["_init_sess_opts"] is not before
    assert infer_engine.OrtInferSession.__dict__["_init_sess_opts"] is before
    opts = infer_engine.OrtInferSession._init_sess_opts({})
    with contextlib.suppress(RuntimeError):  # unset: ONNX Runtime's default, spinning
        assert opts.get_session_config_entry(SPIN) != "0"


def test_the_quiet_engine_still_reads_a_line() -> None:
    from PIL import Image, ImageDraw, ImageFont

    from extractor.training.scans import FONT_PATHS

    path, index = next(((p, i) for p, i in FONT_PATHS if Path(p).exists()), (None, 0))
    if path is None:
        pytest.skip("no CJK font")
    font = ImageFont.truetype(path, 36, index=index)
    img = Image.new("RGB", (420, 64), "white")
    ImageDraw.Draw(img).text((10, 12), "产出指标 100", fill="black", font=font)
    [(text, score)] = recognise_crops([np.asarray(img)[:, :, ::-1].copy()])
    assert "产出指标" in text and score > 0.5
