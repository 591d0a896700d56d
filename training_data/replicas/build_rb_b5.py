"""B5: a saved government web page (.html) with site chrome (top bar, menus,
breadcrumbs, the 索引号/发布机构/发布日期 block, print/close links, download
prompt, footnotes, a 填报说明 glossary, footer) around a 项目支出绩效自评表;
and the same page as plain text copied from the browser (cells tab-separated,
cells covered by a rowspan simply absent, so continuation rows start further
left). Department from the page title / 发布机构. Content is invented."""

from __future__ import annotations

from xml.sax.saxutils import escape

from rb_common import (
    Grid,
    ProjectForm,
    check_values,
    parse_rows,
    project_grid,
    write_doc,
    write_manifest,
)

LAYOUT = "rb-b5-saved-web-page"
DESC_HTML = (
    "saved government web page (.html): nav menus, breadcrumbs, 索引号/发布机构/发布日期 block, "
    "download prompt, footnotes and a 填报说明 glossary around a 项目支出绩效自评表 (rowspan/colspan "
    "table of Word-exported cells); department from the page title / 发布机构"
)
DESC_COPY = (
    "the same saved web page copied from the browser as plain text: chrome lines around the table, "
    "cells tab-separated, rowspan-covered cells absent so continuation rows shift left"
)

FINANCE = ProjectForm(
    project="预算管理一体化系统运行维护经费",
    supervisor="宁远县财政局",
    implementer="宁远县财政局",
    year=2023,
    budget=(98, 98, 94.8),
    budget_score=9.67,
    goal="保障预算管理一体化系统稳定运行，实现全县预算单位全覆盖接入，开展系统操作培训。",
    goal_done="系统全年稳定运行，接入预算单位192家，开展培训7期，系统可用率99.6%。",
    inds=parse_rows("""
产出指标（50分）|数量指标|接入系统预算单位数量|≥186家|192家|10|10|
|数量指标|开展系统操作培训|≥6期|7期|10|10|
|质量指标|系统年度可用率|≥99%|99.6%|10|10|
|时效指标|系统故障响应时间|≤2小时|≤2小时|10|10|
|成本指标|年度运维合同金额|≤96万元|94.8万元|10|10|
效益指标（30分）|社会效益指标|预算编制执行效率|明显提升|达成预期指标|15|15|
|可持续影响指标|财政数据标准化管理|持续推进|达成预期指标|15|15|
满意度指标（10分）|服务对象满意度指标|预算单位满意度|≥90%|95.2%|10|10|
"""),
)

EMERGENCY = ProjectForm(
    project="应急物资储备及救援能力建设项目",
    supervisor="青禾市应急管理局",
    implementer="青禾市应急物资储备中心",
    year=2024,
    budget=(420, 450, 441.9),
    budget_score=9.82,
    goal="补充市级应急救灾物资储备，开展综合应急演练和救援队伍培训，提升灾害应急处置能力。",
    goal_done="新增储备物资15620件，开展综合演练5次、培训救援队员286人次，灾后救助及时率100%。",
    inds=parse_rows("""
产出指标（50分）|数量指标|新增储备应急救灾物资|≥15000件|15620件|10|10|
|数量指标|开展综合应急演练|≥4次|5次|10|10|
|数量指标|培训应急救援队员|≥300人次|286人次|5|4.8|1期培训因汛期抢险任务推迟，已安排于次年一季度补训
|质量指标|储备物资抽检合格率|100%|100%|10|10|
|时效指标|物资调拨到位时间|≤12小时|8小时|10|10|
|成本指标|物资采购价格|不高于市场均价|低于市场均价|5|5|
效益指标（30分）|社会效益指标|灾后群众基本生活救助及时率|100%|100%|15|15|
|可持续影响指标|应急物资储备体系|逐步完善|逐步完善|15|15|
满意度指标（10分）|服务对象满意度指标|受灾群众满意度|≥90%|93.4%|10|10|
"""),
)

GLOSSARY = [
    "填报说明：",
    "1.产出指标：反映预算资金预期提供的公共产品和服务情况，包括数量指标、质量指标、时效指标、成本指标等。",
    "2.效益指标：反映与既定绩效目标相关的、前述相关产出所带来的预期效果，包括经济效益指标、社会效益指标、生态效益指标、可持续影响指标等。",
    "3.满意度指标：反映服务对象或项目受益人的认可程度，一般以百分比表示。",
    "4.定量指标得分=实际完成值÷年度指标值×该指标分值（反向指标为年度指标值÷实际完成值×分值），得分不超过该指标分值。",
    "5.偏差原因分析及改进措施：对未完成年度指标值的，说明偏差原因并提出改进措施。",
]


