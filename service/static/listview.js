// The document list: status, form type, department, year, what needs review; upload.
import { api, download, upload } from "./api.js";
import { DOC_STATUS, FORM_TYPES, formatTime, h, reviewCounts } from "./util.js";

const POLL_MS = 1500;

export class ListView {
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx;
    this.docs = [];
    this.counts = new Map(); // id -> {revision, indicators, fields, checks}
    this.selected = 0;
    this.timer = null;
  }

  destroy() {
    clearTimeout(this.timer);
  }

  async load() {
    this.ctx.setCrumbs([{ text: "文档列表" }]);
    this.root.append(this.renderShell());
    await this.refresh();
  }

  renderShell() {
    this.fileInput = h("input", { type: "file", multiple: true, hidden: true, id: "file-input" });
    this.fileInput.addEventListener("change", () => this.send([...this.fileInput.files]));
    this.progress = h("div.progress", {}, h("div.bar"));
    this.dropLabel = h("p.drop-title", {}, "拖放报告文件到此处上传，或 ", h("button.link", { type: "button", onclick: () => this.fileInput.click() }, "选择文件"));
    const zone = h(
      "section.dropzone",
      { id: "dropzone" },
      this.dropLabel,
      h("p.muted", {}, "PDF、扫描件图片、Word、Excel、文本或 HTML；可一次多份"),
      this.progress,
      this.fileInput,
    );
    for (const ev of ["dragenter", "dragover"])
      zone.addEventListener(ev, (e) => {
        e.preventDefault();
        zone.classList.add("over");
      });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (e) => {
      e.preventDefault();
      zone.classList.remove("over");
      this.send([...e.dataTransfer.files]);
    });
    const tools = h(
      "div.toolbar",
      {},
      h("h1", {}, "文档"),
      h("div.spacer"),
      this.ctx.role.canReview &&
        h("button", { type: "button", onclick: () => download("/v1/exports?format=xlsx", "indicators.xlsx") }, "导出已批准指标 (XLSX)"),
      this.ctx.role.canReview &&
        h("button", { type: "button", onclick: () => download("/v1/training-data", "training_data.zip") }, "下载训练数据"),
    );
    this.tbody = h("tbody");
    const table = h(
      "table.doclist",
      {},
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["文件", "状态", "表类型", "部门", "年度", "指标", "待审字段", "校验未通过", "上传时间"].map((t) => h("th", {}, t)),
        ),
      ),
      this.tbody,
    );
    return h("div.listview", {}, zone, tools, table);
  }

  async send(files) {
    if (!files.length) return;
    const bar = this.progress.firstChild;
    this.progress.classList.add("active");
    bar.style.width = "0%";
    try {
      const res = await upload(files, (share) => (bar.style.width = `${Math.round(share * 100)}%`));
      const dup = res.documents.filter((d) => d.duplicate).length;
      this.ctx.toast(`已上传 ${res.documents.length} 份${dup ? `（${dup} 份已存在）` : ""}，正在提取…`);
    } catch (e) {
      this.ctx.toast(`上传失败：${e.message}`, "error");
    } finally {
      this.progress.classList.remove("active");
      this.fileInput.value = "";
    }
    await this.refresh();
  }

  async refresh() {
    clearTimeout(this.timer);
    try {
      this.docs = (await api.listDocuments()).items;
    } catch (e) {
      this.ctx.toast(`读取文档列表失败：${e.message}`, "error");
      return;
    }
    this.render();
    await this.loadCounts();
    if (this.docs.some((d) => d.status === "queued" || d.status === "processing"))
      this.timer = setTimeout(() => this.refresh(), POLL_MS);
  }

  // Per-document figures come from each extraction (cached by update time).
  async loadCounts() {
    const todo = this.docs.filter((d) => d.status === "done" && this.counts.get(d.id)?.stamp !== d.updated_at);
    for (let i = 0; i < todo.length; i += 6) {
      await Promise.all(
        todo.slice(i, i + 6).map(async (d) => {
          try {
            const ex = await api.extraction(d.id);
            this.counts.set(d.id, { stamp: d.updated_at, ...reviewCounts(ex, this.ctx.role.threshold) });
          } catch {
            /* shown as blank */
          }
        }),
      );
      this.render();
    }
  }

  statusChip(d) {
    if (d.approved) return h("span.chip.approved", { title: `${d.approved_by} ${formatTime(d.approved_at)}` }, "已批准");
    const text = DOC_STATUS[d.status] || d.status;
    return h(`span.chip.${d.status}`, { title: d.error ? d.error.message : "" }, text);
  }

  render() {
    this.selected = Math.min(this.selected, Math.max(0, this.docs.length - 1));
    if (!this.docs.length) {
      this.tbody.replaceChildren(h("tr", {}, h("td.empty", { colspan: 9 }, "还没有文档。拖放文件到上方开始。")));
      return;
    }
    this.tbody.replaceChildren(
      ...this.docs.map((d, i) => {
        const c = this.counts.get(d.id);
        const num = (v, cls) => h(`td.num${v ? "." + cls : ""}`, {}, c ? String(v) : "");
        return h(
          `tr${i === this.selected ? ".selected" : ""}`,
          { dataset: { id: d.id }, onclick: () => this.open(i) },
          h("td.file", {}, h("a", { href: `#/doc/${d.id}` }, d.filename), d.error ? h("div.error", {}, d.error.message) : null),
          h("td", {}, this.statusChip(d)),
          h("td", {}, d.form_type ? FORM_TYPES[d.form_type] || d.form_type : ""),
          h("td", {}, d.department || ""),
          h("td.num", {}, d.year ?? ""),
          h("td.num", {}, c ? String(c.indicators) : ""),
          num(c && c.fields, "warn"),
          num(c && c.checks, "bad"),
          h("td.time", {}, formatTime(d.created_at)),
        );
      }),
    );
  }

  open(i) {
    const d = this.docs[i];
    if (d && d.status === "done") this.ctx.go(`#/doc/${d.id}`);
    else if (d) this.ctx.toast(d.status === "failed" ? `提取失败：${d.error?.message || ""}` : "文档尚未提取完成");
  }

  onKey(e) {
    const k = e.key;
    if (k === "j" || k === "ArrowDown") this.selected = Math.min(this.docs.length - 1, this.selected + 1);
    else if (k === "k" || k === "ArrowUp") this.selected = Math.max(0, this.selected - 1);
    else if (k === "Enter" || k === "o") return this.open(this.selected), true;
    else if (k === "u") return this.fileInput.click(), true;
    else return false;
    this.render();
    this.tbody.querySelector("tr.selected")?.scrollIntoView({ block: "nearest" });
    return true;
  }
}
