// The log panel: the kernel's KL_* messages as they arrive, newest at the bottom, filterable by
// type; the sender links to its object.

import { el, clear, objectLink, formatTime } from "./dom.js";
import { LogTypeName } from "./symcon.js";

export class LogPanel {
  constructor(app, container) {
    this.app = app;
    this.container = container;
    this.hiddenTypes = new Set();
    this.body = el("tbody");
    const filters = el("div", { class: "log-filters" });
    for (const [code, name] of Object.entries(LogTypeName)) {
      if (Number(code) === 10206) continue;  // debug output lives on the instance pages
      const box = el("input", { type: "checkbox", checked: true, onchange: () => {
        if (box.checked) this.hiddenTypes.delete(Number(code)); else this.hiddenTypes.add(Number(code));
        this.redraw();
      } });
      filters.append(el("label", { class: `log-filter log-${name.toLowerCase()}` }, box, name));
    }
    filters.append(el("button", { type: "button", class: "small", onclick: () => { this.app.logbook.entries.length = 0; this.redraw(); } }, "Clear"));
    this.scroll = el("div", { class: "table-scroll log-scroll" },
      el("table", { class: "list-table log-table" },
        el("thead", {}, el("tr", {}, el("th", { text: "Time" }), el("th", { text: "Type" }), el("th", { text: "Sender" }), el("th", { text: "Message" }))),
        this.body));
    container.append(filters, this.scroll);
    app.logbook.addEventListener("entry", (e) => this.add(e.detail));
  }

  row(e) {
    const name = (LogTypeName[e.type] || String(e.type)).toLowerCase();
    const sender = e.senderId ? objectLink(e.senderId, e.sender || this.app.store.name(e.senderId)) : (e.sender || "Kernel");
    return el("tr", { class: `log-${name}`, dataset: { type: String(e.type) } },
      el("td", { class: "nowrap", text: formatTime(e.time) }), el("td", { text: LogTypeName[e.type] || e.type }),
      el("td", {}, sender), el("td", { class: "log-text", text: e.text }));
  }

  add(e) {
    if (this.hiddenTypes.has(e.type)) return;
    const atBottom = this.scroll.scrollTop + this.scroll.clientHeight >= this.scroll.scrollHeight - 4;
    this.body.append(this.row(e));
    while (this.body.children.length > 1000) this.body.firstChild.remove();
    if (atBottom) this.scroll.scrollTop = this.scroll.scrollHeight;
    const counter = document.getElementById("log-count");
    if (counter) counter.textContent = String(this.app.logbook.entries.length);
  }

  redraw() {
    clear(this.body);
    for (const e of this.app.logbook.entries) if (!this.hiddenTypes.has(e.type)) this.body.append(this.row(e));
  }
}
