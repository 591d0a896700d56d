"""Generated 自评报告 prose in other departments' vocabulary and phrasings.

Produced at train time (never committed in bulk) so the model sees summary
lists ("（1）数量指标：A 20个；B ≥95%"), per-indicator analyses ("①A" then
"此指标目标值为…，实际完成…，完成目标值。"), inline forms ("指标1：A：该指标年初
目标值为≥95%，实际完成值为98%，已完成。") and distractor paragraphs.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from extractor.engine.prose.annotations import AnnotatedDoc, AnnotatedParagraph, LabelledSpan
from extractor.engine.prose.vocab import (
    DEPARTMENTS,
    Department,
    IndicatorSpec,
    mixed_department,
)

CN = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
ASCII_SHARE = 0.3  # generated reports typed with ",:;()"
CLAIMS = {
    "completed": [
        "完成目标值",
        "已完成",
        "达成预期指标",
        "达到预期目标",
        "全面完成",
        "超额完成",
        "完成年度目标",
        "已达成",
        "指标已完成",
    ],
    "partial": ["部分完成", "基本完成", "部分达成预期指标"],
    "not_completed": ["未完成", "未达到目标值", "未达成预期指标"],
}
PLACEHOLDER = re.compile(r"\{([A-Z])\}")


class _Builder:
    """Concatenate text pieces, recording labelled spans by character offset."""

    def __init__(self) -> None:
        self.text = ""
        self.spans: list[LabelledSpan] = []

    def add(self, piece: str, label: str | None = None) -> None:
        if label and piece:
            self.spans.append(LabelledSpan(len(self.text), len(self.text) + len(piece), label))
        self.text += piece

    def template(self, fmt: str, slots: dict[str, tuple[str, str | None]]) -> None:
        """Fill ``{X}`` placeholders from ``slots`` (text, label)."""
        pos = 0
        for m in PLACEHOLDER.finditer(fmt):
            self.add(fmt[pos : m.start()])
            text, label = slots[m.group(1)]
            self.add(text, label)
            pos = m.end()
        self.add(fmt[pos:])

    def paragraph(self) -> AnnotatedParagraph:
        return AnnotatedParagraph(self.text, self.spans)


def _num(x: float) -> str:
    return str(int(round(x))) if x >= 20 or float(x).is_integer() else f"{x:.1f}"


@dataclass
class _Filled:
    spec: IndicatorSpec
    target: str
    actual: str | None
    status: str | None  # completed | partial | not_completed | None (no claim)
    claim: str | None


def _target_actual(spec: IndicatorSpec, rng: random.Random, status: str | None) -> tuple[str, str]:
    ok = status in (None, "completed")
    u = spec.unit
    if spec.kind == "count":
        n = spec.base * rng.choice([0.5, 0.8, 1, 1, 1.2, 1.5, 2])
        n = round(n, 1) if spec.base < 4 else float(max(1, round(n)))
        t = rng.choice(
            ["{n}{u}", "≥{n}{u}", "不少于{n}{u}", "至少{n}{u}", "不低于{n}{u}", "{n}{u}以上"]
        )
        a = n * rng.uniform(1.0, 1.3) if ok else n * rng.uniform(0.6, 0.95)
        a = round(a, 1) if spec.base < 4 else float(round(a))
        return t.format(n=_num(n), u=u), f"{_num(a)}{u}"
    if spec.kind == "rate":
        p = min(100.0, spec.base + rng.choice([0, 0, 1, 2, -1]))
        t = rng.choice(["{p}%", "≥{p}%", "不低于{p}%", "{p}%以上", "达到{p}%以上"])
        a = min(100.0, p + rng.uniform(0, 5)) if ok else p - rng.uniform(1, 8)
        a_txt = _num(round(a)) if rng.random() < 0.6 else f"{a:.1f}"
        return t.format(p=_num(p)), f"{a_txt}%"
    if spec.kind == "cost":
        n = spec.base
        t = rng.choice(
            ["≤{n}{u}", "不超过{n}{u}", "控制在{n}{u}以内", "{n}{u}以内", "不高于{n}{u}"]
        )
        a = n * rng.uniform(0.8, 1.0) if ok else n * rng.uniform(1.05, 1.2)
        return t.format(n=_num(n), u=u), f"{a:.2f}{u}" if a < 1000 else f"{_num(a)}{u}"
    if spec.kind == "deadline":
        t = rng.choice(
            [
                "12月底前",
                "2023年12月31日前",
                "6月底前",
                "按时",
                "及时",
                "年底前完成",
                "10月底前",
                "每月10日前",
                "按时完成",
                "年底前",
            ]
        )
        done = rng.choice(
            ["11月完成", "按时完成", "2023年11月", "10月底前完成", "及时发放", "按月足额发放"]
        )
        return t, (done if ok else "次年1月完成")
    if spec.kind == "bool":
        return "是", ("是" if ok else "否")
    t = rng.choice(["稳步提升", "有所提升", "持续改善", "明显改善", "逐步完善", "有效提升", "提升"])
    return t, rng.choice(["有效提升", "明显改善", "稳步提升", "持续改善", "显著提升"])


def _fill(spec: IndicatorSpec, rng: random.Random) -> _Filled:
    status: str | None = rng.choices(
        ["completed", "partial", "not_completed", None], weights=[72, 7, 8, 13]
    )[0]
    target, actual = _target_actual(spec, rng, status)
    claim = rng.choice(CLAIMS[status]) if status else None
    return _Filled(spec, target, actual, status, claim)


def _filler(dept: Department, rng: random.Random) -> str:
    return rng.choice(
        [
            f"2022年{dept.agency}积极统筹资金，强化组织保障",
            f"{dept.agency}持续推进相关工作，加强督导检查",
            "通过召开专题会议、实地督导等方式推动工作落实",
            "严格按照项目管理要求组织实施",
            f"全年共投入资金{rng.randint(20, 900)}.{rng.randint(10, 99)}万元",
            f"组织召开推进会{rng.randint(2, 12)}次，印发工作方案{rng.randint(1, 5)}份",
            f"覆盖{rng.randint(3, 30)}个乡镇（街道）",
            "建立工作台账，实行清单化管理",
        ]
    )


def _narrative(dept: Department, rng: random.Random) -> str:
    """Several clauses of report prose: enumerations, figures that are not the
    indicator's actual, noun phrases that look like names. All unlabelled."""
    words = rng.sample(NARRATIVE_WORDS, 4)
    n = rng.randint(2, 90)
    clauses = [
        f"{dept.agency}扎实开展{words[0]}工作",
        f"规范落实{words[1]}、{words[2]}、{words[3]}等各项措施",
        f"累计发放资金{rng.randint(10, 3000)}.{rng.randint(1, 99)}万元",
        f"惠及{rng.randint(100, 9000)}户{rng.randint(100, 20000)}人",
        f"组织开展{words[0]}活动{n}场",
        f"确保{words[1]}不降低、举措不放松",
        "强化部门协作",
        f"覆盖{rng.randint(3, 40)}个村{rng.randint(1, 9)}个社区",
        f"探索形成{words[2]}、{words[3]}相结合的工作模式",
        f"有效解决{words[0]}难、{words[1]}慢等问题",
        f"进一步提升{words[2]}水平",
        f"联合{rng.randint(2, 6)}家服务机构完成服务{rng.randint(100, 9999)}单",
        f"其中{words[3]}{rng.randint(2, 300)}个",
        f"{rng.choice(dept.indicators).name.removesuffix('（是否）')}等工作稳步推进",
        f"同步推进{rng.choice(dept.indicators).name.removesuffix('（是否）')}",
        f"开展系列{words[1]}活动",
        f"充分发挥{words[2]}作用",
    ]
    return "，".join(rng.sample(clauses, rng.randint(2, 4)))


