// The instance page: status with its caption, parent chain and connected children with links,
// the configuration form (Apply = IPS_SetConfiguration + IPS_ApplyChanges), the actions, the
// instance's variables (live) and its debug output.

import { el, clear, objectLink, formatTime, toast } from "./dom.js";
import { ObjectType, StatusText, statusKind, ModuleTypeName, LogTypeName } from "./symcon.js";
import { FormRenderer } from "./form.js";
import { profileIcon } from "./icons.js";

function findElement(items, name) {
  for (const e of items || []) {
    if (!e || typeof e !== "object") continue;
    if (e.name === name) return e;
    const inner = findElement(e.items, name) || (e.popup && findElement(e.popup.items, name));
    if (inner) return inner;
  }
  return null;
}

function parseForm(text) {
  if (text && typeof text === "object") return text;
  try {
    const form = JSON.parse(text || "{}");
    return form && typeof form === "object" ? form : {};
  } catch (e) {
    return { error: `The form is not valid JSON: ${e.message}` };
  }
}

export class InstancePage {
  constructor(app, id) {
    this.app = app;
    this.rpc = app.rpc;
    this.store = app.store;
    this.id = id;
    this.root = el("section", { class: "instance-page", dataset: { id: String(id) } });
    this.disposers = [];
  }

  listen(target, type, fn) {
    target.addEventListener(type, fn);
    this.disposers.push(() => target.removeEventListener(type, fn));
  }

  dispose() {
    for (const d of this.disposers) d();
    if (this.debugOn) this.setDebug(false);
  }

  async setDebug(on) {
    if (on === Boolean(this.debugOn)) return;
    this.debugOn = on;
    try {
      if (on) await this.rpc.call("IPS_EnableDebug", this.id, 3600);
      else await this.rpc.call("IPS_DisableDebug", this.id);
      if (this.debugPanel) this.debugPanel.dataset.debug = on ? "on" : "off";
    } catch (e) {
      if (e.code !== "offline") toast(`Debug: ${e.message}`, "error");
    }
  }

  async load() {
    const [instance, formText, configText] = await this.rpc.all([
      ["IPS_GetInstance", this.id], ["IPS_GetConfigurationForm", this.id], ["IPS_GetConfiguration", this.id]]);
    this.instance = instance;
    this.form = parseForm(formText);
    try {
      this.configuration = JSON.parse(configText || "{}");
    } catch {
      this.configuration = {};
    }
    this.render();
    this.listen(this.store, "status", (e) => { if (e.detail === this.id) this.refreshStatus(); });
    this.listen(this.store, "values", (e) => this.updateVariables(e.detail));
    this.listen(this.store, "reset", () => { this.renderChain(); this.renderVariables(); });
    this.listen(this.app.logbook, "entry", (e) => { if (e.detail.senderId === this.id) this.renderLog(); });
    this.listen(this.app.logbook, "debug", (e) => { if (e.detail.senderId === this.id) this.appendDebug(e.detail); });
    return this.root;
  }

  statusEntry(code) {
    return (this.form.status || []).find((s) => Number(s.code) === Number(code));
  }

