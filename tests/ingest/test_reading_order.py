"""Tables copied out of a PDF viewer (interleaved wrapped lines) rebuilt as rows."""

from __future__ import annotations

from extractor.ingest import load_bytes
from extractor.ingest.layout_text import text_to_pages
from extractor.ingest.reading_order import rebuild_reading_order
from extractor.training.interleave import interleaved_text
from extractor.types import BlockKind

# A 部门整体支出绩效自评表 as a viewer copies it (invented content): the
# wrapped name's first line comes before the values and its second after
# them, level labels sit in the middle of their rows, the wrapped header word
# 实际完成值 is split around the header line, a deviation wraps beside a name.
VIEWER_COPY = """部门整体支出绩效自评表
实际完
一级指标 二级指标 三级指标 分值 年度指标值 得分 偏差原因分析及改进措施
成值
新建乡村文化广场数
10 ≥12个 12个 10
量
数量指标
送戏下乡演出场次 10 ≥60场 54场 8 部分乡镇演出场地维修，
产出指标 演出推迟至次年春节前
质量指标 文化广场验收合格率 10 100% 100% 10
社会效益指 农家书屋图书年借阅
15 ≥3万册 3.4万册 15
效益指标 标 人次
服务对象满 群众文化活动参与满
满意度指标 10 ≥90% 93% 10
意度指标 意度
总分 100 98
"""


def rebuilt_rows(text: str) -> list[list[str]]:
    pages = rebuild_reading_order(text, text_to_pages(text))
    blocks = [b for p in pages for b in p.blocks if b.kind == BlockKind.table]
    assert len(blocks) == 1
    out = []
    for row in blocks[0].rows:
        cells = [""] * 8
        for c in row.cells:
            cells[c.col] = c.text
        out.append(cells)
    return out


def test_viewer_copy_rebuilt_into_rows() -> None:
    rows = rebuilt_rows(VIEWER_COPY)
    assert rows[0][:6] == ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值"]
    assert rows[1:] == [
        ["产出指标", "数量指标", "新建乡村文化广场数量", "10", "≥12个", "12个", "10", ""],
        [
            "",
            "",
            "送戏下乡演出场次",
            "10",
            "≥60场",
            "54场",
            "8",
            "部分乡镇演出场地维修，演出推迟至次年春节前",
        ],
        ["", "质量指标", "文化广场验收合格率", "10", "100%", "100%", "10", ""],
        ["效益指标", "社会效益指标", "农家书屋图书年借阅人次", "15", "≥3万册", "3.4万册", "15", ""],
        [
            "满意度指标",
            "服务对象满意度指标",
            "群众文化活动参与满意度",
            "10",
            "≥90%",
            "93%",
            "10",
            "",
        ],
    ]


def test_rebuilt_cells_point_into_the_original_text() -> None:
    pages = rebuild_reading_order(VIEWER_COPY, text_to_pages(VIEWER_COPY))
    table = next(b for p in pages for b in p.blocks if b.kind == BlockKind.table)
    name = next(c for c in table.rows[1].cells if c.text == "新建乡村文化广场数量")
    span = VIEWER_COPY[name.evidence.char_start : name.evidence.char_end]
    assert span.startswith("新建乡村文化广场数") and span.endswith("量")
    assert name.evidence.line_start == 5 and name.evidence.line_end == 7
    assert name.order_guess == 0.0  # explained: one line above the values, one below


def test_well_ordered_tables_are_left_alone() -> None:
    tab = "一级指标\t二级指标\t三级指标\t分值\t年度指标值\t实际完成值\t得分\n"
    tab += "产出指标\t数量指标\t新建乡村文化广场数量\t10\t≥12个\t12个\t10\n"
    tab += "\t\t送戏下乡演出场次\t10\t≥60场\t54场\t8\n"
    tab += "\t质量指标\t文化广场验收合格率\t10\t100%\t100%\t10\n"
    cells = "\n".join(tab.replace("\t\t", "\t").replace("\t", "\n").splitlines())
    for text in (tab, cells):
        before = text_to_pages(text)
        after = rebuild_reading_order(text, text_to_pages(text))
        assert [b.model_dump() for p in after for b in p.blocks] == [
            b.model_dump() for p in before for b in p.blocks
        ]


