"""Image backend: every frame of a multi-page TIFF is a page; bad input is named."""

from __future__ import annotations

import io
import warnings

import pytest
from PIL import Image, ImageDraw, ImageFont

from extractor.errors import CorruptFile
from extractor.ingest.image import load_image
from extractor.training.scans import FONT_PATHS, images_to_tiff


def _line_image(text: str) -> Image.Image:
    path, index = next((p, i) for p, i in FONT_PATHS if __import__("os").path.exists(p))
    font = ImageFont.truetype(path, 40, index=index)
    img = Image.new("L", (900, 160), 255)
    ImageDraw.Draw(img).text((40, 50), text, font=font, fill=0)
    return img


def test_multipage_tiff_gives_one_page_per_frame() -> None:
    frames = [_line_image("部门整体绩效目标完成情况"), _line_image("满意度指标≥90%")]
    doc = load_image(images_to_tiff(frames, 200), "two.tiff", "image/tiff")
    assert doc.source.pages == 2 and doc.source.ocr
    assert [p.number for p in doc.pages] == [1, 2]
    first, second = doc.text.split("\f")
    assert "绩效目标完成情况" in first
    assert "满意度指标≥90%" in second.replace("％", "%")
    for page in doc.pages:
        for block in page.blocks:
            ev = block.evidence
            assert ev.page == page.number
            assert doc.text[ev.char_start : ev.char_end] == block.text
            assert block.ocr_confidence is not None and block.ocr_confidence > 0.8


def test_media_type_defaults_to_what_the_bytes_are() -> None:
    buf = io.BytesIO()
    _line_image("项目支出绩效自评表").save(buf, format="WEBP")
    doc = load_image(buf.getvalue(), "upload.bin")
    assert doc.source.media_type == "image/webp"
    assert "项目支出绩效自评表" in doc.text


@pytest.mark.parametrize("data", [b"GIF89a not really", b"\xff\xd8\xff\xe0 truncated jpeg"])
def test_broken_images_raise_a_named_error(data: bytes) -> None:
    with pytest.raises(CorruptFile, match="bad.img"):
        load_image(data, "bad.img", "image/jpeg")


def test_an_image_between_pillows_two_pixel_limits_is_read_without_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    img = _line_image("满意度指标≥90%")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    # The warning zone lies between the limit and twice the limit.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", img.width * img.height * 2 // 3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = load_image(buf.getvalue(), "photo.png")
    assert "满意度指标" in doc.text
    assert not [w for w in caught if issubclass(w.category, Image.DecompressionBombWarning)]
