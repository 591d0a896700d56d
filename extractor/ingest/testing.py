"""Fixture files for the ingest tests and the speed bench, built at run time.

Everything is generated from table grids: the sample reports (tab-separated
text, read with ``layout_text``) or small hand-written performance tables.
A grid is a list of rows of strings plus merges ``(row, col, row_span,
col_span)``; each ``*_bytes`` function renders one in a format, so a test
can compare what ingest reads back with what was written. Needs reportlab
(a dev dependency) for PDFs.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from extractor.ingest.layout_text import text_to_pages
from extractor.types import BlockKind, Document, Evidence

REPO = Path(__file__).resolve().parents[2]
SAMPLE_DIRS = [REPO / "examples", Path("/work/shared/samples")]


@dataclass
class Grid:
    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def padded(self) -> list[list[str]]:
        return [r + [""] * (self.n_cols - len(r)) for r in self.rows]

    def covered(self) -> set[tuple[int, int]]:
        return {
            (r + i, c + j)
            for r, c, rs, cs in self.merges
            for i in range(rs)
            for j in range(cs)
            if (i, j) != (0, 0)
        }


# A 绩效目标表 with the merges real forms have: 一级指标 over its rows,
# a title across the width, a header cell across two columns.
PERFORMANCE_TABLE = Grid(
    rows=[
        ["2023年度项目支出绩效自评表", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"],
        ["产出指标", "数量指标", "新增家庭养老床位", "≥100张", "120张"],
        ["", "", "培训护理人员人次", "≥500人次", "560人次"],
        ["", "质量指标", "验收合格率", "100%", "100%"],
        [
            "效益指标",
            "社会效益指标",
            "老年人生活质量提升，服务覆盖面持续扩大",
            "有效提升",
            "有效提升",
        ],
        ["满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "95.5%"],
    ],
    merges=[(0, 0, 1, 5), (2, 0, 3, 1), (2, 1, 2, 1)],
)


def sample_paths() -> list[Path]:
    for folder in SAMPLE_DIRS:
        found = sorted(folder.glob("*.txt"))
        if found:
            return found
    return []


def sample_grids(text: str) -> list[Grid | str]:
    """The tables (as grids with inferred merges) and prose lines of a sample."""
    out: list[Grid | str] = []
    for page in text_to_pages(text):
        for block in page.blocks:
            if block.kind == BlockKind.table:
                rows = [["" for _ in range(block.n_cols)] for _ in block.rows]
                for r, row in enumerate(block.rows):
                    for cell in row.cells:
                        rows[r][cell.col] = cell.text
                out.append(infer_merges(rows))
            else:
                out.append(block.text)
    return out


def infer_merges(rows: list[list[str]]) -> Grid:
    """Merges as a ruled form would draw them: a title row spans the width,
    an empty cell in the first columns under a label continues that label."""
    grid = Grid([list(r) for r in rows])
    rows = grid.padded()
    grid.rows = rows
    width = grid.n_cols
    full_rows: set[int] = set()
    for r, row in enumerate(rows):
        if width > 1 and row[0] and not any(row[1:]):
            grid.merges.append((r, 0, 1, width))
            full_rows.add(r)
    for c in range(min(3, width - 1)):
        r = 0
        while r < len(rows):
            if not rows[r][c] or r in full_rows:
                r += 1
                continue
            end = r + 1
            while (
                end < len(rows)
                and end not in full_rows
                and not rows[end][c]
                and any(rows[end][c + 1 :])
            ):
                end += 1
            if end - r > 1 and not _overlaps(grid, r, c, end - r):
                grid.merges.append((r, c, end - r, 1))
            r = end
    return grid


def _overlaps(grid: Grid, row: int, col: int, span: int) -> bool:
    taken = grid.covered() | {(r, c) for r, c, _, _ in grid.merges}
    return any((row + i, col) in taken for i in range(span))


# --------------------------------------------------------------------------
# PDF (reportlab, STSong-Light: a CID font pdfminer decodes without a file)
# --------------------------------------------------------------------------


def _pdf_styles(font_size: float) -> tuple[object, object]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    cell = ParagraphStyle(
        "cell",
        fontName="STSong-Light",
        fontSize=font_size,
        leading=font_size * 1.25,
        wordWrap="CJK",
    )
    prose = ParagraphStyle(
        "prose", fontName="STSong-Light", fontSize=10, leading=14, wordWrap="CJK"
    )
    return cell, prose


def _pdf_table(
    grid: Grid, width: float, cell_style: object, ruled: bool, repeat_rows: int
) -> object:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    data = [[Paragraph(escape(t), cell_style) if t else "" for t in row] for row in grid.padded()]
    style: list[tuple[object, ...]] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    style += [("SPAN", (c, r), (c + cs - 1, r + rs - 1)) for r, c, rs, cs in grid.merges]
    return Table(
        data,
        colWidths=[width / grid.n_cols] * grid.n_cols,
        style=TableStyle(style),
        repeatRows=repeat_rows,
    )


def pdf_bytes(
    items: Sequence[Grid | str],
    page_size: tuple[float, float] | None = None,
    font_size: float = 7,
    ruled: bool = True,
    repeat_rows: int = 0,
) -> bytes:
    """A text PDF with ruled tables (merges drawn as SPANs) and prose lines,
    on landscape A3 unless ``page_size`` says otherwise: a merged cell must
    fit on one page, as reportlab does not split rows bound by a span."""
    from reportlab.lib.pagesizes import A3, landscape
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    cell_style, prose_style = _pdf_styles(font_size)
    # Wide tables get wide pages (cells ~80 pt), as a spreadsheet printed to fit would.
    widest = max((i.n_cols for i in items if isinstance(i, Grid)), default=0)
    a3_wide, a3_high = landscape(A3)
    width = max(a3_wide, 72 + widest * 80)
    size = page_size or (width, max(a3_high, width * 0.7))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=size, leftMargin=36, rightMargin=36, topMargin=36, bottomMargin=36
    )
    flow: list[object] = []
    for item in items:
        if isinstance(item, Grid):
            if item.n_cols:
                flow.append(_pdf_table(item, doc.width, cell_style, ruled, repeat_rows))
        else:
            flow.append(Paragraph(escape(item), prose_style))
        flow.append(Spacer(1, 8))
    doc.build(flow)
    return buf.getvalue()


def sample_pdf_bytes(text: str) -> bytes:
    return pdf_bytes(sample_grids(text))


def broken_pdfs() -> dict[str, bytes]:
    """Encrypted, truncated, page-less and scan-like PDFs (no text layer)."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    out: dict[str, bytes] = {}
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption("user-secret", "owner-secret"))
    c.drawString(72, 720, "secret")
    c.save()
    out["encrypted"] = buf.getvalue()
    good = pdf_bytes([PERFORMANCE_TABLE])
    out["truncated"] = good[: len(good) // 3]
    out["no_pages"] = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )
    # Same length keeps the xref valid; Identity-H without ToUnicode gives (cid:NN).
    out["cid"] = pdf_bytes([PERFORMANCE_TABLE]).replace(b"/UniGB-UCS2-H", b"/Identity-H  ")
    out["blank"] = _canvas_pdf(lambda c: None)
    out["scan"] = _canvas_pdf(_draw_image)
    out["outlines"] = _canvas_pdf(_draw_glyph_curves)
    # Chinese text run through a Latin code page: what a broken text layer looks like.
    mojibake = "部门整体支出绩效自评表 产出指标 数量指标".encode().decode("latin-1")
    out["mojibake"] = _canvas_pdf(lambda c: c.drawString(72, 720, mojibake * 2))
    return out


