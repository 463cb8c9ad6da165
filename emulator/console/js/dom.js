// Small DOM helpers: elements are built with textContent only, never from HTML strings, so
// names and values from the kernel cannot inject markup.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key in node && typeof value !== "string") node[key] = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function objectLink(id, text) {
  return el("a", { href: `#/object/${id}`, class: "object-link", dataset: { id: String(id) } }, text ?? `#${id}`);
}

export function formatTime(unixSeconds) {
  if (unixSeconds === undefined || unixSeconds === null || unixSeconds === "") return "";
  const n = Number(unixSeconds);
  const d = Number.isFinite(n) ? new Date(n > 1e12 ? n : n * 1000) : new Date(unixSeconds);
  if (Number.isNaN(d.getTime())) return String(unixSeconds);
  return d.toLocaleString();
}

// Modal dialogs: resolves with what `build` hands to close(), or undefined when cancelled.
export function openDialog(title, build, { wide = false, id } = {}) {
  return new Promise((resolve) => {
    const dialog = el("dialog", { class: wide ? "dialog wide" : "dialog", id });
    let settled = false;
    const close = (value) => {
      if (settled) return;
      settled = true;
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    const body = el("div", { class: "dialog-body" });
    dialog.append(
      el("header", { class: "dialog-header" }, el("h2", { text: title }),
         el("button", { class: "icon-button", type: "button", title: "Close", "aria-label": "Close", onclick: () => close(undefined) }, "✕")),
      body);
    dialog.addEventListener("cancel", (e) => {
      e.preventDefault();
      close(undefined);
    });
    document.body.append(dialog);
    build(body, close, dialog);
    dialog.showModal();
  });
}

export function confirmDialog(title, text, okCaption = "OK") {
  return openDialog(title, (body, close) => {
    body.append(el("p", { text }),
                el("div", { class: "dialog-buttons" },
                   el("button", { type: "button", onclick: () => close(false) }, "Cancel"),
                   el("button", { type: "button", class: "primary", onclick: () => close(true) }, okCaption)));
  }).then((v) => v === true);
}

// A short message at the top of the page; errors stay until dismissed.
export function toast(text, kind = "info") {
  const box = document.getElementById("toasts");
  if (!box) return;
  const item = el("div", { class: `toast ${kind}`, role: kind === "error" ? "alert" : "status" },
                  el("span", { class: "toast-text", text }),
                  el("button", { class: "icon-button", type: "button", title: "Dismiss", onclick: () => item.remove() }, "✕"));
  box.append(item);
  if (kind !== "error") setTimeout(() => item.remove(), 4000);
}