NARRATIVE_WORDS = (
    "安全隐患排查整治",
    "人员出入管理",
    "物资消杀交接",
    "关爱照料服务",
    "入户走访",
    "心理疏导",
    "政策宣传",
    "动态管理",
    "信息化建设",
    "资金监管",
    "台账管理",
    "业务培训",
    "督导检查",
    "应急演练",
    "档案建设",
    "绩效考核",
    "群众满意",
    "服务质量",
    "党建引领",
    "志愿服务",
)


DETAIL_TEMPLATES = [
    "此指标目标值为{T}，{F}，全年{V}{A}。{C}。",
    "此指标目标值为{T}，{G}，{N}{A}，{C}。",
    "此指标目标值为{T}，{G}。全年{V}{A}{O}，{F}。{C}。",
    "此指标目标值为{T}，{G}，{F}。{C}。",
    "此指标目标值为{T}，2022年{G}，{N}达到{A}，{C}。",
    "该指标年初目标值为{T}，实际完成值为{A}，{C}。",
    "指标值：{T}；完成值：{A}；{C}。",
    "目标：{T}；实际：{A}，{C}",
    "年初设定目标为{T}，{F}，实际完成{A}，{C}。",
    "计划{T}，实际{A}，{C}。",
    "目标值{T}，实际值{A}，{C}。",
    "该项指标目标值设定为{T}，{F}，截至年底实际完成{A}，{C}。",
    "预期目标为{T}。{F}，实际完成{A}，{C}。",
    "此指标目标值为{T}，{F}。{C}。",
    "年度目标值{T}，{F}，完成值{A}，{C}。",
    "目标值为{T}，完成{A}，完成率{R}%，{C}。",
]
NO_CLAIM_TEMPLATES = [
    "此指标目标值为{T}，{G}，{N}{A}。",
    "此指标目标值为{T}，{G}。",
    "此指标目标值为{T}，{F}，全年{V}{A}。",
    "该指标年初目标值为{T}，实际完成值为{A}。",
    "指标值：{T}；完成值：{A}",
    "此指标目标值为{T}，{F}。",
]


