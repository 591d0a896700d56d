// The public API, as the page uses it: every call sends the stored key.
const KEY_STORE = "extractor.apiKey";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// The key lives in sessionStorage: this tab only, gone when it closes (docs/review.md).
// A key an older page left in localStorage is removed, not reused.
localStorage.removeItem(KEY_STORE);

export const apiKey = {
  get: () => sessionStorage.getItem(KEY_STORE) || "",
  set: (key) => sessionStorage.setItem(KEY_STORE, key.trim()),
  clear: () => sessionStorage.removeItem(KEY_STORE),
};

async function failure(res) {
  let code = "http_" + res.status;
  let message = res.statusText || "请求失败";
  try {
    const body = await res.json();
    if (body && body.error) ({ code, message } = body.error);
  } catch {
    /* not JSON: keep the status line */
  }
  return new ApiError(res.status, code, message);
}

// fetch with the key; returns the Response, throws ApiError on 4xx/5xx.
export async function call(path, { method = "GET", json, headers = {}, body } = {}) {
  const h = { "X-API-Key": apiKey.get(), ...headers };
  if (json !== undefined) {
    h["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  }
  const res = await fetch(path, { method, headers: h, body });
  if (!res.ok) throw await failure(res);
  return res;
}

export const getJson = async (path) => (await call(path)).json();

// An indicator change: the body and the new ETag.
async function indicatorResult(res) {
  return { indicator: await res.json(), etag: res.headers.get("ETag") };
}

export const api = {
  listDocuments: (limit = 200) => getJson(`/v1/documents?limit=${limit}`),
  document: (id) => getJson(`/v1/documents/${id}`),
  extraction: (id) => getJson(`/v1/documents/${id}/extraction`),
  text: (id) => getJson(`/v1/documents/${id}/text`),
  pages: (id) => getJson(`/v1/documents/${id}/pages`),
  history: (id) => getJson(`/v1/documents/${id}/history`),
  reviewQueue: () => getJson(`/v1/review-queue?limit=1`),
  indicator: async (id, iid) => indicatorResult(await call(`/v1/documents/${id}/indicators/${iid}`)),
  patch: async (id, iid, etag, json) =>
    indicatorResult(
      await call(`/v1/documents/${id}/indicators/${iid}`, {
        method: "PATCH",
        json,
        headers: { "If-Match": etag },
      }),
    ),
  preview: (id, iid, json) =>
    call(`/v1/documents/${id}/indicators/${iid}/check`, { method: "POST", json }).then((r) => r.json()),
  add: async (id, json) =>
    indicatorResult(await call(`/v1/documents/${id}/indicators`, { method: "POST", json })),
  markFalse: async (id, iid, etag) =>
    indicatorResult(
      await call(`/v1/documents/${id}/indicators/${iid}`, {
        method: "DELETE",
        headers: { "If-Match": etag },
      }),
    ),
  approve: (id) => call(`/v1/documents/${id}/approve`, { method: "POST" }).then((r) => r.json()),
  pageImage: async (id, n) => URL.createObjectURL(await (await call(`/v1/documents/${id}/pages/${n}.png`)).blob()),
};

// Upload with progress (fetch has no upload progress): XMLHttpRequest.
export function upload(files, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const f of files) form.append("files", f, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/v1/documents");
    xhr.setRequestHeader("X-API-Key", apiKey.get());
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, "network", "网络错误，上传失败"));
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* handled below */
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else {
        const err = (body && body.error) || { code: "http_" + xhr.status, message: xhr.statusText };
        reject(new ApiError(xhr.status, err.code, err.message));
      }
    };
    xhr.send(form);
  });
}

// Save a response body as a file (downloads need the key header, so no plain link).
export async function download(path, fallbackName) {
  const res = await call(path);
  const disposition = res.headers.get("Content-Disposition") || "";
  const match = /filename="([^"]+)"/.exec(disposition);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = match ? match[1] : fallbackName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