def word_cell(text: str) -> str:
    """A cell as Word's 'save as web page' writes it."""
    if not text:
        return '<p class="MsoNormal" align="center"><span lang="EN-US">&nbsp;</span></p>'
    parts = "".join(
        f'<p class="MsoNormal" align="center"><span style="font-size:10.5pt;font-family:宋体">'
        f"{escape(line)}</span></p>"
        for line in text.split("\n")
    )
    return parts


def html_table(g: Grid) -> str:
    cov = g.covered()
    spans = {(r, c): (rs, cs) for r, c, rs, cs in g.merges}
    out = [
        '<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="100%" '
        'style="border-collapse:collapse;border:none">',
        "<tbody>",
    ]
    for r, row in enumerate(g.padded()):
        tds = []
        for c, text in enumerate(row):
            if (r, c) in cov:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            tds.append(
                f'<td{attrs} valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt">'
                f"{word_cell(text)}</td>"
            )
        out.append(' <tr style="height:20.0pt">' + "".join(tds) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def copied_table(g: Grid) -> str:
    """What a browser puts on the clipboard as text: a row's cells joined by
    tabs, rowspan/colspan-covered positions absent."""
    return "\n".join("\t".join(t.replace("\n", " ") for _, t in row) for row in g.cells())


def page(
    site: str,
    f: ProjectForm,
    g: Grid,
    meta: dict[str, str],
    crumbs: list[str],
    intro: str,
    attach: str,
) -> tuple[str, str]:
    title = meta["title"]
    info = [
        ("索引号", meta["index"]),
        ("主题分类", meta["topic"]),
        ("发布机构", meta["org"]),
        ("发布日期", meta["date"]),
        ("名称", title),
        ("文号", ""),
        ("有效性", "有效"),
        ("公开方式", "主动公开"),
    ]
    nav = ["首页", "政务公开", "政务服务", "互动交流", "数据开放", f"走进{site[:3]}"]
    footer = [
        f"主办单位：{site}办公室　承办单位：{site[:3]}大数据中心",
        f"网站标识码：{meta['siteid']}　{meta['icp']}　{meta['gongan']}",
        "建议使用1920×1080分辨率浏览本网站",
    ]
    notes = ["注：1.本表金额单位为万元；2.总分=预算执行率得分+各项绩效指标得分。"]
    html = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
        f"<title>{escape(title)}_{escape(site)}</title>",
        f'<meta name="SiteName" content="{escape(site)}"><meta name="ArticleTitle" content="{escape(title)}">',
        f'<meta name="PubDate" content="{meta["date"]} {meta["time"]}"><meta name="ContentSource" '
        f'content="{escape(meta["org"])}">',
        '<link rel="stylesheet" href="../../css/common.css"><script src="../../js/jquery.min.js"></script>',
        "<script>var _hmt=_hmt||[];</script>",
        "</head><body>",
        '<div class="topbar"><span>无障碍浏览</span> | <span>长者模式</span> | <a href="#">繁體</a> | '
        '<a href="#">登录</a> <a href="#">注册</a></div>',
        f'<div class="header"><h2 class="logo">{escape(site)}</h2><form class="search"><input type="text" '
        'placeholder="请输入关键词"><button>搜索</button></form></div>',
        '<div class="nav"><ul>'
        + "".join(f'<li><a href="#">{n}</a></li>' for n in nav)
        + "</ul></div>",
        '<div class="location">当前位置：'
        + " &gt; ".join(f'<a href="#">{c}</a>' for c in crumbs)
        + "</div>",
        '<table class="xxgk_info">',
    ]
    for k in range(0, len(info), 2):
        (a, av), (b, bv) = info[k], info[k + 1]
        html.append(
            f"<tr><th>{a}：</th><td>{escape(av)}</td><th>{b}：</th><td>{escape(bv)}</td></tr>"
        )
    html += [
        "</table>",
        f'<div class="article"><h1 class="title">{escape(title)}</h1>',
        f'<div class="property">发布时间：{meta["date"]} {meta["time"]}　来源：{escape(meta["org"])}　'
        '浏览次数：<span id="hits">1286</span>　字体：[<a>大</a> <a>中</a> <a>小</a>]</div>',
        '<div class="TRS_Editor">',
        f'<p style="text-indent:2em">{escape(intro)}</p>',
        html_table(g),
        *[f"<p>{escape(n)}</p>" for n in notes],
        *[f'<p style="text-indent:2em">{escape(x)}</p>' for x in GLOSSARY],
        f'<p>附件：<a href="/uploadfiles/{meta["date"][:4]}/{attach}.xlsx">{escape(title)}.xlsx</a>'
        "（点击下载）</p>",
        "</div>",
        '<div class="share">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>',
        '<div class="print"><a href="javascript:window.print()">【打印本页】</a> '
        '<a href="javascript:window.close()">【关闭窗口】</a></div>',
        '<div class="related"><h4>相关文章</h4><ul><li><a href="#">2023年度部门决算公开</a></li>'
        '<li><a href="#">2024年度部门预算公开</a></li></ul></div>',
        "</div>",
        '<div class="footer">' + "".join(f"<p>{escape(x)}</p>" for x in footer) + "</div>",
        "</body></html>",
    ]
    text = [
        "无障碍浏览 | 长者模式 | 繁體 | 登录 注册",
        site,
        "搜索",
        *nav,
        "当前位置：" + " > ".join(crumbs),
        *[
            f"{a}：\t{av}\t{b}：\t{bv}"
            for (a, av), (b, bv) in zip(info[::2], info[1::2], strict=True)
        ],
        title,
        f"发布时间：{meta['date']} {meta['time']}　来源：{meta['org']}　浏览次数：1286　字体：[大 中 小]",
        intro,
        copied_table(g),
        *notes,
        *GLOSSARY,
        f"附件：{title}.xlsx（点击下载）",
        "分享到：微信 微博 QQ空间",
        "【打印本页】 【关闭窗口】",
        "相关文章",
        "2023年度部门决算公开",
        "2024年度部门预算公开",
        *footer,
    ]
    return "\n".join(html) + "\n", "\n".join(text) + "\n"