def _detail(b: _Builder, f: _Filled, dept: Department, rng: random.Random) -> None:
    templates = DETAIL_TEMPLATES if f.claim else NO_CLAIM_TEMPLATES
    fmt = rng.choice(templates)
    slots: dict[str, tuple[str, str | None]] = {
        "T": (f.target, "TARGET"),
        "A": (f.actual or "", "ACTUAL"),
        "C": (f.claim or "", "CLAIM"),
        "F": (_filler(dept, rng), None),
        "V": (rng.choice(["完成", "实现", "共完成", "累计完成", "达到"]), None),
        "R": (str(rng.randint(90, 130)), None),
        "G": (_narrative(dept, rng), None),
        "N": (f.spec.name.removesuffix("（是否）"), None),  # restated, not the NAME line
        "O": (rng.choice(["项目", "工程", "服务点", "设施"]), None),
    }
    b.template(fmt, slots)


def _marker(k: int, style: str) -> str:
    return {
        "circled": CIRCLED[(k - 1) % 10],
        "paren": f"（{k}）",
        "dot": f"{k}.",
        "zhdot": f"{k}、",
        "ascii": f"({k})",
        "zhibiao": f"指标{k}：",
        "none": "",
    }[style]


def _group_heading(b: _Builder, k: int, goal: str, style: str) -> str:
    if style == "project":
        b.add("项目名称：")
        b.add(goal + "项目", "GROUP")
        return goal + "项目"
    text = {
        "nianduk": f"年度目标{k}：{goal}",
        "mubiao": f"目标{k}：{goal}",
        "jixiao": f"绩效目标{k}：{goal}",
        "zhineng": f"职能{CN[k - 1]}：{goal}",
    }[style]
    b.add(text, "GROUP")
    return text


def _level_heading(
    b: _Builder, label: str, value: str, k: int, analysis: bool, rng: random.Random
) -> None:
    if label == "LEVEL1":
        prefix = rng.choice([f"{k}.", f"{k}、", f"（{CN[k - 1]}）", f"{CN[k - 1]}、"])
    else:
        prefix = rng.choice([f"（{k}）", f"{k}）", f"({k})", f"{k}."])
    suffix = rng.choice(["完成情况分析", "完成情况", "方面"]) if analysis else ""
    b.add(prefix)
    b.add(value, label)
    b.add(suffix)


def _short_level2(level2: str, rng: random.Random) -> str:
    if level2.endswith("效益指标") and rng.random() < 0.5:
        return level2[: -len("指标")]
    return level2


def _summary_item(b: _Builder, f: _Filled, rng: random.Random, list_name: str) -> str | None:
    """Write one list item; return the target as written (None when left out)."""
    style = rng.choice(["{N}{T}", "{N}{T}", "{N}（{T}）", "{N}：{T}", "{N}为{T}"])
    if f.target[:1].isdigit() and rng.random() < 0.3:
        style = "{N}达到{T}"
    if f.spec.kind in ("bool", "qual") and rng.random() < 0.6:
        style = "{N}"
    b.template(style, {"N": (list_name, "NAME"), "T": (f.target, "TARGET")})
    return f.target if "{T}" in style else None


