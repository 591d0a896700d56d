// The review view: the source on the left, the indicator table on the right,
// a field cursor driven by the keyboard; every change goes through the API.
import { api, download } from "./api.js";
import { AddDialog } from "./adddialog.js";
import { SourcePane } from "./source.js";
import {
  CHECK_LABELS,
  FIELD_LABELS,
  FIELDS,
  FORM_TYPES,
  STATUS_LABELS,
  confidenceClass,
  describeValue,
  documentChecksFromWarnings,
  doubtful,
  failedChecks,
  fieldConfidence,
  fieldState,
  fieldText,
  formatTime,
  guessStatusLabel,
  h,
  reviewCounts,
} from "./util.js";

// Fields shown as table columns; the others (group, levels, deviation) are
// shown in the group headings and the field bar, and reached with ← →.
const COLUMNS = ["name", "target", "actual", "weight", "score", "status"];
const STATE_LABELS = { extracted: "自动提取", corrected: "已修改", confirmed: "已确认", added: "人工新增" };
const HISTORY_FIELDS = { ...FIELD_LABELS, confidence: "行置信度", state: "状态" };
const SUGGESTION_KINDS = { next_cell: "右侧单元格", previous_cell: "左侧单元格", ocr_repair: "OCR 修复", unassigned_cell: "本行未用单元格" };
const ACTION_LABELS = { correct: "修改", confirm: "确认", add: "新增", delete: "标记误识别", approve: "批准" };

export class ReviewView {
  constructor(root, docId, ctx) {
    this.root = root;
    this.docId = docId;
    this.ctx = ctx;
    this.threshold = ctx.role.threshold;
    this.rows = [];
    this.cur = { row: 0, field: "name" };
    this.mode = null; // null | "edit" | "delete" | "approve"
    this.showHistory = false;
    this.note = null; // the last change, shown in the field bar
  }

  destroy() {
    this.source?.destroy();
  }

  get rec() {
    return this.rows[this.cur.row];
  }

  get readOnly() {
    return !this.ctx.role.canReview || this.extraction.review.state === "approved";
  }

  async load() {
    this.root.replaceChildren(h("div.loading", {}, "正在读取…"));
    try {
      [this.doc, this.extraction] = await Promise.all([api.document(this.docId), api.extraction(this.docId)]);
    } catch (e) {
      this.root.replaceChildren(h("div.error.page-error", {}, `读取失败：${e.message}`));
      return;
    }
    this.rows = this.extraction.indicators;
    this.docChecks = documentChecksFromWarnings(this.extraction);
    this.ctx.setCrumbs([{ text: "文档列表", href: "#/" }, { text: this.doc.filename }]);
    const sourceRoot = h("section.pane.source-pane", { id: "source-pane" });
    this.head = h("div.review-head");
    this.tableArea = h("div.table-scroll", { id: "indicator-table" });
    this.bar = h("div.fieldbar", { id: "field-bar" });
    this.root.replaceChildren(
      h("div.review", {}, this.head, h("div.split", {}, sourceRoot, h("section.pane.table-pane", {}, this.tableArea, this.bar))),
    );
    this.source = new SourcePane(sourceRoot, this.docId, this.ctx);
    this.source.load().then(() => this.syncSource());
    this.cur = this.firstDoubtful() || { row: 0, field: "name" };
    this.renderAll();
  }

  // ------------------------------------------------------------ navigation

  cells() {
    return this.rows.flatMap((rec, row) => FIELDS.map((field) => ({ row, field, rec })));
  }

  isDoubtful(c) {
    return doubtful(c.rec, c.field, this.threshold);
  }

  firstDoubtful() {
    return this.cells().find((c) => this.isDoubtful(c)) || null;
  }

  jumpDoubtful(step) {
    const cells = this.cells();
    const at = cells.findIndex((c) => c.row === this.cur.row && c.field === this.cur.field);
    for (let i = at + step; i >= 0 && i < cells.length; i += step)
      if (this.isDoubtful(cells[i])) return this.moveTo(cells[i]);
    this.ctx.toast(this.firstDoubtful() ? (step > 0 ? "后面没有待审字段了" : "前面没有待审字段了") : "全部字段已审核，可按 Shift+A 批准");
  }

  moveTo({ row, field }) {
    this.cur = { row: Math.max(0, Math.min(this.rows.length - 1, row)), field };
    this.note = null;
    this.renderTable();
    this.renderBar();
    this.syncSource();
  }

