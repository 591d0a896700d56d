// The source pane: page images (PDFs, scans) or the extracted text, with the
// selected indicator's evidence highlighted (bbox on pages, char offsets in text).
import { api } from "./api.js";
import { h } from "./util.js";

const validSpan = (ev, len) =>
  ev && Number.isInteger(ev.char_start) && Number.isInteger(ev.char_end) && ev.char_start < ev.char_end && ev.char_end <= len
    ? [ev.char_start, ev.char_end]
    : null;

export class SourcePane {
  constructor(root, docId, ctx) {
    this.root = root;
    this.docId = docId;
    this.ctx = ctx;
    this.text = "";
    this.pages = [];
    this.images = false;
    this.mode = "text";
    this.page = 1;
    this.zoomed = false;
    this.urls = new Map();
    this.row = null;
    this.fieldSpan = null;
  }

  destroy() {
    for (const url of this.urls.values()) URL.revokeObjectURL(url);
  }

  async load() {
    this.root.replaceChildren(h("div.loading", {}, "正在读取原文…"));
    try {
      const [text, pages] = await Promise.all([api.text(this.docId), api.pages(this.docId)]);
      this.text = text.text;
      this.pages = pages.pages;
      this.images = pages.images;
      this.mode = this.images ? "page" : "text";
      this.loaded = true;
    } catch (e) {
      this.root.replaceChildren(h("div.error", {}, `原文读取失败：${e.message}`));
      return;
    }
    this.render();
  }

  toggleZoom() {
    if (this.mode !== "page") return;
    this.zoomed = !this.zoomed;
    this.render();
  }

  toggleMode() {
    if (!this.images) return;
    this.mode = this.mode === "page" ? "text" : "page";
    this.render();
  }

  // Highlight a record (row) and one of its fields.
  show(rec, field) {
    this.row = rec;
    this.currentField = field;
    this.fieldSpan = rec ? this.spanOf(rec, field) : null;
    const page = rec?.evidence?.page;
    if (page) this.page = page;
    if (this.loaded) this.render();
  }

  // Where a field's characters are: its own evidence, else its text inside the row's span.
  spanOf(rec, field) {
    const f = rec[field] || {};
    const own = validSpan(f.evidence, this.text.length);
    if (own) return own;
    const row = validSpan(rec.evidence, this.text.length);
    const needle = f.text ?? (f.value != null ? String(f.value) : null);
    if (!row || !needle) return null;
    const at = this.text.indexOf(needle, row[0]);
    return at >= 0 && at <= row[1] ? [at, at + needle.length] : null;
  }

  header() {
    const tabs = this.images
      ? h(
          "div.tabs",
          {},
          h(`button${this.mode === "page" ? ".on" : ""}`, { type: "button", onclick: () => this.mode !== "page" && this.toggleMode() }, "页面"),
          h(`button${this.mode === "text" ? ".on" : ""}`, { type: "button", onclick: () => this.mode !== "text" && this.toggleMode() }, "文本"),
        )
      : h("span.muted", {}, "提取的文本");
    const nav =
      this.mode === "page" && this.pages.length > 1
        ? h(
            "div.pagenav",
            {},
            h("button", { type: "button", onclick: () => this.turn(-1), disabled: this.page <= 1 }, "‹"),
            h("span", {}, `第 ${this.page} / ${this.pages.length} 页`),
            h("button", { type: "button", onclick: () => this.turn(1), disabled: this.page >= this.pages.length }, "›"),
          )
        : null;
    const zoom =
      this.mode === "page"
        ? h("button", { type: "button", onclick: () => this.toggleZoom(), title: "z" }, this.zoomed ? "适合宽度" : "放大")
        : null;
    return h("div.pane-head", {}, h("strong", {}, "原文"), tabs, h("div.spacer"), zoom, nav);
  }

  turn(step) {
    this.page = Math.min(this.pages.length, Math.max(1, this.page + step));
    this.render();
  }

  render() {
    const body = this.mode === "page" ? this.renderPage() : this.renderText();
    this.root.replaceChildren(this.header(), body);
    if (this.mode === "text") {
      const target = body.querySelector("mark.field") || body.querySelector("mark.row");
      target?.scrollIntoView({ block: "center" });
    }
  }

  renderText() {
    const pre = h("pre.source-text", { id: "source-text" });
    const row = this.row ? validSpan(this.row.evidence, this.text.length) : null;
    const field = this.fieldSpan;
    const cuts = new Set([0, this.text.length]);
    for (const s of [row, field]) if (s) s.forEach((x) => cuts.add(x));
    const points = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i], points[i + 1]];
      const piece = this.text.slice(a, b);
      const inField = field && a >= field[0] && b <= field[1];
      const inRow = row && a >= row[0] && b <= row[1];
      pre.append(inField ? h("mark.field", {}, piece) : inRow ? h("mark.row", {}, piece) : piece);
    }
    return h("div.source-scroll", {}, pre);
  }

  renderPage() {
    const info = this.pages.find((p) => p.number === this.page) || this.pages[0];
    const wrap = h(`div.page-wrap${this.zoomed ? ".zoomed" : ""}`);
    const img = h("img.page-image", { alt: `第 ${this.page} 页` });
    wrap.append(img);
    const place = () => {
      if (!info || !info.width) return;
      const k = img.clientWidth / info.width;
      const boxes = [];
      if (this.row?.evidence?.bbox && this.row.evidence.page === this.page) boxes.push(["row", this.row.evidence.bbox]);
      const fieldEv = this.fieldEvidence();
      if (fieldEv?.bbox && fieldEv.page === this.page) boxes.push(["field", fieldEv.bbox]);
      wrap.querySelectorAll(".bbox").forEach((b) => b.remove());
      for (const [cls, [x0, y0, x1, y1]] of boxes) {
        const box = h(`div.bbox.${cls}`);
        Object.assign(box.style, { left: `${x0 * k}px`, top: `${y0 * k}px`, width: `${(x1 - x0) * k}px`, height: `${(y1 - y0) * k}px` });
        wrap.append(box);
      }
      wrap.querySelector(".bbox.field, .bbox.row")?.scrollIntoView({ block: "center", inline: "center" });
    };
    img.addEventListener("load", place);
    this.imageUrl(this.page).then((url) => (img.src = url)).catch((e) => wrap.replaceChildren(h("div.error", {}, `页面图片读取失败：${e.message}`)));
    return h("div.source-scroll.pages", {}, wrap);
  }

  fieldEvidence() {
    return this.row && this.currentField ? (this.row[this.currentField] || {}).evidence : null;
  }

  async imageUrl(n) {
    if (!this.urls.has(n)) this.urls.set(n, await api.pageImage(this.docId, n));
    return this.urls.get(n);
  }
}