def _distractors(dept: Department, rng: random.Random) -> list[str]:
    n = rng.randint(10000, 90000)
    return [
        f"{dept.agency}2022年度部门年初预算为{n:,}.{rng.randint(10, 99)}万元，调整后预算数为"
        f"{n - rng.randint(100, 900):,}.00万元，执行率达{rng.randint(90, 100)}.{rng.randint(0, 99):02d}%。",
        "一、部门整体绩效目标完成情况",
        "（一）执行率情况",
        "三、存在的问题和原因分析",
        f"2022年度{dept.agency}没有未完成的绩效目标。",
        "四、下一步拟改进措施",
        "1、完善项目业务资料管理，强化绩效管理主体责任。",
        f"全年共召开会议{rng.randint(3, 20)}次，下发文件{rng.randint(5, 40)}份。",
        "附件：部门整体绩效自评表",
        f"单位名称：{dept.agency}               填报日期：2023.3.15",
        "备注：",
        "1.预算执行情况口径：预算数为年初预算总额（包括上年结余结转），执行数为调整后单位实际支出数。",
        "2.定性指标分档原则：分为达成预期指标、部分达成预期指标并具有一定效果、"
        "未达成预期指标且效果较差三档。选择部分达成或未达成的，必须说明原因和改进措施。",
    ]


def _expected(group: str | None, f: _Filled, name: str) -> dict[str, str | None]:
    return {
        "group": group,
        "level1": f.spec.level1,
        "level2": f.spec.level2,
        "name": name,
        "target": f.target or None,
        "actual": f.actual,
        "claim": f.claim,
    }


def generate_document(dept: Department, index: int, seed: int = 0) -> AnnotatedDoc:
    """One synthetic 自评报告 for ``dept`` with annotated spans and expected records;
    some typed in ASCII punctuation throughout, as many published ones are."""
    from extractor.engine.prose.variants_sentences import ASCII_TWIN, ascii_twin

    doc = _document(dept, index, seed)
    if random.Random(f"ascii-{seed}-{dept.key}-{index}").random() < ASCII_SHARE:
        doc.paragraphs = ascii_twin(doc.paragraphs)
        doc.expected = [
            {k: v.translate(ASCII_TWIN) if isinstance(v, str) else v for k, v in rec.items()}
            for rec in doc.expected
        ]
    return doc


