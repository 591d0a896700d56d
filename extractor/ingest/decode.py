"""Bytes -> text, detecting the encoding from the content.

Order (see research/probe-deps.md: detectors misjudge short Chinese input):
strict UTF-8 (a UTF-8 BOM is dropped), a UTF-16/32 BOM, then GB18030, Big5
(cp950, as traditional-character reports are saved on Windows) and BOM-less
UTF-16, and charset-normalizer only as the last resort. A decoding must be
plausible report text (CJK, ASCII, report punctuation); among plausible ones
the one whose Chinese characters are commonest wins: Big5 bytes nearly always
decode as GB18030 too, into rare characters (and GB18030 bytes as Big5), so
plausibility alone cannot tell them apart. "Common" is GB2312's level-1 set,
the standard's 3755 most frequent characters, after OpenCC's t2s conversion
so that traditional text counts like its simplified twin. Bytes that decode
only into control characters or unusual symbols are binary, never text.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# Tried in this order; the first wins a tie.
_LEGACY = ("gb18030", "cp950", "utf-16-le", "utf-16-be")
# Share of plausible characters a decoding needs to be taken for text.
MIN_PLAUSIBLE = 0.9
# Share of control characters above which content is binary junk.
MAX_CONTROL = 0.02


def _plausible(ch: str) -> bool:
    o = ord(ch)
    return (
        0x20 <= o < 0x7F
        or ch in "\t\n\r\f"
        or 0x4E00 <= o <= 0x9FFF  # CJK unified ideographs
        or 0x3000 <= o <= 0x303F  # CJK punctuation
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
        or 0x2000 <= o <= 0x22FF  # punctuation, arrows, ≥ ≤ and other math
        or 0x2460 <= o <= 0x24FF  # circled numbers ①
        or 0x2500 <= o <= 0x25FF  # box drawing, ■ ●
        or o in (0xA0, 0xB0, 0xB1, 0xB7, 0xD7, 0xF7)  # nbsp ° ± · × ÷
    )


# Characters scored for commonness: enough to decide, bounded in cost.
_COMMONNESS_SAMPLE = 20_000


def _level1(ch: str) -> bool:
    """In GB2312 level 1 (rows 16-55: the most frequent hanzi)."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xD7


def commonness(text: str) -> float:
    """Share of the Chinese characters of ``text`` that are common ones."""
    from extractor.chinese_script import to_simplified

    han = [
        ch
        for ch in to_simplified(text[:_COMMONNESS_SAMPLE])
        if 0x3400 <= ord(ch) <= 0x9FFF or 0xF900 <= ord(ch) <= 0xFAFF
    ]
    return sum(map(_level1, han)) / len(han) if han else 0.0


def plausibility(text: str) -> float:
    """Share of characters typical of Chinese/ASCII report text."""
    if not text:
        return 0.0
    return sum(map(_plausible, text)) / len(text)


def control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if (ord(ch) < 0x20 and ch not in "\t\n\r\f") or ch == "\ufffd")
    return bad / len(text)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the head, and no UTF-16 shape."""
    head = data[:4096]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    controls = sum(1 for b in head if b < 0x20 and b not in (9, 10, 12, 13))
    return controls / max(len(head), 1) > 0.3 and not _utf16_shaped(head)


def _utf16_shaped(head: bytes) -> bool:
    # ASCII in UTF-16 puts a NUL on every other byte; CJK puts 0x4E-0x9F there.
    even, odd = head[0::2], head[1::2]
    n = max(len(odd), 1)

    def shaped(half: bytes) -> bool:
        return sum(1 for b in half if b == 0 or 0x4E <= b <= 0x9F) / n > 0.8

    return len(head) % 2 == 0 and (shaped(odd) or shaped(even))


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_text(data: bytes) -> tuple[str, str] | None:
    """``(text, encoding)``, or None when the bytes are not text."""
    text = _try(data, "utf-8-sig")
    if text is not None and control_ratio(text) <= MAX_CONTROL:
        return text, "utf-8"
    # Valid UTF-8 full of control characters may be BOM-less UTF-16: read on.
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _try(data[len(bom) :], encoding)
            return (text, encoding) if text is not None else None
    candidates: list[tuple[float, str, str]] = []
    for encoding in _LEGACY:
        text = _try(data, encoding)
        if text is not None and plausibility(text) >= MIN_PLAUSIBLE:
            candidates.append((commonness(text), encoding, text))
    # GB18030 wins ties: it is by far the commoner legacy encoding here.
    candidates.sort(key=lambda c: (-c[0], _LEGACY.index(c[1])))
    if candidates:
        return candidates[0][2], candidates[0][1]
    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if plausibility(text) >= MIN_PLAUSIBLE and control_ratio(text) <= MAX_CONTROL:
            return text, best.encoding
    return None