  syncSource() {
    this.source?.show(this.rec, this.cur.field);
  }

  // ------------------------------------------------------------ rendering

  renderAll() {
    this.renderHead();
    this.renderTable();
    this.renderBar();
  }

  renderHead() {
    const ex = this.extraction;
    const counts = reviewCounts(ex, this.threshold);
    const approved = ex.review.state === "approved";
    const chip = (label, value) => (value ? h("span.meta", {}, h("span.muted", {}, label), value) : null);
    this.head.replaceChildren(
      h(
        "div.title-line",
        {},
        h("h1", {}, this.doc.filename),
        approved
          ? h("span.chip.approved", {}, `已批准 · ${ex.review.approved_by} · ${formatTime(ex.review.approved_at)}`)
          : h("span.chip.done", {}, "审核中"),
        h("div.spacer"),
        h("button", { type: "button", onclick: () => this.openHistory() }, this.showHistory ? "返回指标表 (h)" : "修改记录 (h)"),
        h("button", { type: "button", onclick: () => download(`/v1/documents/${this.docId}/labelstudio`, "task.json") }, "Label Studio"),
        approved && this.ctx.role.canReview
          ? h("button", { type: "button", onclick: () => download(`/v1/documents/${this.docId}/training-data`, "training.zip") }, "训练数据")
          : null,
        !this.readOnly ? h("button", { type: "button", onclick: () => this.startAdd() }, "新增指标 (n)") : null,
        !this.readOnly ? h("button.primary", { type: "button", id: "approve-button", onclick: () => this.ask("approve") }, "批准 (⇧A)") : null,
      ),
      h(
        "div.meta-line",
        {},
        chip("表类型", FORM_TYPES[ex.form_type?.value] || ex.form_type?.value),
        chip("部门", ex.department?.value),
        chip("年度", ex.year?.value),
        h("span.meta", {}, h("span.muted", {}, "指标"), String(counts.indicators)),
        h("span.meta" + (counts.fields ? ".warn" : ""), { id: "doubt-count" }, h("span.muted", {}, "待审字段"), String(counts.fields)),
        h("span.meta" + (counts.checks ? ".bad" : ""), {}, h("span.muted", {}, "校验未通过"), String(counts.checks)),
        h(
          "span.meta.doc-checks",
          { id: "doc-checks" },
          (this.docChecks || []).map((c) =>
            h(`span.check.${c.result}`, { dataset: { rule: c.rule }, title: c.detail || "" }, `${c.result === "pass" ? "✓" : "✗"} ${CHECK_LABELS[c.rule] || c.rule}`),
          ),
        ),
        h("div.spacer"),
        h("span.legend", {}, h("i.conf-low"), "置信度 < 0.5", h("i.conf-mid"), `< ${this.threshold}`, h("i.corrected"), "已修改", h("i.confirmed"), "已确认"),
      ),
    );
  }

  renderTable() {
    if (this.showHistory) return;
    if (!this.rows.length) {
      this.tableArea.replaceChildren(h("div.empty", {}, "没有识别到指标。按 n 新增。"));
      return;
    }
    // Consecutive rows under the same group and levels form one block with one heading.
    const keyOf = (rec) => [rec.group?.value, rec.level1?.value, rec.level2?.value].join("|");
    const body = [];
    this.rows.forEach((rec, i) => {
      if (i === 0 || keyOf(rec) !== keyOf(this.rows[i - 1])) {
        let end = i;
        while (end + 1 < this.rows.length && keyOf(this.rows[end + 1]) === keyOf(rec)) end++;
        body.push(this.groupRow(i, end));
      }
      body.push(this.indicatorRow(rec, i));
    });
    const head = h("thead", {}, h("tr", {}, COLUMNS.map((f) => h(`th.col-${f}`, {}, FIELD_LABELS[f])), h("th.col-checks", {}, "校验")));
    this.tableArea.replaceChildren(h("table.indicators", {}, head, h("tbody", {}, body)));
    this.tableArea.querySelector("tr.current")?.scrollIntoView({ block: "nearest" });
  }

