"""The stream tokenizer's cut must be jieba's (the trained stream model learned
on jieba's words): wordcut reads jieba's dictionary lazily and cuts as
``jieba.lcut(text, HMM=False)``."""

from __future__ import annotations

import logging
from pathlib import Path

import jieba
import pytest

from extractor.engine.stream.tokens import tokenize
from extractor.engine.stream.wordcut import cut, prefix_dictionary

# A self-assessment form's lines as a flattened PDF gives them: indicator names,
# comparators, units, fused numbers, traditional characters, ASCII, rare characters.
TEXT = """2025年度项目支出绩效自评表
项目名称：农村饮水安全巩固提升工程  主管部门：县水利局
一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分
产出指标 数量指标 新建集中供水工程（处） ≥12处 12处 10 10
質量指標 水質檢測合格率 >=95% 96.5% 10 9
时效指标 工程按期完工率 100% 100% 10 10
效益指标 社会效益指标 受益人口覆盖率 ≥90% 88% 10 8
满意度指标 服务对象满意度 受益群众满意度 ≥85% 92%
偏差原因：部分山区管网铺设受汛期影响，工期顺延；PE管材价格上涨。
改进措施：加强与乡镇对接，䶮䶮龘靐齉齾 优化施工组织，确保2026年Q1全部通水。
"""


@pytest.fixture(scope="module")
def jieba_ready() -> None:
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()


@pytest.mark.usefixtures("jieba_ready")
def test_cuts_a_form_as_jieba_does() -> None:
    assert cut(TEXT) == jieba.lcut(TEXT, HMM=False)
    for line in TEXT.splitlines():
        assert cut(line) == jieba.lcut(line, HMM=False)


@pytest.mark.usefixtures("jieba_ready")
def test_stream_tokens_are_jiebas_words() -> None:
    words = [t.text for t in tokenize(TEXT) if t.kind == "cjk"]
    expected = [w for run in _cjk_runs(TEXT) for w in jieba.lcut(run, HMM=False)]
    assert words == expected
    assert "绩效" in words or "自评表" in words  # dictionary words, not single characters


@pytest.mark.usefixtures("jieba_ready")
def test_entries_and_total_are_jiebas() -> None:
    table = prefix_dictionary()
    assert table.total == jieba.dt.total
    fragments = {TEXT[i:j] for i in range(len(TEXT)) for j in range(i + 1, min(i + 8, len(TEXT)))}
    fragments |= {w for w in jieba.dt.FREQ if w[0] in "指标满意"}  # words and bare prefixes
    for fragment in fragments:
        assert table._entry(fragment) == jieba.dt.FREQ.get(fragment), fragment


def _cjk_runs(text: str) -> list[str]:
    from extractor.engine.stream.tokens import _RUN

    return [m.group() for m in _RUN.finditer(text) if m.lastgroup == "cjk"]


def test_the_index_kept_for_later_runs_is_the_one_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extractor.engine.stream import wordcut

    # A small dictionary in jieba's layout (word, frequency, tag), characters out of order.
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("绩效 120 n\n指标 300 n\n绩效目标 40 n\n满意度 80 n\n指 5 v\n", "utf-8")
    monkeypatch.setattr(wordcut, "_index_file", lambda path: tmp_path / f"{path.name}.npy")
    built = wordcut.PrefixDictionary(dictionary)  # nothing kept yet: indexes and keeps
    assert (tmp_path / "dict.txt.npy").exists()
    kept = wordcut.PrefixDictionary(dictionary)
    assert kept.total == built.total == 545
    fresh = built._index(dictionary)[:3]
    assert [a.tolist() for a in fresh] == [
        a.tolist() for a in (kept._chars, kept._starts, kept._ends)
    ]
    assert [kept._entry(f) for f in ["绩效", "绩效目", "指", "满", "度"]] == [120, 0, 5, 0, None]
    # Rewritten, the file is another dictionary: its index is kept under another name.
    monkeypatch.undo()
    before = wordcut._index_file(dictionary)
    dictionary.write_text("绩效 121 n\n", "utf-8")
    assert wordcut._index_file(dictionary) != before