def gold(f: ProjectForm, dept: str) -> dict:
    return {
        "form_type": "project_self_evaluation",
        "department": dept,
        "year": f.year,
        "indicators": f.gold_rows(),
    }


def without_supervisor_row(g: Grid) -> Grid:
    """The form as some pages publish it: no 主管部门/实施单位 row."""
    r = next(i for i, row in enumerate(g.rows) if row[0] == "主管部门")
    rows = g.rows[:r] + g.rows[r + 1 :]
    merges = [(rr - (rr > r), c, rs, cs) for rr, c, rs, cs in g.merges if rr != r]
    return Grid(rows, merges)


def main() -> None:
    entries, golds = [], []

    g = without_supervisor_row(project_grid(FINANCE))
    meta = {
        "title": "宁远县财政局2023年度项目支出绩效自评表",
        "index": "431126-0712/2024-00358",
        "topic": "财政、金融、审计",
        "org": "宁远县财政局",
        "date": "2024-05-21",
        "time": "10:32",
        "siteid": "4311260001",
        "icp": "湘ICP备05008311号",
        "gongan": "湘公网安备43112602000187号",
    }
    html, text = page(
        "宁远县人民政府门户网站",
        FINANCE,
        g,
        meta,
        ["首页", "政务公开", "法定主动公开内容", "财政资金", "预算绩效"],
        "根据县财政局关于开展2023年度预算绩效自评工作的通知要求，现将我局项目支出绩效自评结果公开如下：",
        "P020240521384711209153",
    )
    gd = gold(FINANCE, "宁远县财政局")
    write_doc("rb_13_b5_finance", "html", html, gd)
    write_doc("rb_14_b5_finance_copy", "txt", text, gd)
    entries += [
        ("rb_13_b5_finance", "html", "财政", DESC_HTML),
        ("rb_14_b5_finance_copy", "txt", "财政", DESC_COPY),
    ]
    golds.append(gd)

    g = project_grid(EMERGENCY)
    meta = {
        "title": "青禾市应急管理局2024年度项目支出绩效自评结果公开",
        "index": "11370900MB1942371K/2025-00091",
        "topic": "安全生产监管",
        "org": "青禾市应急管理局",
        "date": "2025-04-18",
        "time": "16:05",
        "siteid": "3709000012",
        "icp": "鲁ICP备12004417号-1",
        "gongan": "鲁公网安备37090202000351号",
    }
    html, text = page(
        "青禾市人民政府",
        EMERGENCY,
        g,
        meta,
        ["首页", "政务公开", "部门信息公开", "市应急局", "财政预决算"],
        "按照预算绩效管理有关规定，现将青禾市应急管理局2024年度项目支出绩效自评情况予以公开。",
        "W020250418611023875402",
    )
    gd = gold(EMERGENCY, "青禾市应急管理局")
    write_doc("rb_15_b5_emergency", "html", html, gd)
    write_doc("rb_16_b5_emergency_copy", "txt", text, gd)
    entries += [
        ("rb_15_b5_emergency", "html", "应急管理", DESC_HTML),
        ("rb_16_b5_emergency_copy", "txt", "应急管理", DESC_COPY),
    ]
    golds.append(gd)

    write_manifest(
        [
            {
                "doc": s,
                "layout": LAYOUT,
                "kind": "table",
                "sector": sec,
                "origin": "replica",
                "split": "train",
                "format": ext,
                "description": d,
            }
            for s, ext, sec, d in entries
        ]
    )
    check_values(golds)


if __name__ == "__main__":
    main()
