"""What the stream reader trains on."""

from __future__ import annotations

import json
from pathlib import Path

from extractor.engine.stream.fit import labelled_renderings
from extractor.training.corpus import GoldDocument
from extractor.training.variants.flat import Labelled

DATA = Path(__file__).parent / "data"
GOLD = json.loads((DATA / "flat_form.json").read_text(encoding="utf-8"))


def test_a_table_document_is_rendered_in_every_shape_with_its_rows(tmp_path: Path) -> None:
    doc = GoldDocument("flat_form", DATA / "flat_form.txt", GOLD, layout="x", kind="table")
    items = labelled_renderings(doc, per_shape=1, seed=0)
    assert len(items) == 6
    assert all(any(role == "name" for _, _, role in it.spans) for it in items)


def _flattened(tmp_path: Path, joiner: str) -> Path:
    rows = [line.split("\t") for line in (DATA / "flat_form.txt").read_text().splitlines()]
    flat = tmp_path / "flat.txt"
    flat.write_text("\n".join(joiner.join(c for c in r if c.strip()) for r in rows), "utf-8")
    return flat


def test_an_already_flattened_document_is_labelled_from_its_gold(tmp_path: Path) -> None:
    # Cells run together: the renderer cannot see its table, the gold's texts can be found.
    flat = _flattened(tmp_path, "")
    doc = GoldDocument("flat", flat, GOLD, layout="y", kind="flattened")
    items = labelled_renderings(doc, per_shape=1, seed=0)
    assert items
    text = items[0].text
    found = {(role, text[a:b]) for a, b, role in items[0].spans}
    for ind in GOLD["indicators"]:
        assert ("name", ind["name"]) in found
        assert ("target", ind["target"]["text"]) in found
        assert ("actual", ind["actual"]["text"]) in found
    # weight before score in the fused digits: 1010 is weight 10 then score 10
    first = GOLD["indicators"][0]
    start = text.index(first["name"])
    spans = sorted((a, role) for a, b, role in items[0].spans if a >= start)[:6]
    assert [role for _, role in spans][:5] == ["name", "target", "actual", "weight", "score"]


def test_a_flattened_document_whose_gold_is_not_in_it_teaches_nothing(tmp_path: Path) -> None:
    # Labelling a text its gold does not describe would teach that its rows are not rows.
    other = tmp_path / "other.txt"
    other.write_text("首页 > 信息公开\n关于开展春季植树活动的通知", encoding="utf-8")
    doc = GoldDocument("other", other, GOLD, layout="y", kind="flattened")
    assert labelled_renderings(doc, per_shape=1, seed=0) == []


# A self-evaluation form whose cells lost every separator, as a web page reprints it:
# a summary that names the first indicator, the header glued into one word, the
# level-1 label carrying its points, and the 总分 line after the last row.
GLUED = (
    "项目名称乡村道路养护项目\n"
    "年度总体目标预期目标实际完成情况养护乡村道路120公里，路况明显改善。\n"
    "绩效指标一级指标二级指标三级指标年度指标值实际完成值分值得分\n"
    "产出指标（20分）数量指标养护乡村道路≥100公里120公里1010"
    "质量指标养护路段验收合格率≥95%97%109\n"
    "总分10096"
)
GLUED_GOLD = {
    "indicators": [
        {
            "level1": "产出指标", "level2": "数量指标", "name": "养护乡村道路",
            "target": {"text": "≥100公里"}, "actual": {"text": "120公里"},
            "weight": 10, "score": 10,
        },
        {
            "level1": "产出指标", "level2": "质量指标", "name": "养护路段验收合格率",
            "target": {"text": "≥95%"}, "actual": {"text": "97%"}, "weight": 10, "score": 9,
        },
    ]
}  # fmt: skip
HEADER_CELLS = frozenset(
    {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"}
)


def _glued_item(tmp_path: Path, cells: frozenset[str] = HEADER_CELLS) -> Labelled:
    path = tmp_path / "glued.txt"
    path.write_text(GLUED, encoding="utf-8")
    doc = GoldDocument("glued", path, GLUED_GOLD, layout="g", kind="flattened")
    (item, *_) = labelled_renderings(doc, per_shape=1, seed=0, header_cells=cells)
    return item


def _glued_spans(tmp_path: Path, cells: frozenset[str] = HEADER_CELLS) -> list[tuple[str, str]]:
    item = _glued_item(tmp_path, cells)
    return [(role, item.text[a:b]) for a, b, role in sorted(item.spans)]


def test_a_glued_header_is_cut_into_the_header_cells_of_the_corpus(tmp_path: Path) -> None:
    headers = [t for role, t in _glued_spans(tmp_path) if role == "header"]
    assert headers[-7:] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
    ]
    # Without the corpus's cells the glued header is not labelled a header.
    spans = _glued_spans(tmp_path, frozenset())
    assert not [t for role, t in spans if role == "header" and "指标" in t]


def test_a_glued_forms_level_points_names_and_scores_are_where_the_form_writes_them(
    tmp_path: Path,
) -> None:
    spans = _glued_spans(tmp_path)
    # The level-1 label keeps its points: the decoder adds the weights up to them.
    assert ("level1", "产出指标（20分）") in spans
    # The first row's name is the row's, not the summary's (养护乡村道路120公里).
    k = spans.index(("name", "养护乡村道路"))
    assert spans[k - 1] == ("level2", "数量指标")
    assert spans[k + 1] == ("target", "≥100公里")
    # The last row's score is the 9 after its weight, not a digit of the 总分 line.
    assert spans[-2:] == [("weight", "10"), ("score", "9")]
    assert GLUED.rindex("109") + 2 == max(
        a for a, _, role in _glued_item(tmp_path).spans if role == "score"
    )