  // The heading of rows first..last: their group and levels, shaded (and
  // outlined) for the current row when it is in the block.
  groupRow(first, last) {
    const here = this.cur.row >= first && this.cur.row <= last;
    const rec = this.rows[here ? this.cur.row : first];
    const part = (field) => {
      const text = fieldText(rec, field);
      const cursor = here && this.cur.field === field;
      if (!text && field === "group" && !cursor) return null;
      const cls = [confidenceClass(fieldConfidence(rec, field), this.threshold), fieldState(rec, field)];
      if (cursor) cls.push("cursor");
      const empty = field === "group" ? "（无项目/目标）" : "（未识别）";
      return h(`span.level.${cls.join(".")}`, { dataset: { field } }, text || empty);
    };
    return h(
      "tr.group",
      {},
      h("td", { colspan: COLUMNS.length + 1 }, part("group"), part("level1"), h("span.sep", {}, "›"), part("level2")),
    );
  }

  indicatorRow(rec, i) {
    const fails = failedChecks(rec);
    const cls = ["ind"];
    if (i === this.cur.row) cls.push("current");
    if (fails.length) cls.push("failed");
    if (rec.review?.state === "added") cls.push("added");
    const cells = COLUMNS.map((field) => {
      const c = [`col-${field}`, confidenceClass(fieldConfidence(rec, field), this.threshold), fieldState(rec, field)];
      if (doubtful(rec, field, this.threshold)) c.push("doubt");
      if (i === this.cur.row && this.cur.field === field) c.push("cursor");
      const text = fieldText(rec, field);
      const title = `${FIELD_LABELS[field]} · 置信度 ${fieldConfidence(rec, field).toFixed(2)} · ${STATE_LABELS[fieldState(rec, field)]}`;
      const extra = field === "name" ? this.rowNotes(rec, fails) : null;
      return h(`td.${c.join(".")}`, { dataset: { field }, title, onclick: () => this.moveTo({ row: i, field }) }, h("span.v", {}, text === "" ? "—" : text), extra);
    });
    const passed = (rec.checks || []).filter((c) => c.result === "pass");
    const checks = h(
      "td.col-checks",
      {},
      fails.map((c) => h("span.check.fail", { title: c.detail || "" }, `✗ ${CHECK_LABELS[c.rule] || c.rule}`)),
      passed.length
        ? h("span.check.pass", { title: passed.map((c) => `${CHECK_LABELS[c.rule] || c.rule}：${c.detail || ""}`).join("\n") }, `✓ ${passed.length} 项通过`)
        : null,
    );
    return h(`tr.${cls.join(".")}`, { dataset: { iid: rec.id } }, cells, checks);
  }

  rowNotes(rec, fails) {
    const notes = fails.map((c) => h("div.reason", {}, `⚠ ${CHECK_LABELS[c.rule] || c.rule}未通过：${c.detail || ""}`));
    const dev = fieldText(rec, "deviation");
    if (dev) notes.push(h("div.deviation", {}, `偏差原因：${dev}`));
    return notes.length ? h("div.notes", {}, notes) : null;
  }

  renderBar() {
    const rec = this.rec;
    if (!rec) {
      this.bar.replaceChildren(h("span.muted", {}, this.readOnly ? "" : "按 n 新增指标"));
      return;
    }
    if (this.mode === "delete" || this.mode === "approve") return this.renderAsk();
    const field = this.cur.field;
    const conf = fieldConfidence(rec, field);
    const state = fieldState(rec, field);
    const top = h(
      "div.bar-top",
      {},
      h("span.iid", {}, rec.id),
      h("strong", {}, FIELD_LABELS[field]),
      h(`span.conf.${confidenceClass(conf, this.threshold)}`, {}, `置信度 ${conf.toFixed(2)}`),
      h(`span.state.${state}`, {}, STATE_LABELS[state] || state),
      h("div.spacer"),
      this.readOnly ? h("span.muted", {}, this.ctx.role.canReview ? "已批准，只读" : "只读") : h("span.hints", {}, h("kbd", {}, "a"), "确认 ", h("kbd", {}, "e"), "修改 ", h("kbd", {}, "j"), "下一个待审 ", h("kbd", {}, "x"), "误识别 ", h("kbd", {}, "1-9"), "选候选"),
    );
    if (this.mode === "edit") {
      this.bar.replaceChildren(top, this.editor(rec, field));
      this.bar.querySelector("input").focus();
      return;
    }
    const value = rec[field] || {};
    const reading =
      field === "target" || field === "actual"
        ? describeValue(value)
        : field === "status"
          ? `标签：${value.label ? STATUS_LABELS[value.label] + `（${value.label}）` : "无"}`
          : null;
    const parts = [
      top,
      h("div.bar-value", { id: "field-value" }, fieldText(rec, field) === "" ? h("span.muted", {}, "（空）") : String(fieldText(rec, field))),
      reading ? h("div.bar-reading", { id: "field-reading" }, "按合同解析：", reading) : null,
      this.suggestionList(rec, field),
      this.note ? h("div.bar-note", { id: "field-note" }, this.note) : null,
    ];
    this.bar.replaceChildren(...parts.filter(Boolean));
  }