def test_plain_text_reader_rebuilds_the_copy() -> None:
    doc = load_bytes(VIEWER_COPY.encode("utf-8"), "copy.txt")
    names = [
        c.text for b in doc.blocks() if b.kind == BlockKind.table for r in b.rows for c in r.cells
    ]
    assert "农家书屋图书年借阅人次" in names


def test_interleaved_rendering_reads_back_as_the_table() -> None:
    """The bench's viewer rendering of a tab table is rebuilt into its rows."""
    tab = (
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
        "产出指标\t数量指标\t全年组织开展农村电影放映场次\t≥600场\t612场\t20\t20\n"
        "\t\t新建基层综合性文化服务中心数量\t≥8个\t8个\t20\t20\n"
        "\t质量指标\t公共文化设施免费开放率\t100%\t100%\t20\t20\n"
        "效益指标\t社会效益指标\t基层群众参与公共文化活动人次\t≥5万人次\t5.6万人次\t20\t20\n"
        "满意度指标\t服务对象满意度指标\t基层群众满意度\t≥90%\t94%\t20\t20\n"
    )
    text = interleaved_text(load_bytes(tab.encode("utf-8"), "t.txt"))
    assert "全年组织开展农村电影放映场次" not in text  # the names are wrapped
    rows = rebuilt_rows(text)
    assert [r[2] for r in rows[1:]] == [
        "全年组织开展农村电影放映场次",
        "新建基层综合性文化服务中心数量",
        "公共文化设施免费开放率",
        "基层群众参与公共文化活动人次",
        "基层群众满意度",
    ]
    assert [r[1] for r in rows[1:]] == [
        "数量指标",
        "",
        "质量指标",
        "社会效益指标",
        "服务对象满意度指标",
    ]


def test_pdf_tables_are_read_by_geometry_not_viewer_order() -> None:
    """The same kind of table as a PDF: its text layer in the viewer's order
    interleaves the wrapped name with the values, the PDF reader takes each
    cell's characters from its box and never rebuilds an order."""
    import io

    import pdfplumber

    from extractor.ingest.testing import Grid, pdf_bytes, table_cells

    grid = Grid(
        [
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "全年组织开展农村电影放映场次", "≥600场", "612场", "20", "20"],
            ["产出指标", "质量指标", "公共文化设施免费开放率", "100%", "100%", "20", "20"],
        ]
    )
    data = pdf_bytes([grid], page_size=(300, 400), font_size=9)
    with pdfplumber.open(io.BytesIO(data)) as pdf:  # the viewer's order is scrambled
        assert "全年组织开展农村电影放映场次" not in pdf.pages[0].extract_text().replace("\n", "")
    doc = load_bytes(data, "narrow.pdf")
    texts = {c[0] for c in table_cells(doc)}
    assert {"全年组织开展农村电影放映场次", "公共文化设施免费开放率", "≥600场"} <= texts
    assert all(c.order_guess is None for b in doc.blocks() for r in b.rows for c in r.cells)


def test_project_name_above_the_table_goes_with_it() -> None:
    """A project form's 项目名称 line above the rebuilt table is kept as its
    ``项目名称 | X`` row, which names the rows' group."""
    text = "项目名称 乡村文化振兴示范项目\n" + VIEWER_COPY.split("\n", 1)[1]
    pages = rebuild_reading_order(text, text_to_pages(text))
    table = next(b for p in pages for b in p.blocks if b.kind == BlockKind.table)
    assert [c.text for c in table.rows[0].cells] == ["项目名称", "乡村文化振兴示范项目"]
    assert table.rows[1].cells[0].text == "一级指标"
    assert [r.index for r in table.rows] == list(range(len(table.rows)))


