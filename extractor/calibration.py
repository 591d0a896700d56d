"""Calibrated confidence for every field and every record.

The engine describes how each field was read (``Candidate.signals``: the
role model's probability, whether a label was carried down a merged cell,
how the value parsed, the claim model's probability, the checks, OCR
confidence). A logistic model turns those signals into the probability
that the field is right; it is fitted on out-of-fold extractions of the
training documents (``training.train``), so what it learned is how often
the engine is right on documents it has not seen. A second model does the
same for "this record is a real indicator".
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from extractor.engine.candidates import Candidate
from extractor.engine.novelty import junk_name
from extractor.errors import ExtractionError, ModelNotFound
from extractor.linear import IsotonicMap, LinearModel
from extractor.modelio import load_skops, write_json
from extractor.types import RECORD_FIELDS, Value

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

CALIBRATION_FILE = "calibration.json"
OLD_CALIBRATION_FILE = "calibration.skops"  # a folder trained before the JSON format
_TIE_BREAK = 1e-3
# Row signals that say how new the layout looks (see engine.novelty).
LAYOUT_SIGNALS = ("unseen_headers", "unexplained", "weights_off", "junk")
# How the stream reader decoded a row (engine.stream.decode): the assignment's mean
# log score, fused cells, how sure and how lawful the cut of fused numbers was, and
# whether its value was read only by forcing the first stated value into the row.
STREAM_SIGNALS = (
    "stream_logp",
    "stream_fused",
    "stream_cut_margin",
    "stream_cut_valid",
    "stream_stating",
)
# A row rebuilt from a PDF viewer's interleaved lines, and one whose cells the
# text explained only by a guess (ingest.reading_order).
ORDER_SIGNALS = ("order_rebuilt", "order_guess")
# A row that does not read as an indicator is never a confident record.
JUNK_CONFIDENCE_CAP = 0.3


def _value_signals(v: Value) -> dict[str, float]:
    f = {f"kind={v.kind}": 1.0, "parse_conf": float(v.confidence)}
    if v.parts:
        f["multi_part"] = 1.0
    if v.unit:
        f["has_unit"] = 1.0
    return f


def field_features(cand: Candidate, name: str) -> dict[str, float]:
    """Signals of one field, each also crossed with the field's name."""
    rec = cand.record
    base: dict[str, float] = dict(cand.signals.get(name, {}))
    if name in ("target", "actual"):
        base.update(_value_signals(getattr(rec, name)))
    if name in ("weight", "score"):
        base["null"] = float(getattr(rec, name).value is None)
    if name == "status":
        base["null"] = float(rec.status.label is None)
    if name in ("group", "level1", "level2", "name"):
        base["null"] = float(getattr(rec, name).value is None)
    for check in rec.checks:
        base[f"check:{check.rule}={check.result}"] = 1.0
    # How new the row's layout looks (engine.novelty), shared by its fields.
    for key in (*LAYOUT_SIGNALS, *ORDER_SIGNALS):
        if key in cand.row_signals:
            base[f"row:{key}"] = float(cand.row_signals[key])
    feats = {f"{name}|{k}": v for k, v in base.items()}
    feats.update({f"any|{k}": v for k, v in base.items()})
    feats[f"field={name}"] = 1.0
    # Which reader produced the row (table, wide table, prose, token stream):
    # readers differ in how often they are right on a layout none was fitted on.
    feats[f"{name}|reader={rec.source}"] = 1.0
    # The reader's own probability on the logit scale, shared by every field
    # and reader: the one signal that carries over to a layout the
    # calibrator was never fitted on.
    if "role_prob" in base:
        p = min(max(base["role_prob"], 1e-3), 1 - 1e-3)
        feats["reader_logit"] = math.log(p / (1 - p))
    return feats


