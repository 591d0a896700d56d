"""Generated 自评报告 prose where each indicator is one sentence of running text.

The narrative reports of many sectors state an indicator in one clause run:
"全年建成X三十二个，年度目标为不少于三十个，已完成", "X：计划…，实际完成…，
完成率…%，未完成，主要原因是…", "X为92%，目标值≥90%，已完成" — the name inside
the sentence, the actual before or after the target, counts in Chinese
numerals, and the reason for a miss after the claim (DEVIATION). Used by
``variants.generate_document`` as its "sentence" layout; the section headings
around the statements and the 存在的问题 paragraphs with figures are written
here too, so the span model sees numbers that belong to no indicator.
"""

from __future__ import annotations

import dataclasses
import random
import re
from typing import Any

import cn2an

from extractor.engine.prose.annotations import AnnotatedParagraph
from extractor.engine.prose.vocab import Department, IndicatorSpec

SENTENCES = [
    "全年{N}{A}，年度目标为{T}，{C}",
    "{N}{A}，年度目标为{T}，{C}",
    "{N}达到{A}，目标{T}，{C}",
    "{N}：计划{T}，实际完成{A}，{C}",
    "{N}计划{T}，实际{A}，完成率{R}%，{C}",
    "{N}：目标值{T}；完成值{A}；{C}",
    "{N}为{A}，目标值{T}，{C}",
    "{N}年度目标任务{T}，全年完成{A}，{C}",
    "{N}实际{A}，目标值{T}，{C}",
    "全年{N}{A}，较年度目标{T}{C}",
    "{N}目标{T}，实际达到{A}，{C}",
    "{N}，年初目标值{T}，实际完成{A}，{C}",
    "{N}，目标值{T}，完成值{A}，{C}",
    "{N}，计划{T}，实际{A}，{C}",
    "{N}，年度目标{T}，全年实际{A}，{C}",
    # published reports' list and table-turned-sentence styles
    "{N}：目标值{T}，实际完成值{A}，得分{S}分，{C}",
    "{N}：年度目标{T}，实际完成{A}，{C}",
    "三级指标“{N}”年度指标值为{T}，实际完成值为{A}，{C}",
    "“{N}”指标值为{T}，实际完成值为{A}，{C}",
    "{N}，计划{T}，实际完成{A}，完成率{R}%，{C}",
    "{N}{A}，年度目标{T}，{C}",
    "{N}，目标值{T}，实际值{A}，{C}",
]
# Statements that give only what was done, no target and no claim ("1.数量指标。
# 该项目处治里程8公里,完成…"): written for rows whose report makes no claim.
ACTUAL_ONLY = ["{N}{A}", "该项目{N}{A}", "完成{N}{A}", "{N}为{A}", "{N}达到{A}", "项目{N}{A}"]
# Statements that give the actual and a completion rate only (no target).
NO_TARGET = ["{N}{A}，{C}", "{N}为{A}，{C}", "全年{N}{A}，{C}"]
RATE_CLAIMS = ["指标完成率100%", "完成率100%", "指标已完成"]
# "指标3：" or "（3）" before a statement written one a paragraph
MARKERS = ["指标{k}：", "（{k}）", "{k}.", "", "", "{c}", "({k})", "{k}）"]
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# How a level-2 paragraph opens: "1.数量指标：", "数量指标方面，", "（1）数量指标。"
L2_LEADS = [
    ("{m}.", "："),
    ("", "："),
    ("", "方面，"),
    ("（{m}）", "。"),
    ("({m})", "："),
]
L1_HEADS = [
    ("（{c}）", ""),
    ("{m}.", ""),
    ("（{c}）", "完成情况"),
    ("{m}.", "完成情况"),
    ("{c}、", "完成情况"),
]
# Full-width punctuation and its ASCII twin, one character each, so that a
# converted paragraph keeps its span offsets.
ASCII_TWIN = str.maketrans("，：；（）！？", ",:;()!?")
REASON_LEADS = ["，主要原因是", "，原因是", "，主要是", "。主要原因：", "，"]
REASONS = [
    "部分项目前期手续办理时间较长",
    "受连续降雨影响工期推后",
    "上级资金下达较晚",
    "部分服务对象信息尚在核实",
    "实施单位中途调整",
    "设备采购流程延长",
    "申报对象少于预期",
    "个别乡镇配套资金未及时到位",
    "人员变动导致工作衔接不畅",
    "部分点位选址需重新论证",
]
PROBLEMS = [
    "部分乡镇工作力量薄弱，平均每名工作人员负责{n}户",
    "项目资金拨付进度偏慢，年底集中支付{n}万元",
    "设备老化问题突出，使用超过{k}年的设备占{p}%",
    "绩效目标设置不够细化，约{p}%的指标为定性表述",
    "下一步计划新增{n}个服务点，覆盖率提高到{p}%以上",
    "力争明年资金执行率达到{p}%以上，支出进度提高{k}个百分点",
]
_INT = re.compile(r"^(不少于|至少|不低于|≥)?(\d{2,4})([^\d%‰.]{1,3})$")


def _chinese(value: str, rng: random.Random) -> str:
    """An integer count written as Chinese numerals now and then (三十二个)."""
    m = _INT.match(value)
    if not m or rng.random() > 0.35:
        return value
    return (m.group(1) or "") + str(cn2an.an2cn(int(m.group(2)))) + m.group(3)