# One cell a line with no blank line between rows (invented content): an item
# number (指标2：) and an explanation column follow each row's values. Cells
# lie on both sides of the values, but not as a wrapped cell's lines do.
CELLS_NO_BLANKS = """一级指标
二级指标
三级指标
指标值
指标解释
产出指标
数量指标
指标1：
巡查河道里程
≥320公里
反映全年河长及巡河员巡查河道的累计里程，以巡河记录为准。
指标2：
河长公示牌更新数
≥45块
反映年度内更新或新设河长公示牌的数量。
质量指标
指标1：
水质达标断面比例
≥90%
反映监测断面中水质达到功能区标准的断面所占比例。
满意度指标
服务对象满意度指标
指标1：
沿河群众满意度
≥90%
通过入户问卷调查取得，满分100分。
"""


def test_one_cell_a_line_without_blank_lines_is_not_a_viewer_copy() -> None:
    before = text_to_pages(CELLS_NO_BLANKS)
    after = rebuild_reading_order(CELLS_NO_BLANKS, text_to_pages(CELLS_NO_BLANKS))
    assert [b.model_dump() for p in after for b in p.blocks] == [
        b.model_dump() for p in before for b in p.blocks
    ]


# A self-evaluation table one cell a line with no blank line between rows
# (invented content): some targets and actuals are phrases (控制在…以内, 总体平稳),
# so a row's value lines stop short of its target and the next row's name
# follows its values. Cells then lie on both sides of the values, but their
# widths do not agree as a wrapped column's lines do.
SELF_EVAL_CELLS_NO_BLANKS = """一级指标
二级指标
三级指标
年度指标值
全年实际值
分值
得分
偏差原因分析及改进措施
目标1：提升公共文化服务供给水平
产出指标
数量指标
送戏下乡演出场次
≥180场
196场
8
8
公共图书馆年流通人次
≥42万人次
39.5万人次
8
6.5
受场馆改造闭馆两个月影响；下一年度延长开放时间。
效益指标
社会效益指标
文物安全事故发生率
控制在0.5%以内
0
8
8
景区游客接待秩序
总体平稳
总体平稳
8
8
目标2：推进文旅融合发展
产出指标
质量指标
星级旅游饭店服务质量抽检合格率
100%
100%
8
8
时效指标
节庆活动筹备完成时间
活动前15日
按期完成
8
8
效益指标
可持续影响指标
非遗传承人队伍建设
持续加强
持续加强
8
8
满意度指标
服务对象满意度指标
游客综合满意度
≥90%
88.6%
8
6
节假日停车位紧张；新增临时停车场两处。
自评总分
96.5
"""


def test_self_eval_one_cell_a_line_without_blank_lines_is_not_a_viewer_copy() -> None:
    before = text_to_pages(SELF_EVAL_CELLS_NO_BLANKS)
    after = rebuild_reading_order(
        SELF_EVAL_CELLS_NO_BLANKS, text_to_pages(SELF_EVAL_CELLS_NO_BLANKS)
    )
    assert [b.model_dump() for p in after for b in p.blocks] == [
        b.model_dump() for p in before for b in p.blocks
    ]


# A viewer's copy (invented content) where one name and one deviation wrap,
# each the only split cell of its column: every row's values stand side by
# side on one line, and the split name's first line is the widest of its
# column (a wrapped line fills it).
LONE_SPLITS = """一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施
产出指标 数量指标 乡村道路养护里程 ≥120公里 126公里 20 20
农村公路桥梁定期检测完成数
≥30座 31座 20 20
量
部分路段排水设施老化导致积水，
质量指标 道路养护合格率 ≥95% 93.2% 20 18
已列入下年度改造计划
时效指标 养护任务完成时间 2024年11月底前 按期完成 20 20
满意度指标 服务对象满意度 沿线群众满意度 ≥90% 94% 20 20
"""


def test_lone_split_cells_of_a_viewer_copy_are_rebuilt() -> None:
    rows = rebuilt_rows(LONE_SPLITS)
    names = [r[2] for r in rows[1:]]
    assert names == [
        "乡村道路养护里程",
        "农村公路桥梁定期检测完成数量",
        "道路养护合格率",
        "养护任务完成时间",
        "沿线群众满意度",
    ]
    assert rows[3][7] == "部分路段排水设施老化导致积水，已列入下年度改造计划"