def row_features(cand: Candidate) -> dict[str, float]:
    """What makes a row a real indicator, in terms every reader shares.

    No layout identity goes in (the calibrator must carry over to layouts it
    was not fitted on); the reader that produced the row does.
    """
    rec = cand.record
    name = str(rec.name.value or "")
    keep = (
        "name_prob",
        "prose_confirms",
        "prose_gate_prob",
        "prose_pair_prob_min",
        *STREAM_SIGNALS,
        *LAYOUT_SIGNALS,
        *ORDER_SIGNALS,
    )
    f = {k: v for k, v in cand.row_signals.items() if k in keep}
    present = [
        rec.target.kind != "missing",
        rec.actual.kind != "missing",
        rec.weight.value is not None,
        rec.score.value is not None,
        rec.status.label is not None,
        rec.level2.value is not None,
    ]
    f["n_fields"] = sum(present) / len(present)
    f["name_len"] = min(len(name), 60) / 60
    f["name_has_digit"] = float(any(ch.isdigit() for ch in name))
    f["name_is_sentence"] = float(sum(name.count(p) for p in "，。；;") >= 2)
    # a header word, scoring rule, budget line or placeholder where the name stands
    f["name_junk"] = float(junk_name(name))
    f[f"target={rec.target.kind}"] = 1.0
    f["claim_prob"] = float(cand.signals.get("status", {}).get("claim_prob", 0.0))
    f[f"reader={rec.source}"] = 1.0
    for check in rec.checks:
        f[f"check:{check.rule}={check.result}"] = 1.0
    return f


def _pipeline(c: float) -> Pipeline:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline([("vec", DictVectorizer()), ("clf", LogisticRegression(C=c, max_iter=3000))])


Labelled = list[tuple[dict[str, float], bool]]


@dataclass
class CalibrationStage:
    """Logistic scores from the signals, then an isotonic map from those
    scores to observed accuracy. The isotonic map is fitted on out-of-fold
    scores (each training document scored by a model fitted without it), so
    it learns how the scores behave on a layout the model has not seen; it
    is monotone, so the ranking of fields (what a reviewer sees first) is
    the logistic model's."""

    model: LinearModel | None
    isotonic: IsotonicMap | None
    base_rate: float

    def __post_init__(self) -> None:  # fitted scikit-learn objects become arrays
        if self.model is not None:
            self.model = LinearModel.from_pipeline(self.model)
        if self.isotonic is not None:
            self.isotonic = IsotonicMap.from_sklearn(self.isotonic)

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model.to_json() if self.model is not None else None,
            "isotonic": self.isotonic.to_json() if self.isotonic is not None else None,
            "base_rate": self.base_rate,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CalibrationStage:
        model, iso = data["model"], data["isotonic"]
        return cls(
            LinearModel.from_json(model) if model is not None else None,
            IsotonicMap.from_json(iso) if iso is not None else None,
            float(data["base_rate"]),
        )

    def predict(self, feats: list[dict[str, float]]) -> np.ndarray:
        if not feats:
            return np.zeros(0)
        if self.model is None:
            return np.full(len(feats), self.base_rate)
        scores = _positive(self.model, feats)
        if self.isotonic is None:
            return scores
        # Isotonic maps are step functions: within a step, keep the model's
        # order (a shift of at most 0.0005, far below any calibration bin).
        calibrated = np.asarray(self.isotonic.predict(scores)) + _TIE_BREAK * (scores - 0.5)
        return np.clip(calibrated, 0.0, 1.0)


def _positive(model: Any, feats: list[dict[str, float]]) -> np.ndarray:
    linear = LinearModel.from_pipeline(model)
    classes = list(linear.classes_)
    return np.asarray(linear.predict_proba(feats)[:, classes.index(True)])


def _fit_logistic(data: Labelled, c: float) -> Pipeline | None:
    if len({ok for _, ok in data}) < 2:
        return None
    model = _pipeline(c)
    model.fit([f for f, _ in data], [ok for _, ok in data])
    return model


# The isotonic map needs out-of-fold scores; more inner folds than this add
# little and cost one logistic fit each (and the training loop fits one
# calibrator per held-out layout).
MAX_INNER_FOLDS = 6


def _pool(folds: list[Labelled], k: int) -> list[Labelled]:
    """At most ``k`` groups, each the union of whole folds (a layout stays in one)."""
    if len(folds) <= k:
        return folds
    pooled: list[Labelled] = [[] for _ in range(k)]
    for i, fold in enumerate(sorted(folds, key=len, reverse=True)):
        target = pooled[i] if i < k else min(pooled, key=len)
        target.extend(fold)
    return pooled


