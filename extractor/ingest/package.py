"""Zip containers (DOCX, XLSX): opened and checked before any parser reads them.

A zip's central directory is attacker-controlled, so every way ``zipfile``
can fail on it (``BadZipFile``, ``NotImplementedError`` for a version or
method it does not know, ``UnicodeDecodeError`` for a name flagged UTF-8
that is not, ``struct.error``, ``EOFError``...) becomes ``CorruptFile``.

Zip bombs are refused with ``DecompressionBomb`` in two steps: the sizes the
directory declares (total, and the ratio of each member), then the sizes
actually inflated, streaming every member in chunks and stopping at the cap.
Office files only use stored and deflated members (ECMA-376 part 2); other
methods (bzip2, LZMA) are refused because ``zipfile`` inflates them in one
call whatever is asked of it, so no cap would hold.
"""

from __future__ import annotations

import io
import zipfile
from typing import IO

from extractor.errors import CorruptFile, DecompressionBomb
from extractor.settings import settings

OFFICE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
# Small members may have any ratio: they cannot hurt.
_RATIO_FLOOR = 1 << 20
_CHUNK = 1 << 20


def open_zip(data: bytes | IO[bytes], filename: str) -> zipfile.ZipFile:
    """The zip in ``data`` (bytes or a seekable file) with its declared sizes checked."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
        infos = zf.infolist()
    except Exception as exc:  # any failure on the directory is a corrupt file
        raise CorruptFile(filename, f"broken zip container: {type(exc).__name__}: {exc}") from exc
    total = 0
    for info in infos:
        total += info.file_size
        if total > settings.max_unzipped_bytes:
            raise DecompressionBomb(
                filename,
                f"declares more than {settings.max_unzipped_bytes} bytes unpacked",
            )
        _check_ratio(info, info.file_size, filename)
    return zf


def _check_ratio(info: zipfile.ZipInfo, size: int, filename: str) -> None:
    if size > _RATIO_FLOOR and size > settings.max_zip_ratio * max(info.compress_size, 1):
        raise DecompressionBomb(
            filename,
            f"{info.filename!r} unpacks {size // max(info.compress_size, 1)}x its size "
            f"(limit {settings.max_zip_ratio}x)",
        )


def _inflated_size(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, filename: str) -> int:
    """Bytes ``info`` really inflates to, reading at most ``budget`` + 1 chunk."""
    size = 0
    with zf.open(info) as member:
        while chunk := member.read(_CHUNK):
            size += len(chunk)
            if size > budget:
                raise DecompressionBomb(
                    filename, f"unpacks to more than {settings.max_unzipped_bytes} bytes"
                )
    return size


def check_package(data: bytes, filename: str) -> None:
    """Refuse ``data`` unless it is a zip every member of which is stored or
    deflated and that really unpacks within the limits."""
    with open_zip(data, filename) as zf:
        left = settings.max_unzipped_bytes
        for info in zf.infolist():
            if info.compress_type not in OFFICE_METHODS:
                raise CorruptFile(
                    filename,
                    f"{info.filename!r} uses compression method {info.compress_type}, "
                    "which Office files do not use",
                )
            if info.flag_bits & 0x1:
                raise CorruptFile(filename, f"{info.filename!r} is encrypted")
            try:
                size = _inflated_size(zf, info, left, filename)
            except DecompressionBomb:
                raise
            except Exception as exc:  # bad CRC, truncated data, bad local header...
                raise CorruptFile(
                    filename, f"unreadable zip member {info.filename!r}: {type(exc).__name__}"
                ) from exc
            _check_ratio(info, size, filename)
            left -= size
