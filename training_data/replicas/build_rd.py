"""Corpus d: flattened forms as document-sharing sites and web pages give them (issue 10).

Shapes seen in published reports read through the ``pages`` corpus (content here
is invented; only the structure and damage are kept):

D1 document-site one-line dump (train): the file's metadata (author id,
   timestamps, app version, GUID, counts, False False False) then the whole
   project form on one line with single spaces; the actual is often a bare
   number under a target with a unit (≥50个 | 50); a level-2 label with no
   rows left standing; the site's preview ends mid-form (rows after the cut
   are not in the gold).
D2 document-site preview with fused cells (train): the preview text of an
   uploaded form: cells run together with no separator, the text cut into
   numbered page snippets (``1、`` ``2、``) mid-row, a form with no weight
   column (年初目标值(A) 实际完成值(B) 得分) and two goal blocks
   (年度绩效目标1(40分)...), so target, actual and score fuse (100%100%10).
D3 web page rows with single spaces (train): each table row on its own line,
   cells separated by one space, merged labels written once, a note line
   under the table.

Run from anywhere: ``PYTHONPATH=. .venv/bin/python training_data/replicas/build_rd.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rb_common import (  # noqa: E402
    ROOT,
    Ind,
    ProjectForm,
    fmt,
    gold_row,
    is_indicator,
    one_line,
    parse_rows,
    project_grid,
    write_doc,
)
from rc_common import check_gold_in_doc, form_gold  # noqa: E402

MANIFEST = ROOT / "training_data" / "manifest" / "corpus_d.jsonl"

LAYOUTS = {
    "d1": (
        "d1-docsite-one-line",
        "document-sharing site dump: file metadata line, then the whole project form on one line with "
        "single spaces; bare-number actuals under targets with units (≥50个 | 50); a level-2 label left "
        "without rows; the preview cut mid-form",
    ),
    "d2": (
        "d2-docsite-fused-preview",
        "document-sharing site preview: cells run together with no separator, cut into numbered page "
        "snippets (1、 2、) mid-row; no weight column (年初目标值(A) 实际完成值(B) 得分), two goal blocks, so "
        "target, actual and score fuse (100%100%10)",
    ),
    "d3": (
        "d3-web-space-rows",
        "web page table copied as text: one table row a line, cells separated by single spaces, merged "
        "labels written once, a note under the table",
    ),
}

# =============================================================================
# D1 document-site one-line dumps
# =============================================================================

BRIDGE = ProjectForm(
    project="农村公路危桥改造项目",
    supervisor="石门县交通运输局",
    implementer="石门县农村公路管理站",
    year=2023,
    budget=(420, 420, 411.6),
    budget_score=9.8,
    goal="完成农村公路危桥改造7座，消除通行安全隐患，改善群众出行条件。",
    goal_done="完成危桥改造7座，均通过交工验收，通行条件明显改善。",
    inds=parse_rows("""
产出指标（50分）|数量指标|危桥改造数量|≥7座|7|10|10|
|质量指标|交工验收合格率|100%|100|10|10|
|质量指标|工程资料归档完整性|完整规范|达成预期指标|5|5|
|时效指标|改造工程完工时间|2023年11月底前|达成预期指标|10|10|
|成本指标|单座危桥改造平均成本|≤60万元|58.8|15|15|
效益指标（30分）|社会效益指标|沿线群众出行安全保障|效果明显|达成预期指标|15|15|
|可持续影响指标|桥梁使用年限|≥30年|达成预期指标|15|15|
满意度指标（10分）|服务对象满意度指标|沿线群众满意度|≥90%|95|10|10|
"""),
)

CLINIC = ProjectForm(
    project="村卫生室基本药物补助项目",
    supervisor="汾北县卫生健康局",
    implementer="汾北县基层卫生服务中心",
    year=2022,
    budget=(96, 96, 93.1),
    budget_score=9.7,
    goal="对实施基本药物制度的村卫生室给予补助，保障基本药物零差率销售。",
    goal_done="补助村卫生室148个，基本药物零差率销售全面落实。",
    inds=parse_rows("""