def fit_stage(folds: list[Labelled], c: float = 0.5) -> CalibrationStage:
    """Fit one stage from labelled signals grouped by layout (or document)."""
    folds = _pool(folds, MAX_INNER_FOLDS)
    data = [x for fold in folds for x in fold]
    base_rate = sum(ok for _, ok in data) / len(data) if data else 0.5
    model = _fit_logistic(data, c)
    if model is None:
        return CalibrationStage(None, None, base_rate)
    scores: list[float] = []
    truth: list[bool] = []
    for k, fold in enumerate(folds):
        rest = [x for j, other in enumerate(folds) if j != k for x in other]
        inner = _fit_logistic(rest, c)
        if inner is None or not fold:
            continue
        scores.extend(_positive(inner, [f for f, _ in fold]))
        truth.extend(ok for _, ok in fold)
    isotonic = None
    if len(set(truth)) == 2:
        from sklearn.isotonic import IsotonicRegression

        isotonic = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
        isotonic.fit(scores, truth)
    return CalibrationStage(model, isotonic, base_rate)


@dataclass
class Calibrator:
    fields: CalibrationStage
    rows: CalibrationStage

    def field_confidence(self, feats: list[dict[str, float]]) -> np.ndarray:
        return self.fields.predict(feats)

    def row_confidence(self, feats: list[dict[str, float]]) -> np.ndarray:
        return self.rows.predict(feats)


def fit_calibrator(field_folds: list[Labelled], row_folds: list[Labelled]) -> Calibrator:
    """Field and row calibrators from out-of-fold extractions, one list per document."""
    return Calibrator(fit_stage(field_folds), fit_stage(row_folds))


def apply_calibration(cands: list[Candidate], calibrator: Calibrator | None) -> None:
    """Write calibrated confidences into the records (or the fallback's)."""
    if not cands:
        return
    keys = [(i, f) for i in range(len(cands)) for f in RECORD_FIELDS]
    if calibrator is None:
        # No calibration model: confidence is the reader's own probability,
        # which is *not* calibrated; the engine warns about it.
        for i, f in keys:
            sig = cands[i].signals.get(f, {})
            _set(cands[i], f, float(sig.get("role_prob", 0.5)))
        for c in cands:
            c.record.confidence = JUNK_CONFIDENCE_CAP if c.row_signals.get("junk") else 0.5
        return
    probs = calibrator.field_confidence([field_features(cands[i], f) for i, f in keys])
    for (i, f), p in zip(keys, probs, strict=True):
        # Text read by OCR can be wrong even where the reading is right; the
        # two are treated as independent (no OCR'd gold to fit them jointly yet).
        ocr = cands[i].signals.get(f, {}).get("ocr_conf", 1.0)
        _set(cands[i], f, float(p) * ocr)
    rows = calibrator.row_confidence([row_features(c) for c in cands])
    for c, p in zip(cands, rows, strict=True):
        if c.row_signals.get("junk"):
            p = min(float(p), JUNK_CONFIDENCE_CAP)
        c.record.confidence = round(float(p), 4)


def _set(cand: Candidate, name: str, p: float) -> None:
    getattr(cand.record, name).confidence = round(min(1.0, max(0.0, p)), 4)


def save_calibrator(cal: Calibrator, model_dir: Path) -> None:
    write_json(
        {"fields": cal.fields.to_json(), "rows": cal.rows.to_json()},
        model_dir / CALIBRATION_FILE,
    )
    (model_dir / OLD_CALIBRATION_FILE).unlink(missing_ok=True)  # one calibration per folder


def load_calibrator(model_dir: Path) -> Calibrator:
    path = model_dir / CALIBRATION_FILE
    if path.is_file():
        try:
            data = json.loads(path.read_text("utf-8"))
            return Calibrator(
                CalibrationStage.from_json(data["fields"]),
                CalibrationStage.from_json(data["rows"]),
            )
        except (ValueError, KeyError, TypeError) as err:
            raise ExtractionError(str(path), f"not a calibration ({err})") from err
    old = model_dir / OLD_CALIBRATION_FILE
    if not old.is_file():
        raise ModelNotFound(str(path), "no calibration; run `extractor train`")
    obj = load_skops(old, "no calibration; run `extractor train`")
    try:
        stages = {
            name: CalibrationStage(part["model"], part["isotonic"], float(part["base_rate"]))
            for name, part in obj.items()
        }
        return Calibrator(stages["fields"], stages["rows"])
    except (KeyError, TypeError, AttributeError) as err:
        raise ModelNotFound(
            str(old), "calibration of an older format; run `extractor train`"
        ) from err