  render() {
    clear(this.root);
    const info = this.instance.ModuleInfo || {};
    this.root.append(el("div", { class: "instance-module" },
      el("span", { text: `${info.ModuleName || "?"} · ${ModuleTypeName[info.ModuleType] ?? "?"}` }),
      el("code", { class: "module-id", text: info.ModuleID || "" })));
    this.statusBox = el("div", { class: "status-area", role: "status", "aria-live": "polite" });
    this.root.append(this.statusBox);
    this.chainBox = el("div", { class: "chain" });
    this.root.append(this.chainBox);

    if (this.form.error) this.root.append(el("div", { class: "form-error", role: "alert", text: this.form.error }));
    this.errorBox = el("div", { class: "form-error", role: "alert", hidden: true });
    this.unknownBox = el("div", { class: "form-unknown-summary", role: "note", hidden: true });
    this.root.append(this.unknownBox);

    const ctx = (section) => ({
      rpc: this.rpc, store: this.store, instanceId: this.id, section,
      configuration: this.configuration,
      onChange: () => this.markDirty(),
      siblings: () => [this.elementsForm, this.actionsForm].filter(Boolean),
      reloadElement: (name) => this.reloadElement(name),
      refreshForm: () => this.afterAction(),
    });
    this.elementsForm = new FormRenderer(ctx("elements"));
    this.actionsForm = new FormRenderer(ctx("actions"));

    const elements = this.form.elements || [];
    if (elements.length) {
      const applyButton = el("button", { type: "button", class: "primary apply-button", onclick: () => this.apply() }, "Apply changes");
      this.applyButton = applyButton;
      this.root.append(el("section", { class: "panel form-section", dataset: { section: "elements" } },
        el("h3", { text: "Configuration" }), this.elementsForm.render(elements), this.errorBox,
        el("div", { class: "form-buttons" }, applyButton)));
    } else {
      this.root.append(this.errorBox);
    }
    const actions = this.form.actions || [];
    if (actions.length)
      this.root.append(el("section", { class: "panel form-section", dataset: { section: "actions" } },
        el("h3", { text: "Actions" }), this.actionsForm.render(actions)));

    const unknown = [...new Set([...this.elementsForm.unknown, ...this.actionsForm.unknown])];
    if (unknown.length) {
      this.unknownBox.hidden = false;
      this.unknownBox.textContent = `This form has element types the console does not know: ${unknown.join(", ")}. The other elements work.`;
    }
    this.variablesBox = el("section", { class: "panel variables" });
    this.root.append(this.variablesBox);
    this.debugBody = el("tbody");
    const debugPanel = el("details", { class: "panel debug", open: false },
      el("summary", { text: "Debug" }),
      el("div", { class: "table-scroll debug-scroll" },
        el("table", { class: "list-table debug-table" },
          el("thead", {}, el("tr", {}, el("th", { text: "Time" }), el("th", { text: "Message" }), el("th", { text: "Data" }))),
          this.debugBody)));
    // Like Symcon's debug window: the stream carries an instance's SendDebug output only while
    // its debug is enabled, so opening the panel enables it (for an hour) and closing disables it.
    this.debugPanel = debugPanel;
    debugPanel.addEventListener("toggle", () => this.setDebug(debugPanel.open));
    this.root.append(debugPanel);
    for (const d of this.app.logbook.debugFor(this.id)) this.appendDebug(d);
    this.refreshStatus(false);
    this.renderChain();
    this.renderVariables();
  }

  // After a Button ran module code: the status and the configurators' rows may have changed.
  afterAction() {
    this.refreshStatus();
    for (const c of this.root.querySelectorAll(".configurator")) if (c.refresh) c.refresh();
  }

  markDirty() {
    if (this.applyButton) this.applyButton.classList.add("dirty");
  }

  async apply() {
    const known = this.configuration || {};
    const values = {};
    for (const [name, v] of Object.entries(this.elementsForm.values())) if (name in known) values[name] = v;
    this.errorBox.hidden = true;
    this.applyButton.disabled = true;
    try {
      await this.rpc.call("IPS_SetConfiguration", this.id, JSON.stringify(values));
      await this.rpc.call("IPS_ApplyChanges", this.id);
      this.configuration = JSON.parse((await this.rpc.call("IPS_GetConfiguration", this.id)) || "{}");
      this.applyButton.classList.remove("dirty");
      toast("Changes applied");
    } catch (e) {
      this.errorBox.hidden = false;
      this.errorBox.textContent = e.message;
    } finally {
      this.applyButton.disabled = false;
    }
    await this.refreshStatus();
  }

  async reloadElement(name) {
    const form = parseForm(await this.rpc.call("IPS_GetConfigurationForm", this.id));
    return findElement(form.elements, name) || findElement(form.actions, name);
  }