产出指标（50分）|数量指标|补助村卫生室数量|≥145个|148|10|10|
|数量指标|补助乡村医生人数|≥160人|171|10|10|
|质量指标|基本药物零差率销售执行率|100%|100|10|10|
|时效指标|补助资金拨付时间|2022年12月底前|达成预期指标|10|10|
|成本指标|每个村卫生室年补助标准|≤6500元|6290|10|10|
效益指标（30分）|社会效益指标|群众基本药物费用负担|有所减轻|达成预期指标|15|15|
|可持续影响指标|村卫生室持续运行|长期|达成预期指标|15|15|
满意度指标（10分）|服务对象满意度指标|村民就医满意度|≥85%|82|10|9|部分村卫生室药品品种较少；下年增加配备品种
"""),
)


def _bare_actual_gold(f: ProjectForm) -> dict[str, Any]:
    """Bare-number actuals are numbers without unit, as written."""
    return form_gold(f)


def _metadata(author: str, n: int) -> str:
    return (
        f"{author} wr{n:06d} 1 2020-03-09T02:14:51Z 2009-10-21T08:32:17Z 2023-02-14T07:05:40Z "
        f"15.00 2052-11.1.0.{n % 9000 + 1000} 6C1A09E2B7D84F53A0E4A1D2C3B4F5{n % 90 + 10} "
        f"{n * 7 % 9000} {n * 13 % 30000} 0 0 False False False"
    )


def build_d1() -> list[tuple[str, str, str]]:
    out = []
    line = one_line(project_grid(BRIDGE))
    text = "\n".join(
        [
            _metadata("周明远", 310428),
            "附件2： " + line.replace("满意度指标（10分）", "经济效益指标 满意度指标（10分）"),
        ]
    )
    write_doc("rd_01_d1_docsite_bridge", "txt", text, _bare_actual_gold(BRIDGE))
    out.append(("rd_01_d1_docsite_bridge", "d1", "交通"))

    # The site's preview ends mid-form: the last row is cut, so it is not in the gold.
    line = one_line(project_grid(CLINIC))
    cut = line.index("村民就医满意度") + len("村民就医满意度")
    text = "\n".join([_metadata("admin", 52117), "附件： " + line[:cut] + " ≥8", "下载文档 查看全文"])
    gold = form_gold(CLINIC)
    gold["indicators"] = gold["indicators"][:-1]
    write_doc("rd_02_d1_docsite_clinic", "txt", text, gold)
    out.append(("rd_02_d1_docsite_clinic", "d1", "卫健"))
    return out


# =============================================================================
# D2 document-site previews with fused cells, no weight column
# =============================================================================


def _goal_block(k: int, points: int, inds: list[Ind]) -> str:
    head = (
        f"年度绩效目标{k}({points}分)一级指标二级指标三级指标年初目标值(A)实际完成值(B)得分"
    )
    rows = []
    last = ("", "")
    for i in inds:
        labels = (i.l1 if i.l1 != last[0] else "") + (i.l2 if (i.l1, i.l2) != last else "")
        last = (i.l1, i.l2)
        rows.append(labels + i.name + i.target + i.actual + fmt(i.score))
    return head + "".join(rows)


def _snippets(text: str, cuts: list[int]) -> str:
    """The site's page snippets: ``1、`` before each, cut at the given offsets."""
    parts, prev = [], 0
    for c in [*cuts, len(text)]:
        parts.append(text[prev:c])
        prev = c
    return "\n".join(f"{k}、{p}" for k, p in enumerate(parts, 1))


MONITOR_1 = parse_rows("""
产出指标|质量指标|水质监测数据有效率|≥95%|98%||19|
|时效指标|监测报告报送及时率|100%|100%||20|
""")
MONITOR_2 = parse_rows("""
产出指标|数量指标|地表水断面监测频次|12次|12次||10|
|数量指标|饮用水源地监测点位|6个|6个||10|
效益指标|社会效益指标|水环境质量信息公开|及时公开|达成预期指标||10|
满意度指标|服务对象满意度指标|公众对水环境满意度|≥85%|88%||9.5|
""")

LIBRARY_1 = parse_rows("""
产出指标|数量指标|新增馆藏图书|≥8000册|8350册||10|
|数量指标|举办阅读推广活动|≥24场|26场||10|
|质量指标|图书编目准确率|≥99%|99.5%||10|
效益指标|社会效益指标|年接待读者人次|≥12万人次|11.6万人次||8.5|
""")
LIBRARY_2 = parse_rows("""
产出指标|时效指标|新书上架周期|≤30天|25天||20|
满意度指标|服务对象满意度指标|读者满意度|≥90%|93%||20|
""")


def _fused_gold(group: str, department: str, year: int, blocks: list[list[Ind]]) -> dict[str, Any]:
    rows = [gold_row(i, group) for b in blocks for i in b if is_indicator(i)]
    return {
        "form_type": "project_self_evaluation",
        "department": department,
        "year": year,
        "indicators": rows,
    }