def _sentence(
    spans: list[tuple[int, int, str]], text: list[str], fmt: str, slots: dict[str, Any]
) -> None:
    pos = 0
    for m in re.finditer(r"\{([A-Z])\}", fmt):
        text.append(fmt[pos : m.start()])
        piece, label = slots[m.group(1)]
        start = sum(len(t) for t in text)
        text.append(piece)
        if label and piece:
            spans.append((start, start + len(piece), label))
        pos = m.end()
    text.append(fmt[pos:])


def statement(
    f: Any, rng: random.Random, actual_only: bool = False
) -> tuple[str, list[tuple[int, int, str]]]:
    """One indicator as a sentence: text and (start, end, label) spans."""
    spec: IndicatorSpec = f.spec
    fmt = rng.choice(SENTENCES)
    claim = f.claim or rng.choice(["已完成", "完成目标值"])
    if actual_only or (f.status is None and rng.random() < 0.7):
        fmt = rng.choice(ACTUAL_ONLY)
    elif f.status == "completed" and rng.random() < 0.25:
        claim = rng.choice(RATE_CLAIMS)
        if rng.random() < 0.4:
            fmt = rng.choice(NO_TARGET)
    slots = {
        "N": (spec.name.removesuffix("（是否）"), "NAME"),
        "T": (_chinese(f.target, rng), "TARGET"),
        "A": (_chinese(f.actual or f.target, rng), "ACTUAL"),
        "C": (claim, "CLAIM"),
        "R": (str(rng.randint(80, 99) if f.status in ("not_completed", "partial") else 100), None),
        "S": (str(rng.choice([5, 8, 10, 10, 15, 20])), None),
    }
    text: list[str] = []
    spans: list[tuple[int, int, str]] = []
    _sentence(spans, text, fmt, slots)
    if f.status in ("not_completed", "partial") and "{C}" in fmt:
        _sentence(
            spans, text, rng.choice(REASON_LEADS) + "{D}", {"D": (rng.choice(REASONS), "DEVIATION")}
        )
    return "".join(text), spans


def problem_paragraphs(rng: random.Random) -> list[AnnotatedParagraph]:
    heads = ["三、存在的问题", "（三）存在的问题及原因分析", "四、下一步改进措施", "四、改进措施"]
    out = [AnnotatedParagraph(rng.choice(heads[:2]))]
    picked = rng.sample(PROBLEMS, 3)
    fill = {"n": rng.randint(12, 900), "k": rng.randint(2, 9), "p": rng.randint(20, 98)}
    out.append(AnnotatedParagraph("；".join(p.format(**fill) for p in picked[:2]) + "。"))
    out.append(AnnotatedParagraph(rng.choice(heads[2:])))
    out.append(AnnotatedParagraph(picked[2].format(**fill) + "。"))
    return out


def sentence_section(
    dept: Department,
    ordered: list[tuple[str, list[list[IndicatorSpec]]]],
    filled: dict[int, Any],
    rng: random.Random,
) -> tuple[list[AnnotatedParagraph], list[dict[str, str | None]]]:
    """Level headings and one paragraph per level 2 (or per indicator)."""
    from extractor.engine.prose.annotations import LabelledSpan

    paras: list[AnnotatedParagraph] = []
    expected: list[dict[str, str | None]] = []
    per_indicator = rng.random() < 0.4
    # some reports state only what was done, level by level, in one sentence
    actual_only = not per_indicator and rng.random() < 0.5
    sep = "，" if actual_only else "；"
    l1_head = rng.choice(L1_HEADS)
    l2_lead = rng.choice(L2_LEADS)
    for j, (l1, lists) in enumerate(ordered, start=1):
        head = l1_head[0].format(c="一二三四五"[j - 1], m=j)
        paras.append(
            AnnotatedParagraph(
                head + l1 + l1_head[1], [LabelledSpan(len(head), len(head) + len(l1), "LEVEL1")]
            )
        )
        for m, specs in enumerate(lists, start=1):
            lead = l2_lead[0].format(m=m)
            l2 = specs[0].level2
            spans = [LabelledSpan(len(lead), len(lead) + len(l2), "LEVEL2")]
            if per_indicator:  # "1.数量指标" as a line of its own, statements below
                paras.append(AnnotatedParagraph(lead + l2, spans))
                text, spans = "", []
            else:
                text = lead + l2 + l2_lead[1]
            for k, spec in enumerate(specs):
                if per_indicator and k:
                    paras.append(AnnotatedParagraph(text.rstrip("；") + "。", spans))
                    text, spans = "", []
                s_text, s_spans = statement(filled[id(spec)], rng, actual_only)
                if per_indicator:
                    k = len(expected) + 1
                    marker = rng.choice(MARKERS).format(k=k, c=CIRCLED[(k - 1) % len(CIRCLED)])
                    s_text = marker + s_text
                    s_spans = [(a + len(marker), b + len(marker), lab) for a, b, lab in s_spans]
                base = len(text)
                spans += [LabelledSpan(base + a, base + b, lab) for a, b, lab in s_spans]
                text += s_text + sep
                f = filled[id(spec)]
                expected.append(
                    {
                        "group": None,
                        "level1": spec.level1,
                        "level2": spec.level2,
                        "name": spec.name.removesuffix("（是否）"),
                        "target": None,
                        "actual": None,
                        "claim": None if actual_only else f.claim,
                    }
                )
            paras.append(AnnotatedParagraph(text.rstrip(sep) + "。", spans))
    paras += problem_paragraphs(rng)
    return paras, expected


def ascii_twin(paragraphs: list[AnnotatedParagraph]) -> list[AnnotatedParagraph]:
    """The same paragraphs in ASCII punctuation (",:;()"), as many published
    reports are typed; spans keep their offsets."""
    return [dataclasses.replace(p, text=p.text.translate(ASCII_TWIN)) for p in paragraphs]
