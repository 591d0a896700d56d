"""Document fields on the three samples and on variants derived from them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import pytest

from extractor.engine.docfields import (
    RULE_CONFIDENCE,
    FormTypeClassifier,
    form_type_by_rules,
    read_document_fields,
    read_form_type,
    train_form_types,
)
from extractor.ingest import load_bytes, load_document
from extractor.types import Document, FormType, ScalarField

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TITLES = ROOT / "training_data" / "form_types"


def sample(prefix: str) -> Document:
    [path] = EXAMPLES.glob(f"{prefix}_*.txt")
    return load_document(path)


def doc_of(text: str) -> Document:
    return load_bytes(text.encode("utf-8"), "variant.txt")


def quoted(doc: Document, field: ScalarField) -> str:
    assert field.evidence is not None
    return doc.text[field.evidence.char_start : field.evidence.char_end]


def test_sample_000_department_form() -> None:
    doc = sample("000")
    fields = read_document_fields(doc)
    assert fields.form_type.value == "department_self_evaluation"
    assert fields.department.value == "柳州市民政局"
    assert quoted(doc, fields.department) == "柳州市民政局"
    assert fields.year.value == 2022
    assert fields.stated_total_score.value == 97.36
    assert quoted(doc, fields.stated_total_score) == "97.36"
    assert fields.budget_execution_score.value == 10.0
    total = fields.budget[0]
    assert (total.label, total.initial, total.adjusted, total.actual, total.execution_rate) == (
        "合计",
        16539.54,
        14845.77,
        14845.77,
        100.0,
    )
    assert total.unit == "万元"
    assert [b.label for b in fields.budget][1:] == [
        "其中：一般公共预算拨款",
        "政府性基金",
        "国有资本经营预算",
        "其他资金",
    ]


def test_sample_001_project_form() -> None:
    fields = read_document_fields(sample("001"))
    assert fields.form_type.value == "project_self_evaluation"
    assert fields.year.value == 2021
    assert fields.department.value == "民政局"
    assert fields.department.confidence < 0.9  # only the title names it
    assert fields.stated_total_score.value is None
    assert fields.budget_execution_score.value is None


def test_sample_002_report_with_appended_form() -> None:
    doc = sample("002")
    fields = read_document_fields(doc)
    assert fields.form_type.value == "evaluation_report"
    assert quoted(doc, fields.form_type) == "2022年度整体绩效自评结果"
    # 单位名称 says 蔡甸区民政局; the full name 武汉市蔡甸区民政局 is the same body.
    assert fields.department.value == "武汉市蔡甸区民政局"
    assert fields.year.value == 2022
    [line] = fields.budget
    assert (line.label, line.initial, line.actual, line.execution_rate, line.unit) == (
        "部门整体支出总额",
        23367.0,
        23367.0,
        100.0,
        "万元",
    )


@pytest.mark.parametrize(
    ("text", "form"),
    [
        (
            "2023年度XX县教育局部门整体支出绩效自评表\n部门名称\tXX县教育局",
            "department_self_evaluation",
        ),
        ("办公设备购置项目支出绩效自评表(2021年度)\n", "project_self_evaluation"),
        ("2024年度部门预算项目绩效目标申报表\n", "target_approval"),
        ("关于2022年度农村公路养护项目绩效自评报告\n一、项目概况", "evaluation_report"),
        (
            "武汉市蔡甸区民政局\n\n2022年度整体绩效自评结果\n附件:部门整体绩效自评表",
            "evaluation_report",
        ),
        (
            "2022年度蔡甸区民政局部门整体绩效自评表\n单位名称：蔡甸区民政局",
            "department_self_evaluation",
        ),
    ],
)
def test_form_type_rules_on_titles(text: str, form: FormType) -> None:
    assert read_form_type(doc_of(text)).value == form


def test_rules_are_exact_where_they_fire_on_the_title_set() -> None:
    rows = [json.loads(line) for line in (TITLES / "titles.jsonl").read_text("utf-8").splitlines()]
    decided = [(form_type_by_rules(r["text"].split("\n")), r["label"]) for r in rows]
    fired = [(d[0], label) for d, label in decided if d is not None]
    assert len(fired) > 200
    assert all(got == want for got, want in fired)
    # Every report form in the set is covered; only non-reports fall through.
    assert {label for d, label in decided if d is None} <= {"unknown"}


def test_fallback_classifier_for_titles_no_rule_covers(tmp_path: Path) -> None:
    metrics = train_form_types(TITLES, tmp_path)
    assert metrics["accuracy"] > 0.7
    classifier = FormTypeClassifier(tmp_path)
    field = read_form_type(doc_of("2023年度财政局收入支出决算总表\n单位：万元\n"), classifier)
    assert field.value in get_args(FormType)
    assert field.confidence != RULE_CONFIDENCE
    assert read_form_type(doc_of("2023年度部门整体支出绩效自评表"), classifier).confidence == (
        RULE_CONFIDENCE
    )


@pytest.mark.parametrize(
    ("text", "department"),
    [
        ("2022年度部门整体绩效自评表\n部门名称\t柳州市民政局\t部门编码\t202\n", "柳州市民政局"),
        (
            "2022年度部门整体绩效自评表\n单位名称：蔡甸区民政局      填报日期：2022.3.15\n",
            "蔡甸区民政局",
        ),
        (
            "武汉市蔡甸区民政局\n2022年度整体绩效自评结果\n单位名称：蔡甸区民政局\n",
            "武汉市蔡甸区民政局",
        ),
        ("长沙县教育局2022年度部门整体支出绩效自评报告\n一、基本情况\n", "长沙县教育局"),
        ("2022年度项目支出绩效自评表\n编制单位：武汉市蔡甸区民政局(本级）\n", "武汉市蔡甸区民政局"),
    ],
)
def test_department_variants(text: str, department: str) -> None:
    doc = doc_of(text)
    field = read_document_fields(doc).department
    assert field.value == department
    assert quoted(doc, field) == department


def test_no_department_is_null() -> None:
    assert read_document_fields(doc_of("2022年度部门整体绩效自评表\n")).department.value is None


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("填报日期：2023年3月15日\n2022年度部门整体支出绩效自评表\n", 2022),
        ("办公设备购置项目支出绩效自评表（2021年度）\n填报日期：2022.3.15\n", 2021),
        ("部门整体支出绩效自评表\n填报日期：2023年3月15日\n", None),
        ("2021年度民政局本级部门预算项目绩效自评表\n", 2021),
        ("二〇二二年度部门整体支出绩效自评报告\n", 2022),
        ("２０２３年度项目支出绩效自评表\n", 2023),
        (
            "部门整体支出绩效自评表\n一、基本情况\n"
            + "说明。\n" * 100
            + "2020年度目标\n2021年度\n2021年度\n",
            2021,
        ),
    ],
)
def test_year_is_the_report_year_not_the_filling_date(text: str, year: int | None) -> None:
    assert read_document_fields(doc_of(text)).year.value == year


def test_stated_total_variants() -> None:
    text = "2022年度部门整体绩效自评表\n\t自评得分\n\t88.5\n"
    assert read_document_fields(doc_of(text)).stated_total_score.value == 88.5
    text = "2022年度部门整体绩效自评表\n总分\t100\t自评总得分：91\n"
    assert read_document_fields(doc_of(text)).stated_total_score.value == 91.0


def _fields(text: str) -> tuple[object, object, object]:
    from extractor.engine.docfields import read_document_fields

    f = read_document_fields(load_bytes(text.encode(), "t.txt"))
    return f.form_type.value, f.department.value, f.year.value


def test_a_title_ending_in_biao_is_a_form_even_with_jieguo() -> None:
    text = "柳溪县农业农村局2023年度项目支出绩效自评结果汇总表\n项目名称\t一级指标\n"
    assert _fields(text)[0] == "project_self_evaluation"
    assert _fields("2022年度项目支出绩效评价指标评分表\n一级指标\n")[0] == "project_self_evaluation"
    assert _fields("2023年度整体绩效自评结果\n一、基本情况\n")[0] == "evaluation_report"


def test_department_after_a_stamp_note() -> None:
    text = "2024年部门整体支出绩效目标表\n填报单位（盖章）：柳溪县水利局\t金额单位：万元\n"
    assert _fields(text)[1] == "柳溪县水利局"


def test_a_department_named_only_in_the_body_is_not_null() -> None:
    text = (
        "首页 > 信息公开 > 财政预决算\n发布时间：2024-05-10\n"
        "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t推广良种面积\t≥3000亩\n"
        "本表由柳溪县农业农村局财务股负责解释。\n"
    )
    assert _fields(text)[1] == "柳溪县农业农村局"


def test_saved_web_page_publisher_is_the_department_not_the_site_operator() -> None:
    text = (
        "柳溪县人民政府门户网站\n首页\n政务公开\n当前位置：首页 > 预算绩效\n"
        "索引号：\t0001/2024-1\t发布机构：\t柳溪县交通运输局\n"
        "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t农村公路养护里程\t≥300公里\n"
        "主办单位：柳溪县人民政府办公室\t承办单位：柳溪县数据资源中心\n"
    )
    assert _fields(text)[1] == "柳溪县交通运输局"


def test_form_title_below_a_web_page_s_navigation() -> None:
    text = (
        "无障碍 | 长者模式\n柳溪县人民政府门户网站\n首页\n政务公开\n互动交流\n"
        "当前位置：首页 > 预算绩效\n标题：柳溪县交通运输局2024年度项目支出绩效自评结果公开\n"
        "项目支出绩效自评表\n项目名称\t农村客运站运营补助\n"
    )
    assert _fields(text)[0] == "project_self_evaluation"


def test_label_words_in_a_line_are_not_part_of_the_name() -> None:
    text = (
        "项目支出绩效自评表（2024年度）\n主管部门\t柳溪县交通运输局\t\t实施单位\t柳溪县交通运输局\n"
    )
    assert _fields(text)[1] == "柳溪县交通运输局"


def test_department_in_glued_text_without_colons() -> None:
    text = (
        "附件：2023年项目支出绩效自评表柳溪县水利局2023年12月28日绩效目标自评表(2023年度)"
        "项目名称小型水库标准化管护项目主管部门柳溪县水利局实施单位柳溪县水库管理站资金情况(万元)"
        "全年预算数(A)全年执行数(B)\n"
    )
    assert _fields(text)[1] == "柳溪县水利局"


def test_a_department_labelled_without_its_place_is_completed_by_a_placed_mention() -> None:
    text = (
        "发布单位:林业局\n项目支出绩效目标表\n主管部门\n\n[021003]柳溪县林业局\n\n"
        "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t新造林面积\t≥1200亩\n"
    )
    assert _fields(text)[1] == "柳溪县林业局"