  async refreshStatus(fetch = true) {
    if (fetch) {
      try {
        this.instance = await this.rpc.call("IPS_GetInstance", this.id);
      } catch {
        return;
      }
    }
    const code = Number(this.instance.InstanceStatus);
    const entry = this.statusEntry(code);
    const kind = entry && entry.icon ? entry.icon : statusKind(code);
    const caption = entry ? entry.caption : StatusText[code] || (code >= 200 ? "Error" : "Unknown status");
    clear(this.statusBox);
    this.statusBox.className = `status-area ${kind}`;
    this.statusBox.dataset.status = String(code);
    this.statusBox.append(el("span", { class: `status-dot ${kind}` }),
      el("span", { class: "status-caption", text: caption }), el("span", { class: "status-code", text: `(${code})` }));
    this.logBox = el("ul", { class: "instance-log" });
    this.statusBox.append(this.logBox);
    this.renderLog();
  }

  renderLog() {
    if (!this.logBox) return;
    clear(this.logBox);
    for (const e of this.app.logbook.forSender(this.id).slice(-5))
      this.logBox.append(el("li", { class: `log-${(LogTypeName[e.type] || "").toLowerCase()}` },
        el("span", { class: "log-type", text: LogTypeName[e.type] || e.type }), " ", e.text));
  }

  renderChain() {
    clear(this.chainBox);
    const chain = this.store.chain(this.id);
    const line = el("div", { class: "chain-line" }, el("span", { class: "chain-label", text: "Parent chain:" }));
    if (!chain.length) line.append(el("span", { class: "muted", text: this.instance.ConnectionID ? `#${this.instance.ConnectionID}` : "none" }));
    chain.forEach((pid, i) => {
      const inst = this.store.instances.get(pid);
      if (i) line.append(el("span", { class: "chain-arrow", text: "→" }));
      line.append(el("span", { class: "chain-item" }, objectLink(pid, this.store.name(pid)),
        el("span", { class: "muted", text: ` ${inst && inst.ModuleInfo ? inst.ModuleInfo.ModuleName : ""} #${pid}` })));
    });
    this.chainBox.append(line);
    const children = [...this.store.instances.values()].filter((i) => i.ConnectionID === this.id).map((i) => i.InstanceID);
    if (children.length) {
      const kids = el("div", { class: "chain-line" }, el("span", { class: "chain-label", text: "Connected children:" }));
      children.forEach((c) => kids.append(el("span", { class: "chain-item" }, objectLink(c, this.store.name(c)))));
      this.chainBox.append(kids);
    }
  }

  renderVariables() {
    clear(this.variablesBox);
    const vars = this.store.children(this.id).filter((c) => this.store.objects.get(c).ObjectType === ObjectType.Variable);
    this.variablesBox.append(el("h3", { text: `Variables (${vars.length})` }));
    if (!vars.length) {
      this.variablesBox.append(el("p", { class: "muted", text: "This instance has no variables." }));
      return;
    }
    const body = el("tbody");
    for (const v of vars) {
      const o = this.store.objects.get(v);
      body.append(el("tr", { dataset: { id: String(v) } },
        el("td", {}, objectLink(v, o.ObjectName)), el("td", {}, o.ObjectIdent ? el("span", { class: "ident", text: o.ObjectIdent }) : ""),
        el("td", {}, el("span", { class: "value-cell" }, profileIcon(this.store.profileIconName(v)), el("span", { class: "value", text: this.store.formatted.get(v) ?? "" })))));
    }
    this.variablesBox.append(el("div", { class: "table-scroll" }, el("table", { class: "list-table" },
      el("thead", {}, el("tr", {}, el("th", { text: "Name" }), el("th", { text: "Ident" }), el("th", { text: "Value" }))), body)));
  }

  updateVariables(ids) {
    for (const id of ids) {
      const span = this.variablesBox && this.variablesBox.querySelector(`tr[data-id="${id}"] .value`);
      if (!span) continue;
      span.textContent = this.store.formatted.get(id) ?? "";
      span.classList.remove("flash");
      void span.offsetWidth;
      span.classList.add("flash");
    }
  }

  appendDebug(d) {
    // Format 1 (DEBUGFORMAT_BINARY): shown as hex bytes, as Symcon's debug window does.
    const data = Number(d.format) === 1 ? [...String(d.data)].map((c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join(" ") : d.data;
    this.debugBody.append(el("tr", {}, el("td", { text: formatTime(d.time) }), el("td", { text: d.message }), el("td", { class: "debug-data", text: data })));
    while (this.debugBody.children.length > 500) this.debugBody.firstChild.remove();
  }
}