def build_d2() -> list[tuple[str, str, str]]:
    out = []
    body = (
        "2023年度水环境质量监测项目绩效自评表单位名称：岚江市生态环境监测站 填报日期：2024年3月8日"
        "项目名称水环境质量监测主管部门岚江市生态环境局项目实施单位本单位"
        "预算执行情况(万元)(20分)预算数(A)执行数(B)执行率(B/A)得分(20分*执行率)"
        "年度财政资金总额3634.294.9%19"
        + _goal_block(1, 40, MONITOR_1)
        + _goal_block(2, 40, MONITOR_2)
        + "总分97.5偏差大或目标未完成原因分析无改进措施及结果应用方案无"
    )
    # Page snippets cut mid-row, as the preview does.
    text = "\n".join(
        [
            "下载本文档",
            "文档简介",
            _snippets(body, [body.index("时效指标监测"), body.index("效益指标社会")]),
            "内容来自用户上传，如有侵权请联系删除",
        ]
    )
    gold = _fused_gold("水环境质量监测", "岚江市生态环境局", 2023, [MONITOR_1, MONITOR_2])
    write_doc("rd_03_d2_fused_monitor", "txt", text, gold)
    out.append(("rd_03_d2_fused_monitor", "d2", "生态环境"))

    body = (
        "2022年度公共图书馆免费开放项目绩效自评表单位名称：梧山县图书馆 填报日期：2023年2月27日"
        "项目名称公共图书馆免费开放主管部门梧山县文化和旅游局项目实施单位本单位"
        "预算执行情况(万元)(20分)预算数(A)执行数(B)执行率(B/A)得分(20分*执行率)"
        "年度财政资金总额5857.699.3%19.9"
        + _goal_block(1, 40, LIBRARY_1)
        + _goal_block(2, 40, LIBRARY_2)
        + "总分98.4"
    )
    text = "\n".join(
        [
            "文档简介",
            _snippets(body, [body.index("举办阅读"), body.index("年度绩效目标2")]),
            "下载文档 加入收藏",
        ]
    )
    gold = _fused_gold("公共图书馆免费开放", "梧山县文化和旅游局", 2022, [LIBRARY_1, LIBRARY_2])
    write_doc("rd_04_d2_fused_library", "txt", text, gold)
    out.append(("rd_04_d2_fused_library", "d2", "文旅"))
    return out


# =============================================================================
# D3 web rows with single spaces
# =============================================================================

SEEDS = ProjectForm(
    project="良种繁育基地运行补助项目",
    supervisor="安平县农业农村局",
    implementer="安平县良种繁育场",
    year=2024,
    budget=(75, 75, 73.5),
    budget_score=9.8,
    goal="保障良种繁育基地正常运行，繁育小麦和玉米良种，供应本县种植户。",
    goal_done="繁育良种96万公斤，良种纯度检验全部合格，按时供种。",
    inds=parse_rows("""
产出指标（50分）|数量指标|良种繁育数量|≥90万公斤|96万公斤|15|15|
|质量指标|良种纯度检验合格率|≥98%|99%|10|10|
|时效指标|供种完成时间|2024年9月底前|达成预期指标|10|10|
|成本指标|每亩繁育成本|≤1200元|1150元|15|15|
效益指标（30分）|经济效益指标|带动种植户增收|≥150元/亩|168元/亩|15|15|
|可持续影响指标|良种覆盖率|≥95%|96.2%|15|15|
满意度指标（10分）|服务对象满意度指标|种植户满意度|≥90%|89%|10|9.5|个别批次供种偏晚；下年提前安排调运
"""),
)


def space_rows(f: ProjectForm) -> str:
    g = project_grid(f)
    lines = []
    for row in g.cells():
        cells = [t.replace("\n", "") for _, t in row if t.strip()]
        if cells:
            lines.append(" ".join(cells))
    return "\n".join(lines)


def build_d3() -> list[tuple[str, str, str]]:
    text = "\n".join(
        [
            "当前位置：首页 > 政务公开 > 财政资金",
            "安平县良种繁育基地运行补助项目绩效自评结果公开",
            "",
            space_rows(SEEDS),
            "注：得分一档为100%-90%（含），二档为90%-80%（含）。",
            "【打印本页】【关闭窗口】",
        ]
    )
    write_doc("rd_05_d3_space_seeds", "txt", text, form_gold(SEEDS))
    return [("rd_05_d3_space_seeds", "d3", "农业农村")]


def write_manifest(entries: list[dict[str, Any]]) -> None:
    MANIFEST.write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries), encoding="utf-8"
    )


def main() -> None:
    entries = []
    for stem, key, sector in build_d1() + build_d2() + build_d3():
        layout, desc = LAYOUTS[key]
        entries.append(
            {
                "doc": stem,
                "layout": layout,
                "kind": "flattened",
                "sector": sector,
                "origin": "replica",
                "split": "train",
                "format": "txt",
                "description": desc,
            }
        )
        path = ROOT / "training_data" / "docs" / f"{stem}.txt"
        check_gold_in_doc(stem, path.read_text(encoding="utf-8"))
    write_manifest(entries)


if __name__ == "__main__":
    main()
