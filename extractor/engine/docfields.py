"""Document-level fields: form type, department, year, budget lines, stated scores.

Form type is decided by transparent title rules first, because the forms name
themselves (部门整体支出绩效自评表, 绩效目标申报表, …) and a rule that reads the
title is exact and explainable; a char n-gram classifier trained on
``training_data/form_types`` is the fallback for titles no rule covers.

Rule for a narrative report with an appended form (sample 002: "整体绩效自评结果"
followed by 附件:部门整体绩效自评表): the *opening lines* decide. A document whose
opening names a report (报告, 自评结果, 情况说明) is an ``evaluation_report``; a
document whose opening is a form's title is that form's type.

Department: the most specific full name. Candidates come from labelled cells
or fields (部门名称 / 单位名称 / 编制单位 …) and from the title lines; the labelled
value wins, unless another candidate is a longer name ending with it
(武汉市蔡甸区民政局 ⊃ 蔡甸区民政局), which is the same body written in full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from extractor.engine.budget import read_budget_lines
from extractor.engine.textclf import Example, fit_and_save, load_pipeline, read_jsonl
from extractor.types import BlockKind, BudgetLine, Document, Evidence, FormType, Model, ScalarField

OPENING_CHARS = 400
OPENING_LINES = 4


class DocumentFields(Model):
    form_type: ScalarField = Field(default_factory=lambda: ScalarField(value="unknown"))
    department: ScalarField = Field(default_factory=ScalarField)
    year: ScalarField = Field(default_factory=ScalarField)
    budget: list[BudgetLine] = Field(default_factory=list)
    stated_total_score: ScalarField = Field(default_factory=ScalarField)
    budget_execution_score: ScalarField = Field(default_factory=ScalarField)


def evidence_for(doc: Document, start: int, end: int) -> Evidence:
    """Evidence for ``doc.text[start:end]``: lines and pages counted from the text."""
    before = doc.text[:start]
    return Evidence(
        page=before.count("\f") + 1,
        line_start=before.count("\n") + 1,
        line_end=doc.text[:end].count("\n") + 1,
        char_start=start,
        char_end=end,
    )


def _opening(doc: Document) -> list[tuple[int, str]]:
    """The first non-blank lines (start offset, stripped text), cells joined by spaces."""
    lines: list[tuple[int, str]] = []
    offset = 0
    for raw in doc.text[: OPENING_CHARS * 2].split("\n"):
        text = " ".join(raw.replace("\f", "").split())
        if text:
            lines.append((offset + raw.index(text.split()[0]), text))
        offset += len(raw) + 1
        if len(lines) == OPENING_LINES:
            break
    return lines


# --------------------------------------------------------------------------
# Form type
# --------------------------------------------------------------------------

_REPORT = re.compile(r"(绩效|自评|评价).{0,14}(报告|结果|情况说明)")
_FORM_RULES: tuple[tuple[FormType, re.Pattern[str]], ...] = (
    ("target_approval", re.compile(r"绩效目标(申报|批复|审核)?表")),
    ("project_self_evaluation", re.compile(r"项目.*(绩效)?(自评|评价|评分).*表")),
    ("department_self_evaluation", re.compile(r"(部门|单位)?整体.*(绩效)?(自评|评价).*表")),
)
RULE_CONFIDENCE = 0.95  # every rule hit on training_data/form_types is right (see tests)
FALLBACK_UNKNOWN_CONFIDENCE = 0.5


def form_type_by_rules(opening: list[str]) -> tuple[FormType, int] | None:
    """(form type, index of the deciding line): the first opening line that names
    a report or a form decides."""
    for index, line in enumerate(opening):
        # A title ending in 表 names a form even where it says 自评结果 (…结果汇总表).
        is_form_title = line.rstrip("）)").endswith("表")
        if _REPORT.search(line) and not is_form_title:
            return "evaluation_report", index
        for form, pattern in _FORM_RULES:
            if pattern.search(line):
                return form, index
        if _REPORT.search(line):
            return "evaluation_report", index
    return None


def train_form_types(data_dir: Path, out_dir: Path) -> dict[str, float]:
    """Train the fallback classifier on ``data_dir/*.jsonl``; grouped-CV metrics."""
    rows = read_jsonl(sorted(data_dir.glob("*.jsonl")))
    examples = [Example(str(r["text"]), str(r["label"]), str(r["group"])) for r in rows]
    return fit_and_save(examples, out_dir, ngram_range=(1, 3))


@dataclass
class FormTypeClassifier:
    model_dir: Path

    def __post_init__(self) -> None:
        self._pipeline = load_pipeline(self.model_dir)

    def predict(self, opening_text: str) -> tuple[str, float]:
        probs = self._pipeline.predict_proba([opening_text])[0]
        best = int(probs.argmax())
        return str(self._pipeline.classes_[best]), float(probs[best])


TITLE_SEARCH_LINES = 40
TITLE_MAX_CHARS = 50
LATER_TITLE_CONFIDENCE = 0.85


def _title_lines(doc: Document) -> list[tuple[int, str]]:
    """Short lines among the first ``TITLE_SEARCH_LINES`` (offset, squashed text)."""
    out: list[tuple[int, str]] = []
    offset = 0
    for n, raw in enumerate(doc.text.split("\n")):
        if n >= TITLE_SEARCH_LINES:
            break
        text = "".join(raw.replace("\f", "").split())
        if 4 <= len(text) <= TITLE_MAX_CHARS:
            out.append((offset, text))
        offset += len(raw) + 1
    return out


def opening_text(doc: Document) -> str:
    """What the fallback form-type classifier reads: the opening lines, unspaced."""
    return "\n".join(t.replace(" ", "") for _, t in _opening(doc))


def read_form_type(doc: Document, fallback: FormTypeClassifier | None = None) -> ScalarField:
    opening = _opening(doc)
    texts = [t.replace(" ", "") for _, t in opening]  # 部 门 整 体 … titles spaced out in PDFs
    decided = form_type_by_rules(texts)
    if decided is not None:
        form, index = decided
        start = opening[index][0]
        ev = evidence_for(doc, start, start + len(doc.text[start:].split("\n", 1)[0].rstrip()))
        return ScalarField(value=form, confidence=RULE_CONFIDENCE, evidence=ev)
    # A saved web page puts its title below the site's navigation: a short
    # line further down that names a form or a report decides, less surely.
    later = _title_lines(doc)
    # Below the chrome, a form's own title wins over a page heading that
    # only announces a publication (…自评结果公开).
    decided = next(
        ((form, i) for i, (_, t) in enumerate(later) for form, p in _FORM_RULES if p.search(t)),
        None,
    ) or form_type_by_rules([t for _, t in later])
    if decided is not None:
        form, index = decided
        start, line = later[index]
        ev = evidence_for(doc, start, start + len(line))
        return ScalarField(value=form, confidence=LATER_TITLE_CONFIDENCE, evidence=ev)
    if fallback is not None and texts:
        label, prob = fallback.predict(opening_text(doc))
        return ScalarField(value=label, confidence=prob)
    return ScalarField(value="unknown", confidence=FALLBACK_UNKNOWN_CONFIDENCE)


# --------------------------------------------------------------------------
# Department
# --------------------------------------------------------------------------

_ORG_SUFFIX = (
    r"(?:局|委员会|委|厅|办公室|办|中心|院|所|站|馆|联合会|协会|政府|街道办事处|街道|学校|医院"
    r"|大学|学院|公司|队|处|科|部|署|会|室)"
)
_PLACE = r"[\u4e00-\u9fff]{1,6}(?:省|市|县|区|州|旗|盟|镇|乡)"
_HAS_PLACE = re.compile(r"[省市县区州旗盟镇乡]")
_NAME_LABEL = re.compile(
    r"^(?:部门|单位|部门[（(]单位[)）]|预算单位|主管部门|编制单位|填报单位|项目单位|实施单位|发布机构)"
    r"(?:名称)?[：:]?$"
)
_NAME_FIELD = re.compile(
    # A saved web page's 主办单位/承办单位 name the site's operator, not the department.
    r"(?<![主承协])(?:部门|单位|预算单位|主管部门|编制单位|填报单位|实施单位|发布机构)(?:名称)?"
    r"(?:[（(][^)）\n]{0,6}[)）])?"
    # Glued text drops the colon: then only a name that opens with its place follows.
    rf"(?:[：:]\s*|(?={_PLACE}))"
    rf"(?P<name>[\u4e00-\u9fff（）()]{{2,30}}?{_ORG_SUFFIX})"
)
_TITLE_NAME = re.compile(
    rf"^(?:\d{{4}}年度?)?(?P<name>[\u4e00-\u9fff]{{2,30}}?{_ORG_SUFFIX})"
    r"(?=本级|\d{4}年|关于|部门|项目|整体|$)"
)
_NOT_A_NAME = re.compile(
    r"^(部门|单位|项目|整体|预算|本级)|主管部门|实施单位|填报单位|预算单位|部门名称|单位名称"
)
LABELLED_CONFIDENCE = 0.95
TITLE_CONFIDENCE = 0.8


@dataclass(frozen=True)
class _Candidate:
    name: str
    labelled: bool
    evidence: Evidence


def _clean_name(name: str) -> str:
    return re.sub(r"[（(]本级[)）]?$", "", "".join(name.split()))


def _cell_candidates(doc: Document) -> list[_Candidate]:
    out = []
    for block in doc.blocks():
        if block.kind != BlockKind.table:
            continue
        for row in block.rows:
            cells = [c for c in row.cells if c.text]
            for label, value in zip(cells, cells[1:], strict=False):
                name = _clean_name(value.text)
                if _NAME_LABEL.match(label.text.replace(" ", "")) and re.search(
                    f"{_ORG_SUFFIX}$", name
                ):
                    out.append(_Candidate(name, True, value.evidence))
    return out


def _field_candidates(doc: Document) -> list[_Candidate]:
    out = []
    for m in _NAME_FIELD.finditer(doc.text):
        name = _clean_name(m.group("name"))
        out.append(_Candidate(name, True, evidence_for(doc, m.start("name"), m.end("name"))))
    return out


def _title_candidates(doc: Document) -> list[_Candidate]:
    out = []
    for start, line in _opening(doc):
        m = _TITLE_NAME.match(line.replace(" ", ""))
        if m and not _NOT_A_NAME.search(m.group("name")):
            name = m.group("name")
            pos = doc.text.find(name, start)
            ev = evidence_for(doc, pos, pos + len(name)) if pos >= 0 else Evidence()
            out.append(_Candidate(name, False, ev))
    return out


# Last resort: a body named anywhere, with its place (某某县水利局, 某某市教育局).
_PLACED_NAME = re.compile(
    r"(?P<place>[\u4e00-\u9fff]{1,8}(?:省|市|县|区|州|旗|盟|镇|乡))"
    rf"[\u4e00-\u9fff]{{1,14}}?{_ORG_SUFFIX}"
    r"(?![\u4e00-\u9fff]{0,2}(?:指标|率|数|量|费))"
)
MENTIONED_CONFIDENCE = 0.6


def _mentioned_candidates(doc: Document) -> list[_Candidate]:
    out = []
    for m in _PLACED_NAME.finditer(doc.text[:20000]):
        # The place starts after the last function word before it (本表由 | 柳溪县).
        cut = max(m.group("place").rfind(w) + 1 for w in "由在向对经据与和及的为是")
        name = _clean_name(m.group(0)[cut:])
        if not _NOT_A_NAME.search(name):
            ev = evidence_for(doc, m.start() + cut, m.end())
            out.append(_Candidate(name, False, ev))
    return out


def read_department(doc: Document) -> ScalarField:
    labelled = _cell_candidates(doc) + _field_candidates(doc)
    titles = _title_candidates(doc)
    everything = labelled + titles
    if not everything:
        # A department named in the text is never left out: the most
        # mentioned placed name, at a confidence that says it was guessed.
        mentioned = _mentioned_candidates(doc)
        if not mentioned:
            return ScalarField(value=None, confidence=0.6)
        counts: dict[str, int] = {}
        for c in mentioned:
            counts[c.name] = counts.get(c.name, 0) + 1
        best_name = max(
            counts,
            key=lambda n: (counts[n], -mentioned.index(next(c for c in mentioned if c.name == n))),
        )
        first = next(c for c in mentioned if c.name == best_name)
        return ScalarField(
            value=best_name, confidence=MENTIONED_CONFIDENCE, evidence=first.evidence
        )
    best = labelled[0] if labelled else titles[0]
    longer = everything
    if not _HAS_PLACE.search(best.name):
        # 发布单位：教育局 names the body without its place; a placed mention completes it.
        longer = everything + _mentioned_candidates(doc)
    fuller = [c for c in longer if len(c.name) > len(best.name) and c.name.endswith(best.name)]
    if fuller:
        best = max(fuller, key=lambda c: len(c.name))
    agree = sum(1 for c in everything if c.name.endswith(best.name) or best.name.endswith(c.name))
    base = LABELLED_CONFIDENCE if labelled else TITLE_CONFIDENCE
    confidence = min(0.99, base + 0.01 * (agree - 1))
    return ScalarField(value=best.name, confidence=confidence, evidence=best.evidence)


# --------------------------------------------------------------------------
# Year and stated total score
# --------------------------------------------------------------------------

_YEAR_OF_REPORT = re.compile(r"((?:19|20)\d{2})\s*年度")
_YEAR_PLAIN = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
# One character for one, so offsets into the translated text are offsets into
# doc.text: 二〇二二年度 and ２０２２年度 read as 2022年度.
_DIGITS = str.maketrans("〇零一二三四五六七八九０１２３４５６７８９", "001234567890123456789")


def read_year(doc: Document) -> ScalarField:
    """The report year from the opening (年度 preferred), else the commonest 年度 year;
    a filling date (填报日期：2023年3月15日) is never taken."""
    text = doc.text.translate(_DIGITS)
    opening = _opening(doc)
    head_end = max(OPENING_CHARS, opening[-1][0] + len(opening[-1][1]) if opening else 0)
    for pattern, confidence in ((_YEAR_OF_REPORT, 0.97), (_YEAR_PLAIN, 0.85)):
        m = pattern.search(text[:head_end])
        if m:
            return ScalarField(
                value=int(m.group(1)),
                confidence=confidence,
                evidence=evidence_for(doc, m.start(1), m.end(1)),
            )
    years = list(_YEAR_OF_REPORT.finditer(text))
    if not years:
        return ScalarField(value=None, confidence=0.6)
    counts: dict[str, int] = {}
    for m in years:
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    year = max(counts, key=lambda y: counts[y])
    first = next(m for m in years if m.group(1) == year)
    return ScalarField(
        value=int(year), confidence=0.75, evidence=evidence_for(doc, first.start(1), first.end(1))
    )


_TOTAL_SCORE = re.compile(
    # Not a bare 总分: forms use it for the maximum (总分 100).
    r"(?:总得分|得分合计|自评得分|综合得分|评价得分)"
    r"\s*(?:[（(][^)）\n]{0,20}[)）])?[\s:：]*(?P<score>\d{1,3}(?:\.\d+)?)"
)


def read_stated_total(doc: Document) -> ScalarField:
    """自评得分(满分100分) 97.36 -> 97.36 (the parenthesised 满分 is skipped)."""
    m = _TOTAL_SCORE.search(doc.text)
    if m is None or float(m.group("score")) > 100:
        return ScalarField(value=None, confidence=0.7)
    return ScalarField(
        value=float(m.group("score")),
        confidence=0.9,
        evidence=evidence_for(doc, m.start("score"), m.end("score")),
    )


_BUDGET_SCORE = re.compile(
    r"预算执行(?:率|情况)?\s*[（(]\s*(?P<max>\d{1,2})\s*分\s*[)）][\s:：]*(?P<score>\d{1,2}(?:\.\d+)?)"
)


def read_budget_execution_score(doc: Document) -> ScalarField:
    """预算执行(10分)  10.00 -> 10.0: the points outside the indicator rows."""
    m = _BUDGET_SCORE.search(doc.text)
    if m is None or float(m.group("score")) > float(m.group("max")):
        return ScalarField(value=None, confidence=0.7)
    return ScalarField(
        value=float(m.group("score")),
        confidence=0.9,
        evidence=evidence_for(doc, m.start("score"), m.end("score")),
    )


def read_document_fields(
    doc: Document, form_classifier: FormTypeClassifier | None = None
) -> DocumentFields:
    return DocumentFields(
        form_type=read_form_type(doc, form_classifier),
        department=read_department(doc),
        year=read_year(doc),
        budget=read_budget_lines(doc),
        stated_total_score=read_stated_total(doc),
        budget_execution_score=read_budget_execution_score(doc),
    )
