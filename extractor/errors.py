"""One exception hierarchy. Every error names the file and a short reason
from the output contract, so the CLI prints one line and the service maps
it to a 4xx answer."""

from __future__ import annotations


class ExtractionError(Exception):
    """Base: ``code`` is machine-readable, ``reason`` is the contract's phrase."""

    code = "extraction_error"
    reason = "extraction failed"
    http_status = 422

    def __init__(self, filename: str, detail: str | None = None) -> None:
        self.filename = filename
        self.detail = detail
        super().__init__(self.message)

    @property
    def message(self) -> str:
        tail = f" ({self.detail})" if self.detail else ""
        return f"{self.filename}: {self.reason}{tail}"


class UnsupportedFileType(ExtractionError):
    code = "unsupported_file_type"
    reason = "unsupported file type"
    http_status = 415


class EncryptedPDF(ExtractionError):
    code = "encrypted_pdf"
    reason = "encrypted PDF"


class CorruptFile(ExtractionError):
    code = "corrupt_file"
    reason = "corrupt file"


class CorruptPDF(CorruptFile):
    code = "corrupt_pdf"
    reason = "corrupt PDF"


class EmptyDocument(ExtractionError):
    code = "empty_document"
    reason = "empty document"


class NotAReport(ExtractionError):
    code = "not_a_performance_report"
    reason = "not a performance report"


class FileTooLarge(ExtractionError):
    code = "file_too_large"
    reason = "file too large"
    http_status = 413


class DecompressionBomb(FileTooLarge):
    """A compressed container (DOCX/XLSX zip) that would unpack to far more
    than its size: refused before any parser inflates it."""

    code = "decompression_bomb"
    reason = "decompression bomb"


class TimeLimitExceeded(ExtractionError):
    """One extraction ran past its time limit (``extractor.deadline``): stopped
    so that the jobs behind it go on."""

    code = "time_limit"
    reason = "time limit exceeded"
    http_status = 422


class ModelNotFound(ExtractionError):
    code = "model_not_found"
    reason = "model not found"
    http_status = 500
