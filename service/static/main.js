// The page shell: the API key, routing between the list and a document, keys, toasts.
import { api, apiKey, ApiError } from "./api.js";
import { ListView } from "./listview.js";
import { ReviewView } from "./review.js";

const app = document.getElementById("app");
const crumbs = document.getElementById("crumbs");
const keyDialog = document.getElementById("key-dialog");
const helpDialog = document.getElementById("help-dialog");
let view = null;

export function toast(message, kind = "info") {
  const el = document.getElementById("toast");
  el.textContent = message;
  el.className = `toast show ${kind}`;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (el.className = "toast"), kind === "error" ? 6000 : 2500);
}

// What the key may do: reviewers see the review queue, uploaders do not.
async function detectRole() {
  try {
    const q = await api.reviewQueue();
    return { canReview: true, threshold: q.threshold };
  } catch (e) {
    if (e instanceof ApiError && e.status === 403) return { canReview: false, threshold: 0.8 };
    throw e;
  }
}

function askKey(message = "") {
  document.getElementById("key-error").textContent = message;
  const input = document.getElementById("key-input");
  input.value = "";
  if (!keyDialog.open) keyDialog.showModal();
  input.focus();
}

keyDialog.addEventListener("cancel", (e) => {
  if (!apiKey.get()) e.preventDefault(); // nothing works without a key
});

document.getElementById("key-form").addEventListener("submit", () => {
  apiKey.set(document.getElementById("key-input").value);
  start();
});

document.getElementById("change-key").addEventListener("click", () => askKey());
document.getElementById("help-button").addEventListener("click", () => helpDialog.showModal());

let role = null;

async function start() {
  if (!apiKey.get()) return askKey();
  try {
    role = await detectRole();
  } catch (e) {
    apiKey.clear();
    return askKey(e instanceof ApiError && e.status === 401 ? "密钥无效或已吊销" : e.message);
  }
  const k = apiKey.get();
  document.getElementById("keyinfo").textContent =
    `${k.slice(0, 7)}… · ${role.canReview ? "审核员" : "只读（上传者）"}`;
  route();
}

function route() {
  if (!role) return;
  if (view && view.destroy) view.destroy();
  app.replaceChildren();
  const match = /^#\/doc\/([0-9a-f]{32})/.exec(location.hash);
  const ctx = { role, toast, setCrumbs, go: (hash) => (location.hash = hash) };
  view = match ? new ReviewView(app, match[1], ctx) : new ListView(app, ctx);
  view.load();
}

function setCrumbs(parts) {
  crumbs.replaceChildren(
    ...parts.flatMap((p, i) => {
      const el = document.createElement(p.href ? "a" : "span");
      el.textContent = p.text;
      if (p.href) el.href = p.href;
      return i ? [Object.assign(document.createElement("span"), { textContent: "›", className: "sep" }), el] : [el];
    }),
  );
}

const typing = (el) =>
  el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);

document.addEventListener("keydown", (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
  if (keyDialog.open || helpDialog.open) return;
  if (typing(document.activeElement)) return;
  if (e.key === "?") {
    helpDialog.showModal();
    e.preventDefault();
    return;
  }
  if (view && view.onKey && view.onKey(e)) e.preventDefault();
});

window.addEventListener("hashchange", route);
start();