  // The engine's runners-up for a doubtful field, as the contract parses
  // them, with their probability; the keys 1-9 pick one.
  suggestions(rec, field) {
    return this.readOnly ? [] : (rec.review?.suggestions?.[field] || []).slice(0, 9);
  }

  suggestionList(rec, field) {
    const runners = this.suggestions(rec, field);
    if (!runners.length) return null;
    const reading = (s) => (field === "target" || field === "actual" ? describeValue(s.value) : String(s.value ?? ""));
    return h(
      "ol.suggestions",
      { id: "suggestions" },
      runners.map((s, i) =>
        h(
          "li",
          { dataset: { n: String(i + 1) }, onclick: () => this.pickSuggestion(i) },
          h("kbd", {}, String(i + 1)),
          h("span.s-text", {}, s.text),
          h("span.s-reading", {}, reading(s)),
          h("span.muted", {}, SUGGESTION_KINDS[s.kind] || s.kind),
          h("span.s-prob", {}, `${Math.round(s.probability * 100)}%`),
        ),
      ),
    );
  }

  pickSuggestion(i) {
    const runner = this.suggestions(this.rec, this.cur.field)[i];
    if (!runner || !this.guard()) return;
    this.saveEdit(this.cur.field, runner.text);
  }

  editor(rec, field) {
    const input = h("input.edit", { id: "edit-input", value: String(fieldText(rec, field)), autocomplete: "off", spellcheck: "false" });
    const hint = h("span.muted.edit-hint", {}, "Enter 保存 · Esc 取消");
    const preview = h("span.edit-preview");
    if (field === "status") {
      const update = () => {
        const label = guessStatusLabel(input.value);
        preview.textContent = label ? `→ ${STATUS_LABELS[label]}（${label}）` : "→ 无法判断标签：可输入 completed / partial / not_completed / not_applicable";
      };
      input.addEventListener("input", update);
      update();
    }
    // The checks this value would give, asked (unsaved) a moment after each keystroke.
    const checks = h("span.edit-checks", { id: "edit-checks" });
    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.previewChecks(rec, field, input.value, checks), 250);
    });
    input.addEventListener("keydown", (e) => {
      if (e.isComposing || e.keyCode === 229) return; // Enter that ends a pinyin (IME) composition
      if (e.key === "Enter") {
        e.preventDefault();
        this.saveEdit(field, input.value);
      } else if (e.key === "Escape") {
        e.preventDefault();
        this.mode = null;
        this.renderBar();
      }
    });
    return h("div.bar-edit", {}, input, preview, checks, hint);
  }

  async previewChecks(rec, field, text, into) {
    let body;
    try {
      body = this.patchBody(field, text);
    } catch {
      return into.replaceChildren();
    }
    try {
      const got = await api.preview(this.docId, rec.id, body);
      const shown = [...got.checks, ...got.document_checks].filter((c) => c.result !== "unknown");
      into.replaceChildren(
        ...shown.map((c) =>
          h(`span.check.${c.result}`, { dataset: { rule: c.rule }, title: c.detail || "" }, `${c.result === "pass" ? "✓" : "✗"} ${CHECK_LABELS[c.rule] || c.rule}`),
        ),
      );
    } catch {
      into.replaceChildren();
    }
  }

  renderAsk() {
    const what =
      this.mode === "approve"
        ? `批准本文档？批准后不能再修改，修改过的字段将进入训练数据。${this.remaining() ? `（仍有 ${this.remaining()} 个待审字段）` : ""}`
        : `将指标 ${this.rec.id}「${fieldText(this.rec, "name")}」标记为误识别？`;
    this.bar.replaceChildren(
      h(
        "div.ask",
        { id: "ask" },
        h("span", {}, what),
        h("div.spacer"),
        h("button.primary", { type: "button", onclick: () => this.confirmAsk() }, "确定 (Enter)"),
        h("button", { type: "button", onclick: () => this.cancelAsk() }, "取消 (Esc)"),
      ),
    );
  }

  remaining() {
    return reviewCounts(this.extraction, this.threshold).fields;
  }

  // ------------------------------------------------------------ actions

  guard() {
    if (!this.readOnly) return true;
    this.ctx.toast(this.ctx.role.canReview ? "文档已批准，不能再修改" : "需要审核员（reviewer）密钥", "error");
    return false;
  }

  replace(indicator) {
    // An edit's answer carries the document's re-run checks (sums, totals, budget).
    if (indicator.document_checks) {
      this.docChecks = indicator.document_checks.filter((c) => c.result !== "unknown");
      delete indicator.document_checks;
    }
    const i = this.rows.findIndex((r) => r.id === indicator.id);
    if (i >= 0) this.rows[i] = indicator;
    else this.rows.push(indicator);
    return i >= 0 ? i : this.rows.length - 1;
  }

  async run(action) {
    try {
      return await action();
    } catch (e) {
      if (e.status === 412) {
        const { indicator } = await api.indicator(this.docId, this.rec.id);
        this.replace(indicator);
        this.renderAll();
        this.ctx.toast("该指标已被他人修改，已刷新，请重试", "error");
      } else this.ctx.toast(`操作失败：${e.message}`, "error");
      return null;
    }
  }

  async accept() {
    if (!this.guard() || !this.rec) return;
    const field = this.cur.field;
    const done = await this.run(() => api.patch(this.docId, this.rec.id, this.rec.review.etag, { confirm: [field] }));
    if (!done) return;
    this.replace(done.indicator);
    this.renderHead();
    this.jumpDoubtfulQuietly();
  }

  jumpDoubtfulQuietly() {
    const cells = this.cells();
    const at = cells.findIndex((c) => c.row === this.cur.row && c.field === this.cur.field);
    const next = cells.slice(at + 1).find((c) => this.isDoubtful(c)) || cells.find((c) => this.isDoubtful(c));
    if (next) this.moveTo(next);
    else {
      this.moveTo(this.cur);
      this.ctx.toast("全部字段已审核，可按 Shift+A 批准");
    }
  }

  startEdit() {
    if (!this.guard() || !this.rec) return;
    this.mode = "edit";
    this.renderBar();
  }

  patchBody(field, text) {
    const t = text.trim();
    if (field === "weight" || field === "score") {
      if (t === "") return { [field]: null };
      const n = Number(t.replace(/[,，]/g, ""));
      if (!Number.isFinite(n)) throw new Error(`${FIELD_LABELS[field]}须是数字`);
      return { [field]: n };
    }
    if (field === "status") return { status: { text: t || null, label: guessStatusLabel(t) } };
    if (field === "target" || field === "actual") return { [field]: t };
    return { [field]: t || null };
  }

  async saveEdit(field, text) {
    let body;
    try {
      body = this.patchBody(field, text);
    } catch (e) {
      this.ctx.toast(e.message, "error");
      return;
    }
    const done = await this.run(() => api.patch(this.docId, this.rec.id, this.rec.review.etag, body));
    this.mode = null;
    if (!done) return this.renderBar();
    this.replace(done.indicator);
    const v = done.indicator[field];
    this.note =
      field === "target" || field === "actual"
        ? `已保存。重新解析为 ${describeValue(v)}`
        : `已保存：${fieldText(done.indicator, field) || "（空）"}`;
    this.ctx.toast(`已修改 ${FIELD_LABELS[field]}`);
    const note = this.note;
    this.renderHead();
    this.renderTable();
    this.note = note;
    this.renderBar();
    this.syncSource();
  }

  startAdd() {
    if (!this.guard()) return;
    const base = this.rec || {};
    new AddDialog({
      level1: base.level1?.value || "",
      level2: base.level2?.value || "",
      group: base.group?.value || "",
      onSubmit: async (body) => {
        const done = await this.run(() => api.add(this.docId, body));
        if (!done) return false;
        const row = this.replace(done.indicator);
        this.ctx.toast(`已新增指标 ${done.indicator.id}`);
        this.renderHead();
        this.moveTo({ row, field: "name" });
        return true;
      },
    }).open();
  }

  ask(mode) {
    if (!this.guard()) return;
    if (mode === "delete" && !this.rec) return;
    this.mode = mode;
    this.renderBar();
    this.bar.querySelector("button.primary")?.focus();
  }

  cancelAsk() {
    this.mode = null;
    this.renderBar();
  }

  async confirmAsk() {
    const mode = this.mode;
    this.mode = null;
    if (mode === "delete") {
      const rec = this.rec;
      const done = await this.run(() => api.markFalse(this.docId, rec.id, rec.review.etag));
      if (done) {
        const checks = done.indicator.document_checks;
        if (checks) this.docChecks = checks.filter((c) => c.result !== "unknown");
        this.rows.splice(this.cur.row, 1);
        this.ctx.toast(`已将 ${rec.id} 标记为误识别`);
        this.renderHead();
        this.moveTo({ row: Math.min(this.cur.row, this.rows.length - 1), field: this.cur.field });
        return;
      }
    } else if (mode === "approve") {
      const done = await this.run(() => api.approve(this.docId));
      if (done) {
        this.extraction = await api.extraction(this.docId);
        this.rows = this.extraction.indicators;
        this.ctx.toast("文档已批准");
        this.renderAll();
        return;
      }
    }
    this.renderBar();
  }

  async openHistory() {
    this.showHistory = !this.showHistory;
    this.renderHead();
    if (!this.showHistory) return this.renderTable();
    this.tableArea.replaceChildren(h("div.loading", {}, "正在读取修改记录…"));
    try {
      const { events } = await api.history(this.docId);
      this.tableArea.replaceChildren(this.historyTable(events));
    } catch (e) {
      this.tableArea.replaceChildren(h("div.error", {}, `读取失败：${e.message}`));
    }
  }

  historyTable(events) {
    const show = (v) => {
      if (v == null) return "—";
      if (typeof v !== "object") return String(v);
      if ("text" in v && "kind" in v) return v.text ?? "—";
      if ("value" in v) return v.value ?? "—";
      if ("text" in v) return v.text ?? "—";
      return JSON.stringify(v).slice(0, 80);
    };
    if (!events.length) return h("div.empty", {}, "还没有修改记录。");
    return h(
      "table.history",
      { id: "history" },
      h("thead", {}, h("tr", {}, ["时间", "审核人", "操作", "指标", "字段", "原值", "新值"].map((t) => h("th", {}, t)))),
      h(
        "tbody",
        {},
        events.map((e) =>
          h(
            "tr",
            {},
            h("td.time", {}, formatTime(e.at)),
            h("td", {}, e.who),
            h("td", {}, ACTION_LABELS[e.action] || e.action),
            h("td", {}, e.indicator_id || ""),
            h("td", {}, HISTORY_FIELDS[e.field] || e.field || ""),
            h("td.old", {}, e.action === "add" ? "" : show(e.old_value)),
            h("td.new", {}, e.action === "add" ? show(e.new_value?.name) : show(e.new_value)),
          ),
        ),
      ),
    );
  }

  // ------------------------------------------------------------ keys

  onKey(e) {
    const k = e.key;
    if (this.mode === "delete" || this.mode === "approve") {
      if (k === "Enter" || k === "y") this.confirmAsk();
      else if (k === "Escape" || k === "n") this.cancelAsk();
      return true;
    }
    const at = FIELDS.indexOf(this.cur.field);
    switch (k) {
      case "j":
        this.jumpDoubtful(1);
        break;
      case "k":
        this.jumpDoubtful(-1);
        break;
      case "ArrowDown":
        this.moveTo({ row: this.cur.row + 1, field: this.cur.field });
        break;
      case "ArrowUp":
        this.moveTo({ row: this.cur.row - 1, field: this.cur.field });
        break;
      case "ArrowRight":
        this.moveTo({ row: this.cur.row, field: FIELDS[Math.min(FIELDS.length - 1, at + 1)] });
        break;
      case "ArrowLeft":
        this.moveTo({ row: this.cur.row, field: FIELDS[Math.max(0, at - 1)] });
        break;
      case "a":
        this.accept();
        break;
      case "e":
      case "Enter":
        this.startEdit();
        break;
      case "n":
        this.startAdd();
        break;
      case "x":
      case "Delete":
        this.ask("delete");
        break;
      case "A":
        this.ask("approve");
        break;
      case "h":
        this.openHistory();
        break;
      case "s":
        this.source?.toggleMode();
        break;
      case "z":
        this.source?.toggleZoom();
        break;
      case "Escape":
        if (this.showHistory) this.openHistory();
        else this.ctx.go("#/");
        break;
      default:
        if (/^[1-9]$/.test(k) && this.rec && this.suggestions(this.rec, this.cur.field).length) {
          this.pickSuggestion(Number(k) - 1);
          break;
        }
        return false;
    }
    return true;
  }
}
