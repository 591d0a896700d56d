"""The engine's working form of an indicator before calibration.

A ``Candidate`` is an ``IndicatorRecord`` plus what the calibrator needs
to know about how each field was read (the model's score for the role or
label, whether a label was carried down from a merged cell above, how the
value parsed). It never leaves the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.types import IndicatorRecord


@dataclass
class Candidate:
    record: IndicatorRecord
    # field -> feature dict describing how that field was read
    signals: dict[str, dict[str, float]] = field(default_factory=dict)
    # features describing the row as a whole (is it a real indicator?)
    row_signals: dict[str, float] = field(default_factory=dict)

    def signal(self, name: str, **values: float) -> None:
        self.signals.setdefault(name, {}).update(values)
