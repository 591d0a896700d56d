"""Extraction of indicators from Chinese budget-performance reports."""

from extractor.types import Document, Extraction, IndicatorRecord, Value

__all__ = ["Document", "Extraction", "IndicatorRecord", "Value", "__version__"]
__version__ = "0.1.0"
