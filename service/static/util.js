// Small helpers: DOM building, labels in Chinese, review arithmetic.

// h("div.cls", {attrs}, children...): a tiny element builder.
export function h(tag, attrs = {}, ...children) {
  const [name, ...classes] = tag.split(".");
  const el = document.createElement(name || "div");
  if (classes.length) el.className = classes.join(" ");
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export const FORM_TYPES = {
  department_self_evaluation: "部门整体支出绩效自评表",
  project_self_evaluation: "项目支出绩效自评表",
  target_approval: "绩效目标表",
  evaluation_report: "自评报告",
  unknown: "未识别",
};

export const DOC_STATUS = {
  queued: "排队中",
  processing: "处理中",
  done: "待审核",
  failed: "失败",
};

export const FIELD_LABELS = {
  group: "项目/目标",
  level1: "一级指标",
  level2: "二级指标",
  name: "指标名称",
  target: "指标值",
  actual: "实际完成值",
  weight: "分值",
  score: "得分",
  status: "完成情况",
  deviation: "偏差原因",
};

// Navigation order of a row's fields.
export const FIELDS = Object.keys(FIELD_LABELS);

export const STATUS_LABELS = {
  completed: "已完成",
  partial: "部分完成",
  not_completed: "未完成",
  not_applicable: "不适用",
};

export const CHECK_LABELS = {
  target_met: "目标达成",
  claim_consistent: "完成情况一致",
  score_consistent: "得分一致",
  weight_sum: "权重合计",
  score_total: "得分合计",
  budget_rate: "预算执行率",
  budget_sum: "预算合计",
};

// The document's checks as the extraction states them (its warnings): a
// failed rule is listed; the service's answer to an edit gives all of them.
export const DOCUMENT_RULES = ["weight_sum", "score_total", "budget_rate", "budget_sum"];
export const documentChecksFromWarnings = (extraction) => {
  const codes = new Set((extraction.warnings || []).map((w) => w.code));
  return DOCUMENT_RULES.filter((r) => codes.has(r)).map((rule) => ({
    rule,
    result: "fail",
    detail: extraction.warnings.find((w) => w.code === rule).message,
  }));
};

export const KIND_LABELS = {
  numeric: "数值",
  range: "区间",
  deadline: "时限",
  boolean: "是/否",
  qualitative: "定性",
  missing: "缺失",
};

// The field's text as the table shows it.
export function fieldText(rec, field) {
  const f = rec[field] || {};
  if (field === "target" || field === "actual" || field === "deviation") return f.text ?? "";
  if (field === "status") return f.text ?? (f.label ? STATUS_LABELS[f.label] : "");
  return f.value ?? "";
}

export const fieldConfidence = (rec, field) => {
  const c = (rec[field] || {}).confidence;
  return typeof c === "number" ? c : 1;
};

export const fieldState = (rec, field) => (rec.review && rec.review.fields[field]) || "extracted";

export const reviewed = (rec, field) => ["corrected", "confirmed"].includes(fieldState(rec, field));

export const failedChecks = (rec) => (rec.checks || []).filter((c) => c.result === "fail");

// Fields a failed check puts in doubt (as the service's review queue counts them).
const CHECKED_FIELDS = ["target", "actual", "status"];

// Is this field worth a reviewer's look? Low confidence or a failed check, not yet reviewed.
export function doubtful(rec, field, threshold) {
  if (reviewed(rec, field)) return false;
  if (fieldConfidence(rec, field) < threshold) return true;
  if (!CHECKED_FIELDS.includes(field) || !failedChecks(rec).length) return false;
  return !CHECKED_FIELDS.some((f) => reviewed(rec, f));
}

export function reviewCounts(extraction, threshold) {
  let fields = 0;
  let checks = 0;
  for (const rec of extraction.indicators) {
    fields += FIELDS.filter((f) => doubtful(rec, f, threshold)).length;
    checks += failedChecks(rec).length;
  }
  return { indicators: extraction.indicators.length, fields, checks };
}

// "≥ 100 个 · 数值" — a value the way the contract reads it.
export function describeValue(v) {
  if (!v || !v.kind || v.kind === "missing") return "缺失";
  const kind = KIND_LABELS[v.kind] || v.kind;
  if (v.kind === "numeric" || v.kind === "range") {
    const op = { ">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "=", range: "" }[v.op] ?? "";
    const num = v.kind === "range" ? `${v.value}–${v.upper}` : `${v.value}`;
    const norm =
      v.normalized && v.normalized.value !== v.value
        ? `（折算 ${v.normalized.value}${v.normalized.unit || ""}）`
        : "";
    return `${kind}：${op} ${num}${v.unit ? " " + v.unit : ""}${norm}`;
  }
  return `${kind}：${v.text ?? ""}`;
}

export function confidenceClass(c, threshold) {
  if (c < 0.5) return "conf-low";
  if (c < threshold) return "conf-mid";
  return "conf-ok";
}

export function formatTime(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// A status claim's label from its words (the reviewer can also type the label itself).
export function guessStatusLabel(text) {
  const t = (text || "").replace(/\s+/g, "");
  if (!t) return null;
  if (STATUS_LABELS[t]) return t;
  for (const [label, zh] of Object.entries(STATUS_LABELS)) if (t === zh) return label;
  if (/不适用/.test(t)) return "not_applicable";
  if (/部分|基本完成/.test(t)) return "partial";
  if (/未完成|未达|没有完成|未实现/.test(t)) return "not_completed";
  if (/完成|达成|达到|实现/.test(t)) return "completed";
  return null;
}
