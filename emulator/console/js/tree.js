// The object tree pane: categories, instances (module, status), variables (formatted value and
// profile icon), IDs and idents; filter by name; drag an object onto another to move it.
// Values that change flash.

import { el, clear } from "./dom.js";
import { ObjectType, ObjectTypeName, StatusText, statusKind } from "./symcon.js";
import { typeIcon, profileIcon } from "./icons.js";

export class TreeView {
  constructor(store, container, { onMove } = {}) {
    this.store = store;
    this.container = container;
    this.onMove = onMove;
    this.collapsed = new Set();
    this.filter = "";
    this.selected = null;
    this.rows = new Map();  // id -> row element
    store.addEventListener("reset", () => this.render());
    store.addEventListener("values", (e) => this.updateValues(e.detail));
    store.addEventListener("status", (e) => this.updateStatus(e.detail));
  }

  setFilter(text) {
    this.filter = text.trim().toLowerCase();
    this.render();
  }

  select(id) {
    if (this.selected !== null && this.rows.has(this.selected)) this.rows.get(this.selected).classList.remove("selected");
    this.selected = id;
    const row = this.rows.get(id);
    if (row) {
      row.classList.add("selected");
      row.scrollIntoView({ block: "nearest" });
    }
  }

  matches(id) {
    const o = this.store.objects.get(id);
    if (!o) return false;
    const f = this.filter;
    return o.ObjectName.toLowerCase().includes(f) || String(id) === f || (o.ObjectIdent || "").toLowerCase().includes(f);
  }

  // With a filter: the matching objects and their ancestors.
  visibleSet() {
    if (!this.filter) return null;
    const visible = new Set();
    for (const id of this.store.objects.keys()) {
      if (id === 0 || !this.matches(id)) continue;
      for (const p of this.store.path(id)) visible.add(p);
    }
    return visible;
  }

  render() {
    const scroll = this.container.scrollTop;
    clear(this.container);
    this.rows.clear();
    const visible = this.visibleSet();
    const list = el("ul", { class: "tree", role: "tree" });
    for (const id of this.store.children(0)) this.renderNode(id, list, visible, 0);
    if (!list.children.length)
      list.append(el("li", { class: "tree-empty", text: this.filter ? `Nothing matches “${this.filter}”` : "The tree is empty" }));
    this.container.append(list);
    this.container.scrollTop = scroll;
    if (this.selected !== null) this.select(this.selected);
  }

  renderNode(id, parentList, visible, depth) {
    if (visible && !visible.has(id)) return;
    const o = this.store.objects.get(id);
    const kids = this.store.children(id);
    const open = visible ? true : !this.collapsed.has(id);
    const item = el("li", { role: "treeitem", "aria-expanded": kids.length ? String(open) : undefined });
    const row = this.renderRow(o, kids.length > 0, open, depth);
    item.append(row);
    if (kids.length && open) {
      const sub = el("ul", { role: "group" });
      for (const k of kids) this.renderNode(k, sub, visible, depth + 1);
      item.append(sub);
    }
    parentList.append(item);
  }

  renderRow(o, hasKids, open, depth) {
    const id = o.ObjectID;
    const typeName = ObjectTypeName[o.ObjectType] || "Object";
    const toggle = el("button", {
      class: "toggle", type: "button", tabindex: "-1", "aria-label": open ? "Collapse" : "Expand",
      onclick: (e) => {
        e.preventDefault();
        e.stopPropagation();
        if (this.collapsed.has(id)) this.collapsed.delete(id); else this.collapsed.add(id);
        this.render();
      },
    }, hasKids ? (open ? "▾" : "▸") : "");
    const row = el("a", {
      class: `tree-row type-${typeName.toLowerCase()}${o.ObjectIsHidden ? " hidden-object" : ""}`,
      href: `#/object/${id}`, draggable: "true", style: `--depth:${depth}`,
      dataset: { id: String(id), type: typeName.toLowerCase() },
    }, toggle, typeIcon(typeName), el("span", { class: "name", text: o.ObjectName }));
    if (o.ObjectIdent) row.append(el("span", { class: "ident", title: "Ident", text: o.ObjectIdent }));
    if (o.ObjectType === ObjectType.Instance) {
      const inst = this.store.instances.get(id);
      if (inst) {
        row.append(el("span", { class: "module", text: inst.ModuleInfo ? inst.ModuleInfo.ModuleName : "" }));
        row.append(this.statusDot(inst.InstanceStatus));
      }
    }
    if (o.ObjectType === ObjectType.Variable) {
      const icon = profileIcon(this.store.profileIconName(id));
      if (icon) row.append(icon);
      row.append(el("span", { class: "value", text: this.store.formatted.get(id) ?? "" }));
    }
    row.append(el("span", { class: "oid", text: `#${id}` }));
    row.addEventListener("dragstart", (e) => {
      e.dataTransfer.setData("text/x-symcon-id", String(id));
      e.dataTransfer.effectAllowed = "move";
    });
    row.addEventListener("dragover", (e) => {
      if (e.dataTransfer.types.includes("text/x-symcon-id")) {
        e.preventDefault();
        row.classList.add("drop-target");
      }
    });
    row.addEventListener("dragleave", () => row.classList.remove("drop-target"));
    row.addEventListener("drop", (e) => {
      e.preventDefault();
      row.classList.remove("drop-target");
      const moved = Number(e.dataTransfer.getData("text/x-symcon-id"));
      if (moved && moved !== id && this.onMove) this.onMove(moved, id);
    });
    this.rows.set(id, row);
    return row;
  }

  statusDot(code) {
    const kind = statusKind(code);
    return el("span", { class: `status-dot ${kind}`, title: `${code} ${StatusText[code] || ""}`.trim(), dataset: { status: String(code) } });
  }

  updateValues(ids) {
    for (const id of ids) {
      const row = this.rows.get(id);
      const span = row && row.querySelector(".value");
      if (!span) continue;
      span.textContent = this.store.formatted.get(id) ?? "";
      span.classList.remove("flash");
      void span.offsetWidth;  // restart the animation when the value changes again quickly
      span.classList.add("flash");
    }
  }

  updateStatus(id) {
    const row = this.rows.get(id);
    const inst = this.store.instances.get(id);
    const dot = row && row.querySelector(".status-dot");
    if (dot && inst) dot.replaceWith(this.statusDot(inst.InstanceStatus));
  }
}
