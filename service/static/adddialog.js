// The "add a missed indicator" form: a modal, Tab between fields, Enter saves, Esc cancels.
import { FIELD_LABELS, STATUS_LABELS, guessStatusLabel, h } from "./util.js";

const INPUTS = ["level1", "level2", "name", "target", "actual", "weight", "score", "status"];

export class AddDialog {
  constructor({ level1, level2, group, onSubmit }) {
    this.defaults = { level1, level2 };
    this.group = group;
    this.onSubmit = onSubmit;
  }

  open() {
    const fields = INPUTS.map((f) =>
      h(
        "label.field",
        {},
        h("span", {}, FIELD_LABELS[f] + (f === "name" ? " *" : "")),
        h("input", {
          name: f,
          value: this.defaults[f] || "",
          autocomplete: "off",
          required: f === "name",
          placeholder: f === "status" ? "已完成 / 部分完成 / 未完成 / 不适用" : f === "target" ? "如 ≥100个" : "",
        }),
      ),
    );
    const error = h("p.error");
    const form = h(
      "form",
      { id: "add-form" },
      h("h2", {}, "新增漏识别的指标"),
      h("div.grid", {}, fields),
      error,
      h("div.actions", {}, h("button", { type: "button", value: "cancel" }, "取消 (Esc)"), h("button.primary", { type: "submit" }, "保存 (Enter)")),
    );
    const dialog = h("dialog.modal.add", { id: "add-dialog" }, form);
    form.querySelector('button[value="cancel"]').addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => dialog.remove());
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      let body;
      try {
        body = this.body(new FormData(form));
      } catch (err) {
        error.textContent = err.message;
        return;
      }
      if (await this.onSubmit(body)) dialog.close();
    });
    document.body.append(dialog);
    dialog.showModal();
    form.querySelector('input[name="name"]').focus();
  }

  body(data) {
    const body = {};
    if (this.group) body.group = this.group;
    for (const f of INPUTS) {
      const v = String(data.get(f) || "").trim();
      if (!v) continue;
      if (f === "weight" || f === "score") {
        const n = Number(v);
        if (!Number.isFinite(n)) throw new Error(`${FIELD_LABELS[f]}须是数字`);
        body[f] = n;
      } else if (f === "status") {
        const label = guessStatusLabel(v);
        body.status = { text: STATUS_LABELS[v] ? STATUS_LABELS[v] : v, label };
      } else body[f] = v;
    }
    if (!body.name) throw new Error("指标名称必填");
    return body;
  }
}
