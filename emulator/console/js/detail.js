// The right-hand pane: a header for every object (name, ID, ident, location, Rename / Move /
// Delete) and the page for its type. Instances get the InstancePage.

import { el, clear, objectLink, formatTime, toast, confirmDialog } from "./dom.js";
import { ObjectType, ObjectTypeName, VariableTypeName } from "./symcon.js";
import { InstancePage } from "./instance.js";
import { profileIcon } from "./icons.js";
import { renameDialog, moveDialog } from "./dialogs.js";

const DELETE_FUNCTION = ["IPS_DeleteCategory", "IPS_DeleteInstance", "IPS_DeleteVariable", "IPS_DeleteScript",
                         "IPS_DeleteEvent", "IPS_DeleteMedia", "IPS_DeleteLink"];

export class DetailView {
  constructor(app, container) {
    this.app = app;
    this.container = container;
    this.page = null;
    this.id = null;
    app.store.addEventListener("reset", () => this.onTreeReset());
    app.store.addEventListener("values", (e) => {
      if (this.id !== null && e.detail.includes(this.id) && this.valueSpan) {
        this.valueSpan.textContent = app.store.formatted.get(this.id) ?? "";
        this.valueSpan.classList.remove("flash");
        void this.valueSpan.offsetWidth;
        this.valueSpan.classList.add("flash");
      }
    });
  }

  onTreeReset() {
    if (this.id === null) return;
    if (!this.app.store.objects.has(this.id)) {
      if (!this.missing) this.showMissing(this.id);
      return;
    }
    if (this.missing) {
      this.show(this.id);  // it was created after the page asked for it
      return;
    }
    if (this.headerId === this.id) this.renderHeader();  // names and location may have changed
  }

  disposePage() {
    if (this.page && this.page.dispose) this.page.dispose();
    this.page = null;
  }

  showWelcome() {
    this.disposePage();
    this.id = null;
    this.missing = false;
    clear(this.container).append(el("div", { class: "welcome" },
      el("h2", { text: "symemu console" }),
      el("p", { text: "Pick an object in the tree, or add an instance or a category." })));
  }

  showMissing(id) {
    this.disposePage();
    this.missing = true;
    clear(this.container).append(el("div", { class: "welcome" }, el("h2", { text: `Object #${id} does not exist` }),
      el("p", {}, el("a", { href: "#/", text: "Back to the tree" }))));
  }

  async show(id) {
    const store = this.app.store;
    this.disposePage();
    this.id = id;
    this.missing = false;
    this.valueSpan = null;
    const o = store.objects.get(id);
    if (!o) {
      this.showMissing(id);
      return;
    }
    clear(this.container);
    this.header = el("header", { class: "detail-header" });
    this.container.append(this.header);
    this.renderHeader();
    const body = el("div", { class: "detail-body" });
    this.container.append(body);
    try {
      if (o.ObjectType === ObjectType.Instance) {
        const page = new InstancePage(this.app, id);
        this.page = page;
        const node = await page.load();
        if (this.page === page) body.append(node);
      } else if (o.ObjectType === ObjectType.Variable) {
        body.append(await this.variablePage(id));
      } else {
        body.append(this.childrenPage(id));
      }
    } catch (e) {
      body.append(el("div", { class: "form-error", role: "alert", text: `Cannot show #${id}: ${e.message}` }));
    }
  }

  renderHeader() {
    const store = this.app.store;
    const id = this.id;
    const o = store.objects.get(id);
    if (!o || !this.header) return;
    this.headerId = id;
    clear(this.header);
    const crumbs = el("nav", { class: "breadcrumbs", "aria-label": "Location" }, el("a", { href: "#/", text: store.name(0) }));
    for (const p of store.path(id).slice(0, -1)) crumbs.append(" › ", objectLink(p, store.name(p)));
    this.header.append(crumbs,
      el("div", { class: "detail-title" },
        el("h2", { class: "object-name", text: o.ObjectName }),
        el("span", { class: "oid", text: `#${id}` }),
        o.ObjectIdent ? el("span", { class: "ident", title: "Ident", text: o.ObjectIdent }) : null,
        el("span", { class: "object-type", text: ObjectTypeName[o.ObjectType] || "Object" })),
      el("div", { class: "detail-actions" },
        el("button", { type: "button", class: "small", onclick: () => renameDialog(this.app, id) }, "Rename"),
        el("button", { type: "button", class: "small", onclick: () => moveDialog(this.app, id) }, "Move"),
        el("button", { type: "button", class: "small danger", onclick: () => this.deleteObject(id) }, "Delete")));
    if (o.ObjectInfo) this.header.append(el("p", { class: "object-info", text: o.ObjectInfo }));
  }

  async deleteObject(id) {
    const o = this.app.store.objects.get(id);
    if (!o) return;
    if (!(await confirmDialog("Delete", `Delete “${o.ObjectName}” (#${id})?`, "Delete"))) return;
    try {
      await this.app.rpc.call(DELETE_FUNCTION[o.ObjectType] || "IPS_DeleteCategory", id);
      toast(`Deleted #${id}`);
      location.hash = o.ParentID ? `#/object/${o.ParentID}` : "#/";
      this.app.store.scheduleReload(0);
    } catch (e) {
      toast(`Cannot delete #${id}: ${e.message}`, "error");
    }
  }

  async variablePage(id) {
    const store = this.app.store;
    const v = await this.app.rpc.call("IPS_GetVariable", id);
    const profile = v.VariableCustomProfile || v.VariableProfile;
    this.valueSpan = el("span", { class: "value big", text: store.formatted.get(id) ?? "" });
    const rows = [
      ["Value", el("span", {}, profileIcon(store.profileIconName(id)), this.valueSpan)],
      ["Type", VariableTypeName[v.VariableType] ?? String(v.VariableType)],
      ["Profile", profile ? `${profile}${v.VariableCustomProfile ? " (custom)" : ""}` : "none"],
      ["Updated", formatTime(v.VariableUpdated)],
      ["Changed", formatTime(v.VariableChanged)],
      ["Action", v.VariableCustomAction > 0 ? objectLink(v.VariableCustomAction) : v.VariableAction > 0 ? objectLink(v.VariableAction) : "none"],
    ];
    const table = el("table", { class: "facts" });
    for (const [k, val] of rows) table.append(el("tr", {}, el("th", { text: k }), el("td", {}, val)));
    return el("section", { class: "panel variable-page" }, table);
  }

  childrenPage(id) {
    const store = this.app.store;
    const kids = store.children(id);
    const list = el("ul", { class: "children-list" });
    for (const k of kids) {
      const o = store.objects.get(k);
      list.append(el("li", {}, objectLink(k, o.ObjectName), el("span", { class: "muted", text: ` ${ObjectTypeName[o.ObjectType]} #${k}` })));
    }
    return el("section", { class: "panel" }, el("h3", { text: `Contents (${kids.length})` }),
      kids.length ? list : el("p", { class: "muted", text: "Empty." }));
  }
}