CJK_FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
]


def scan_pdf_bytes(lines: list[str]) -> bytes | None:
    """A PDF page that is only a picture of ``lines`` (None without a CJK font)."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader

    font_path = next((f for f in CJK_FONTS if Path(f).exists()), None)
    if font_path is None:
        return None
    font = ImageFont.truetype(font_path, 36)
    img = Image.new("RGB", (1400, 90 + 70 * len(lines)), "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((60, 50 + 70 * i), line, fill="black", font=font)
    width = 480.0
    height = width * img.height / img.width
    return _canvas_pdf(
        lambda c: c.drawImage(ImageReader(img), 60, 780 - height, width=width, height=height)
    )


def _canvas_pdf(draw: object) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    draw(c)  # type: ignore[operator]
    c.showPage()
    c.save()
    return buf.getvalue()


def _draw_glyph_curves(c: object) -> None:
    # Stand-in for text converted to outlines: many small Bezier strokes.
    for i in range(120):
        x, y = 72 + (i % 30) * 15, 720 - (i // 30) * 24
        c.bezier(x, y, x + 4, y + 9, x + 8, y - 9, x + 12, y)  # type: ignore[attr-defined]


def _draw_image(c: object) -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    img = Image.new("RGB", (200, 80), "white")
    for x in range(20, 180):
        img.putpixel((x, 40), (0, 0, 0))
    c.drawImage(ImageReader(img), 72, 600, width=200, height=80)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------
# DOCX, XLSX, HTML
# --------------------------------------------------------------------------


def docx_bytes(items: Sequence[Grid | str]) -> bytes:
    """Paragraphs and tables; merges via python-docx (gridSpan / vMerge)."""
    import docx

    document = docx.Document()
    for item in items:
        if isinstance(item, str):
            document.add_paragraph(item)
            continue
        rows = item.padded()
        table = document.add_table(rows=len(rows), cols=item.n_cols)
        table.style = "Table Grid"
        for r, c, rs, cs in item.merges:
            table.cell(r, c).merge(table.cell(r + rs - 1, c + cs - 1))
        covered = item.covered()
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if (r, c) not in covered and text:
                    table.cell(r, c).text = text
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def xlsx_bytes(sheets: dict[str, Grid], origin: tuple[int, int] = (3, 2)) -> bytes:
    """One sheet per grid, written from ``origin`` (1-based row, col) so the
    edges are empty; cells like "95.5%" are stored as numbers with a percent
    format and "16,539.54" as numbers with a thousands format."""
    import openpyxl

    wb = openpyxl.Workbook()
    for sheet in list(wb.worksheets):
        wb.remove(sheet)
    r0, c0 = origin
    for title, grid in sheets.items():
        ws = wb.create_sheet(title)
        for r, row in enumerate(grid.padded()):
            for c, text in enumerate(row):
                if text:
                    value, fmt = _spreadsheet_value(text)
                    cell = ws.cell(row=r0 + r, column=c0 + c, value=value)
                    cell.number_format = fmt
        for r, c, rs, cs in grid.merges:
            ws.merge_cells(
                start_row=r0 + r,
                start_column=c0 + c,
                end_row=r0 + r + rs - 1,
                end_column=c0 + c + cs - 1,
            )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _spreadsheet_value(text: str) -> tuple[object, str]:
    plain = text.replace(",", "")
    try:
        if text.endswith("%"):
            number = float(plain[:-1]) / 100
            decimals = len(plain[:-1].partition(".")[2])
            return number, "0" + ("." + "0" * decimals if decimals else "") + "%"
        number = float(plain)
    except ValueError:
        return text, "General"
    decimals = len(plain.partition(".")[2])
    if "," in text:
        return number, "#,##0" + ("." + "0" * decimals if decimals else "")
    if decimals:
        return number, "0." + "0" * decimals
    return int(number), "General"


def html_table(grid: Grid) -> str:
    covered = grid.covered()
    spans = {(r, c): (rs, cs) for r, c, rs, cs in grid.merges}
    lines = ["<table border=1>"]
    for r, row in enumerate(grid.padded()):
        tds = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            attrs = (f" rowspan={rs}" if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            tds.append(f"<td{attrs}>{escape(text)}</td>")
        lines.append("  <tr>" + "".join(tds) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def html_bytes(items: Sequence[Grid | str]) -> bytes:
    body = "\n".join(html_table(i) if isinstance(i, Grid) else f"<p>{escape(i)}</p>" for i in items)
    page = f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>报告</title></head>\n<body>\n{body}\n</body></html>\n'
    return page.encode("utf-8")


# --------------------------------------------------------------------------
# Checks shared by the tests and the bench
# --------------------------------------------------------------------------


def evidence_errors(doc: Document) -> list[str]:
    """Every way a block's or cell's evidence disagrees with ``doc.text``:
    the text at its offsets, its line number and its page (form feeds)."""
    errors: list[str] = []

    def check(what: str, text: str, ev: Evidence) -> None:
        if ev.char_start is None or ev.char_end is None:
            errors.append(f"{what}: no offsets")
            return
        got = doc.text[ev.char_start : ev.char_end]
        single_line = ev.line_start == ev.line_end
        if (got if single_line else "".join(got.split())) != (
            text if single_line else "".join(text.split())
        ):
            errors.append(f"{what}: text {got!r} != {text!r}")
        head = doc.text[: ev.char_start]
        if ev.line_start != head.count("\n") + 1:
            errors.append(f"{what}: line {ev.line_start} != {head.count(chr(10)) + 1}")
        if ev.page != head.count("\f") + 1:
            errors.append(f"{what}: page {ev.page} != {head.count(chr(12)) + 1}")

    for block in doc.blocks():
        if block.kind == BlockKind.paragraph:
            check(f"paragraph {block.index}", block.text, block.evidence)
        for row in block.rows:
            for cell in row.cells:
                check(f"block {block.index} cell ({cell.row},{cell.col})", cell.text, cell.evidence)
    return errors


def table_cells(doc: Document) -> list[tuple[str, int, int, int, int]]:
    """(text, row, col, row_span, col_span) of every table cell, in order."""
    return [
        (c.text, c.row, c.col, c.row_span, c.col_span)
        for b in doc.blocks()
        if b.kind == BlockKind.table
        for r in b.rows
        for c in r.cells
    ]


def grid_cells(grid: Grid) -> list[tuple[str, int, int, int, int]]:
    """What ``table_cells`` should read back from a rendering of ``grid``."""
    covered = grid.covered()
    spans = {(r, c): (rs, cs) for r, c, rs, cs in grid.merges}
    return [
        (text, r, c, *spans.get((r, c), (1, 1)))
        for r, row in enumerate(grid.padded())
        for c, text in enumerate(row)
        if (r, c) not in covered
    ]
