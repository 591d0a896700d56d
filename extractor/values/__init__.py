"""Value parsing: target/actual cells -> the contract's value object."""

from extractor.values.parse import parse_value

__all__ = ["parse_value"]
