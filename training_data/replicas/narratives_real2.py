"""Narrative replicas, third set (split "train"): filled in below."""

from typing import Any

REPORTS: list[dict[str, Any]] = []
