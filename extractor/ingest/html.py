"""HTML documents and text holding HTML fragments -> drafts.

Parsed with BeautifulSoup over lxml. Tables stay tables, cells placed on a
grid honouring rowspan/colspan; everything else becomes one paragraph per
block element or ``<br>`` line. In text that only *contains* fragments, the
lines outside the fragments are kept verbatim for ``layout_text``.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from extractor.ingest.markup import has_html
from extractor.ingest.render import (
    DraftCell,
    DraftItem,
    DraftParagraph,
    DraftRawText,
    DraftTable,
    join_lines,
)

# Elements whose content may run over lines without tags of their own.
_CONTAINERS = "table|p|div|ul|ol|pre|blockquote"
_OPEN = re.compile(rf"<\s*(?:{_CONTAINERS})\b[^<>]*(?<!/)>", re.IGNORECASE)
_CLOSE = re.compile(rf"<\s*/\s*(?:{_CONTAINERS})\s*>", re.IGNORECASE)

_BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
    "blockquote", "pre", "dt", "dd", "dl", "tr", "caption", "hr", "br", "header", "footer",
    "center", "body", "html", "form", "fieldset", "address", "main", "nav", "aside",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "head", "title", "noscript", "template"}


def _span(value: object) -> int:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(n, 1), 1000)


def _own_rows(table: Tag) -> list[Tag]:
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _cell_text(cell: Tag) -> str:
    return join_lines(cell.get_text("\n").split("\n"))


def table_to_draft(table: Tag) -> DraftTable:
    cells: list[DraftCell] = []
    taken: set[tuple[int, int]] = set()
    for r, tr in enumerate(_own_rows(table)):
        col = 0
        for td in tr.find_all(["td", "th"], recursive=False):
            while (r, col) in taken:
                col += 1
            rs, cs = _span(td.get("rowspan")), _span(td.get("colspan"))
            cells.append(DraftCell(_cell_text(td), r, col, rs, cs))
            taken.update((r + i, col + j) for i in range(rs) for j in range(cs))
            col += cs
    n_rows = len(_own_rows(table))
    for cell in cells:  # a rowspan past the last row is clipped, as browsers do
        cell.row_span = max(1, min(cell.row_span, n_rows - cell.row))
    return DraftTable(cells=cells)


class _Walker:
    def __init__(self) -> None:
        self.items: list[DraftItem] = []
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = join_lines("".join(self.buffer).split("\n"))
        text = re.sub(r"[ \u00a0]+", " ", text).strip()
        if text:
            self.items.append(DraftParagraph(text))
        self.buffer = []

    def walk(self, root: Tag) -> None:
        # An explicit stack, not recursion: a hostile page may nest elements
        # tens of thousands deep.
        stack = [iter(root.children)]
        flush_after = [False]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                if flush_after.pop():
                    self.flush()
                continue
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not comments, doctype, CDATA
                    self.buffer.append(str(child))
                continue
            if not isinstance(child, Tag) or child.name in _SKIP_TAGS:
                continue
            if child.name == "table":
                self.flush()
                self.items.append(table_to_draft(child))
                continue
            is_block = child.name in _BLOCK_TAGS
            if is_block:
                self.flush()
            stack.append(iter(child.children))
            flush_after.append(is_block)


def _title(soup: BeautifulSoup) -> str:
    tag = soup.find("title")
    return re.sub(r"\s+", " ", tag.get_text()).strip() if isinstance(tag, Tag) else ""


def html_to_items(markup: str) -> list[DraftItem]:
    soup = BeautifulSoup(markup, "lxml")
    walker = _Walker()
    walker.walk(soup)
    walker.flush()
    # The page title often alone names the department and the report (the body
    # holds only the form): keep it as the first line unless the body repeats it.
    title = _title(soup)
    body = "".join(i.text for i in walker.items if isinstance(i, DraftParagraph))
    if title and re.sub(r"\s+", "", title) not in re.sub(r"\s+", "", body):
        walker.items.insert(0, DraftParagraph(title))
    return walker.items


def mixed_to_items(text: str) -> list[DraftItem]:
    """Text with HTML fragments: fragment lines parsed, other lines verbatim."""
    items: list[DraftItem] = []
    plain: list[str] = []
    markup: list[str] = []
    depth = 0  # open container elements: their lines belong to the fragment

    def close(buf: list[str], as_html: bool) -> None:
        if buf:
            chunk = "\n".join(buf)
            items.extend(html_to_items(chunk) if as_html else [DraftRawText(chunk)])
            buf.clear()

    for line in text.split("\n"):
        if depth > 0 or has_html(line):
            close(plain, as_html=False)
            markup.append(line)
            depth = max(0, depth + len(_OPEN.findall(line)) - len(_CLOSE.findall(line)))
        else:
            close(markup, as_html=True)
            plain.append(line)
    close(plain, as_html=False)
    close(markup, as_html=True)
    return items