def _document(dept: Department, index: int, seed: int) -> AnnotatedDoc:
    rng = random.Random(f"{seed}-{dept.key}-{index}")
    paras: list[AnnotatedParagraph] = []
    expected: list[dict[str, str | None]] = []
    distract = _distractors(dept, rng)
    paras += [AnnotatedParagraph(t) for t in distract[:3]]
    goals = rng.sample(dept.goals, k=rng.randint(1, 3))
    specs = list(dept.indicators)
    rng.shuffle(specs)
    per = max(2, len(specs) // len(goals))
    groups = [(g, specs[i * per : (i + 1) * per]) for i, g in enumerate(goals)]
    layout = rng.choice(
        ["summary+detail", "summary+detail", "detail", "summary", "inline"] + ["sentence"] * 3
    )
    group_style = rng.choice(
        ["nianduk", "nianduk", "mubiao", "jixiao", "zhineng", "project", "none"]
    )
    marker_style = rng.choice(["circled", "circled", "paren", "dot", "zhdot", "ascii", "zhibiao"])
    filled = {id(s): _fill(s, rng) for _, items in groups for s in items}

    def ordered(items: list[IndicatorSpec]) -> list[tuple[str, list[list[IndicatorSpec]]]]:
        out: dict[str, dict[str, list[IndicatorSpec]]] = {}
        for s in sorted(items, key=lambda s: ("产效满成".index(s.level1[0]), s.level2)):
            out.setdefault(s.level1, {}).setdefault(s.level2, []).append(s)
        return [(l1, list(by2.values())) for l1, by2 in out.items()]

    def heading(k: int, goal: str) -> str | None:
        if group_style == "none":
            return None
        b = _Builder()
        text = _group_heading(b, k, goal, group_style)
        paras.append(b.paragraph())
        return text

    if layout == "sentence":
        from extractor.engine.prose.variants_sentences import sentence_section

        items = [s for _, group_items in groups for s in group_items]
        more, expected = sentence_section(dept, ordered(items), filled, rng)
        paras += more
        return AnnotatedDoc(f"gen-{dept.key}-{index}", paras, expected)
    if "summary" in layout:
        for k, (goal, items) in enumerate(groups, start=1):
            group = heading(k, goal)
            if rng.random() < 0.5:
                paras.append(AnnotatedParagraph(f"2022年度年度目标{k}的绩效目标均已完成，其中："))
            for j, (l1, lists) in enumerate(ordered(items), start=1):
                b = _Builder()
                _level_heading(b, "LEVEL1", l1, j, False, rng)
                paras.append(b.paragraph())
                for m, specs2 in enumerate(lists, start=1):
                    b = _Builder()
                    b.add(f"（{m}）")
                    b.add(_short_level2(specs2[0].level2, rng), "LEVEL2")
                    b.add(rng.choice(["：", "方面："]))
                    sep = rng.choice(["；", "；", "，"])
                    for n, s in enumerate(specs2):
                        if n:
                            b.add(sep)
                        name = s.name.removesuffix("（是否）") if rng.random() < 0.5 else s.name
                        written = _summary_item(b, filled[id(s)], rng, name)
                        if layout == "summary":
                            expected.append(
                                _expected(group, _Filled(s, written or "", None, None, None), name)
                            )
                    b.add("。")
                    paras.append(b.paragraph())
    if layout != "summary":
        if "summary" in layout:
            paras.append(
                AnnotatedParagraph(rng.choice(["二、绩效目标完成情况分析", "绩效目标完成情况分析"]))
            )
        for k, (goal, items) in enumerate(groups, start=1):
            group = heading(k, goal)
            for j, (l1, lists) in enumerate(ordered(items), start=1):
                b = _Builder()
                _level_heading(b, "LEVEL1", l1, j, True, rng)
                paras.append(b.paragraph())
                with_l2 = rng.random() < 0.8
                counter = 0
                for m, specs2 in enumerate(lists, start=1):
                    if with_l2:
                        b = _Builder()
                        _level_heading(
                            b, "LEVEL2", _short_level2(specs2[0].level2, rng), m, True, rng
                        )
                        paras.append(b.paragraph())
                    counter = 0 if with_l2 else counter
                    for s in specs2:
                        counter += 1
                        f = filled[id(s)]
                        b = _Builder()
                        b.add(_marker(counter, marker_style))
                        b.add(s.name, "NAME")
                        if layout == "inline":
                            b.add(rng.choice(["：", "。", "，"]))
                        else:
                            paras.append(b.paragraph())
                            b = _Builder()
                        _detail(b, f, dept, rng)
                        paras.append(b.paragraph())
                        actual = f.actual if any(sp.label == "ACTUAL" for sp in b.spans) else None
                        expected.append(
                            _expected(
                                group, _Filled(s, f.target, actual, f.status, f.claim), s.name
                            )
                        )
    paras += [AnnotatedParagraph(t) for t in distract[3:]]
    return AnnotatedDoc(f"gen-{dept.key}-{index}", paras, expected)


def generate_corpus(
    departments: list[str] | None = None, per_department: int = 6, seed: int = 0
) -> list[AnnotatedDoc]:
    """``per_department`` generated documents for each named department (all by default)."""
    keys = departments if departments is not None else [d.key for d in DEPARTMENTS]
    return [
        generate_document(d, i, seed)
        for d in DEPARTMENTS
        if d.key in keys
        for i in range(per_department)
    ]


def generate_mixed(n_docs: int, seed: int = 0, objects: Sequence[str] = ()) -> list[AnnotatedDoc]:
    """Documents of made-up departments with composed indicator names
    (``gen-mix-<n>``); every second one composes them from ``objects``."""
    return [
        generate_document(
            mixed_department("mix", seed * 1000 + i, objects if i % 2 else ()), i, seed
        )
        for i in range(n_docs)
    ]


def name_objects(docs: Sequence[AnnotatedDoc], seed: int = 0) -> list[str]:
    """Word pairs recombined from the NAME spans of ``docs``: names the span
    model has never seen as a whole, so that it learns a name from where it
    stands (before a value, after a level lead) rather than from its words."""
    import jieba

    words = sorted(
        {
            w
            for d in docs
            for p in d.paragraphs
            for s in p.spans
            if s.label == "NAME"
            for w in jieba.lcut(p.text[s.start : s.end])
            if len(w) >= 2 and not any(c.isdigit() for c in w)
        }
    )
    if len(words) < 20:
        return []
    rng = random.Random(f"objects-{seed}")
    return ["".join(rng.sample(words, rng.choice([1, 2, 2, 3]))) for _ in range(400)]
