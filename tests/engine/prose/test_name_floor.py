"""The name floor: fitted on folds, saved beside the prose model, read back by it.

The statement below names an indicator the span model never saw (a verb and an
object of a new sector), so its name scores under the span threshold while its
target and claim are found: it is read only through a name candidate at or
above the floor. The report is written for this test.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support import ROOT

from extractor.engine.prose import load_prose
from extractor.engine.prose.name_floor import (
    FLOOR_FILE,
    UNFITTED_FLOOR,
    choose,
    load_name_floor,
    save_name_floor,
)
from extractor.ingest import load_bytes

SHIPPED = ROOT / "models" / "default" / "prose"
STATEMENT = (
    "二、绩效目标完成情况\n"
    "1.数量指标：全年建成村级气象信息站三十二个，年度目标为不少于三十个，已完成。\n"
)


def test_the_floor_that_reads_most_rows_right_is_chosen_then_the_higher() -> None:
    # 0.005 finds the most rows, but reads more of them wrong than 0.02
    figures = {
        0.005: {"f1": 0.902, "all_fields": 0.919},
        0.02: {"f1": 0.900, "all_fields": 0.926},
        0.05: {"f1": 0.887, "all_fields": 0.927},
        0.1: {"f1": 0.868, "all_fields": 0.928},
        0.5: {"f1": 0.816, "all_fields": 0.932},
    }
    assert choose(figures) == 0.02
    assert (
        choose({0.05: {"f1": 0.9, "all_fields": 0.9}, 0.1: {"f1": 0.9, "all_fields": 0.9}}) == 0.1
    )


def test_a_model_without_a_fitted_floor_keeps_the_one_it_shipped_with(tmp_path: Path) -> None:
    assert load_name_floor(tmp_path) == UNFITTED_FLOOR
    save_name_floor(tmp_path, {"name_floor": 0.2, "pooled_by_floor": {}})
    assert load_name_floor(tmp_path) == 0.2
    assert json.loads((tmp_path / FLOOR_FILE).read_text(encoding="utf-8"))["name_floor"] == 0.2


@pytest.fixture(scope="module")
def model_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("prose") / "prose"
    shutil.copytree(SHIPPED, folder)
    return folder


def _names(model_dir: Path) -> list[str]:
    doc = load_bytes(STATEMENT.encode("utf-8"), "report.txt")
    return [str(r.name.value) for r in load_prose(model_dir).read(doc)]


def test_the_reader_recovers_names_down_to_the_floor_saved_with_the_model(
    model_copy: Path,
) -> None:
    save_name_floor(model_copy, {"name_floor": 0.05})
    assert load_prose(model_copy).name_floor == 0.05
    assert any("气象信息站" in n for n in _names(model_copy))
    # a floor above every candidate's score leaves the statement without a name
    save_name_floor(model_copy, {"name_floor": 0.99})
    assert not any("气象信息站" in n for n in _names(model_copy))


def test_fitting_keeps_name_candidates_down_to_the_lowest_candidate_floor(
    model_copy: Path,
) -> None:
    save_name_floor(model_copy, {"name_floor": 0.3})
    assert load_prose(model_copy).nlp.get_pipe("spancat").cfg["threshold"] == 0.3
    fitting = load_prose(model_copy, candidate_floor=0.0)
    assert fitting.nlp.get_pipe("spancat").cfg["threshold"] == 0.0
    assert fitting.name_floor == 0.3