def test_project_name_wrapped_beside_another_label_pair() -> None:
    """A 绩效目标申报表's 项目支出名称 whose name wraps onto two lines: the
    label's line holds the row's next pair (预算部门 | X), the name's lines
    lie above and below it."""
    text = (
        "乡村文化振兴示\n项目支出名称 预算部门 桐溪县文化局\n范项目\n"
        + VIEWER_COPY.split("\n", 1)[1]
    )
    pages = rebuild_reading_order(text, text_to_pages(text))
    table = next(b for p in pages for b in p.blocks if b.kind == BlockKind.table)
    assert [c.text for c in table.rows[0].cells] == ["项目支出名称", "乡村文化振兴示范项目"]


def test_a_tall_deviation_above_a_one_line_name() -> None:
    """A deviation of many lines beside a one-line name (both columns as wide):
    its first lines stand alone above the row's values and read as a name,
    until a line of the deviation's own comes between them and the values. A
    name centred on the values would reach them, so those lines are the
    deviation's and the values' line holds the name (invented content)."""
    tab = (
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
        "产出指标\t数量指标\t送法进社区场次数\t≥60场\t72场\t10\t10\t\n"
        "\t质量指标\t调解协议履行率\t≥95%\t96.1%\t10\t10\t\n"
        "效益指标\t社会效益指标\t基层法治氛围\t明显改善\t\t10\t8\t"
        "年内未组织开展法治氛围专项测评，暂无法量化评估；下一步委托第三方机构开展测评。\n"
        "满意度指标\t服务对象满意度指标\t居民满意度\t≥90%\t93%\t10\t10\t\n"
    )
    text = interleaved_text(load_bytes(tab.encode("utf-8"), "t.txt"))
    rows = rebuilt_rows(text)
    assert [r[2] for r in rows[1:]] == [
        "送法进社区场次数",
        "调解协议履行率",
        "基层法治氛围",
        "居民满意度",
    ]
    assert rows[3][7].startswith("年内未组织开展") and rows[3][7].endswith("开展测评。")


def test_wrapped_name_and_deviation_alternate_to_their_ends() -> None:
    """A name of three lines beside a deviation of four sits half a line
    lower: their lines alternate to the end, so the name's short last line
    comes before the deviation's last (invented content)."""
    tab = (
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
        "产出指标\t数量指标\t日间照料中心服务人次\t≥3000人次\t3120人次\t10\t10\t\n"
        "\t\t新建乡镇及村（社区）养老服务站数量\t≥10个\t9个\t10\t8\t"
        "两处站点用房因道路改造未能交付，已调整至下年度建设完成\n"
        "\t质量指标\t服务投诉办结率\t100%\t100%\t10\t10\t\n"
        "满意度指标\t服务对象满意度指标\t老年人满意度\t≥90%\t93%\t10\t10\t\n"
    )
    text = interleaved_text(load_bytes(tab.encode("utf-8"), "t.txt"))
    rows = rebuilt_rows(text)
    assert rows[2][2] == "新建乡镇及村（社区）养老服务站数量"
    assert rows[2][7] == "两处站点用房因道路改造未能交付，已调整至下年度建设完成"


def test_project_name_above_a_long_wrapped_top_part() -> None:
    """The form's top part (funds, goals) wrapped in narrow cells takes many
    lines between the 项目名称 and the table: the project is still found."""
    goal = "年度总体目标\n" + "".join(
        f"完成第{k}批村级文化设施提\n升改造任务，\n" for k in range(15)
    )
    text = "项目名称 乡村文化振兴示范项目\n" + goal + VIEWER_COPY.split("\n", 1)[1]
    pages = rebuild_reading_order(text, text_to_pages(text))
    table = next(b for p in pages for b in p.blocks if b.kind == BlockKind.table)
    assert [c.text for c in table.rows[0].cells] == ["项目名称", "乡村文化振兴示范项目"]
