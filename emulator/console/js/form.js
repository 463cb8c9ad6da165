// Renders a configuration form (form.json / IPS_GetConfigurationForm, docs/symcon-kernel.md §10)
// for C++ and PHP modules alike. Named fields in "elements" start from the instance's
// configuration and are what Apply sends; "actions" are the test area. An element type the
// console does not know is shown as a notice naming it, and the rest of the form still renders.

import { el, clear, objectLink, openDialog, toast } from "./dom.js";
import { ObjectType } from "./symcon.js";
import { runFormCode } from "./phpcall.js";
import { renderConfigurator } from "./configurator.js";

const SELECT_OBJECT_TYPES = {
  SelectInstance: [ObjectType.Instance], SelectVariable: [ObjectType.Variable], SelectScript: [ObjectType.Script],
  SelectEvent: [ObjectType.Event], SelectMedia: [ObjectType.Media], SelectLink: [ObjectType.Link],
  SelectCategory: [ObjectType.Category], SelectObject: null,
};

export class FormRenderer {
  // ctx: {rpc, store, instanceId, configuration (object), section, onChange(), refreshForm()}
  constructor(ctx) {
    this.ctx = ctx;
    this.fields = new Map();  // name -> {get, set}
    this.unknown = [];        // element types the console does not know
  }

  caption(element) {
    return element.caption ?? element.label ?? "";
  }

  // Current values of all named fields (for Apply and for onClick's variables).
  values() {
    const out = {};
    for (const [name, f] of this.fields) out[name] = f.get();
    return out;
  }

  allValues() {
    const out = { ...this.values() };
    if (this.ctx.siblings) for (const s of this.ctx.siblings()) if (s !== this) Object.assign(out, s.values());
    return out;
  }

  render(items) {
    const box = el("div", { class: "form-items" });
    for (const element of Array.isArray(items) ? items : []) {
      const node = this.renderElement(element);
      if (node) box.append(node);
    }
    return box;
  }

  initial(element, fallback) {
    const conf = this.ctx.configuration || {};
    if (this.ctx.section === "elements" && element.name && element.name in conf) return conf[element.name];
    return element.value !== undefined ? element.value : fallback;
  }

  register(element, get, set) {
    if (element.name) this.fields.set(element.name, { get, set, element });
  }

  changed(element) {
    if (this.ctx.onChange) this.ctx.onChange(element);
    if (element.onChange) this.run(element.onChange, element);
  }

  async run(code, element) {
    try {
      const output = await runFormCode(this.ctx.rpc, code, this.ctx.instanceId, this.allValues());
      if (output) await openDialog("Output", (body, close) => body.append(el("pre", { class: "output", text: output }),
        el("div", { class: "dialog-buttons" }, el("button", { type: "button", class: "primary", onclick: () => close() }, "OK"))));
      if (this.ctx.refreshForm) this.ctx.refreshForm();
    } catch (e) {
      toast(`${this.caption(element) || element.type}: ${e.message}`, "error");
    }
  }

  field(element, control, extra) {
    const label = this.caption(element);
    const wrap = el("label", { class: `form-field type-${element.type}`, dataset: { name: element.name || "" } });
    if (label) wrap.append(el("span", { class: "field-caption", text: label }));
    wrap.append(control);
    if (extra) wrap.append(extra);
    return wrap;
  }

  renderElement(element) {
    if (!element || typeof element !== "object") return null;
    const type = element.type;
    const render = RENDERERS[type];
    let node;
    if (!render) {
      this.unknown.push(String(type));
      node = el("div", { class: "form-unknown", role: "note", dataset: { unknownType: String(type) } },
                `Unknown form element type “${type}”${element.name ? ` (name “${element.name}”)` : ""}: not shown`);
    } else {
      node = render.call(this, element);
    }
    if (node && element.visible === false) node.hidden = true;
    if (node && element.width) node.style.width = element.width;
    return node;
  }

  // Options of the Select* pickers: objects of the wanted types, by path.
  objectOptions(types, validModules) {
    const store = this.ctx.store;
    const ids = [...store.objects.keys()].filter((id) => {
      if (id === 0) return false;
      const o = store.objects.get(id);
      if (types && !types.includes(o.ObjectType)) return false;
      if (validModules && validModules.length) {
        const inst = store.instances.get(id);
        if (!inst || !validModules.map((m) => m.toUpperCase()).includes(inst.ModuleInfo.ModuleID.toUpperCase())) return false;
      }
      return true;
    });
    return ids.map((id) => ({ value: id, caption: `${store.path(id).map((p) => store.name(p)).join(" › ")} (#${id})` }))
      .sort((a, b) => a.caption.localeCompare(b.caption));
  }
}

function selectControl(options, value, onchange) {
  const select = el("select", { onchange });
  options.forEach((o, i) => select.append(el("option", { value: String(i), text: o.caption })));
  const index = options.findIndex((o) => o.value === value || String(o.value) === String(value));
  select.value = String(index >= 0 ? index : 0);
  return select;
}

function textInput(kind) {
  return function (element) {
    const input = el("input", { type: kind, value: String(this.initial(element, "") ?? ""), autocomplete: "off" });
    if (element.validate) input.pattern = element.validate;
    input.addEventListener("input", () => this.changed(element));
    this.register(element, () => input.value, (v) => { input.value = v ?? ""; });
    return this.field(element, input);
  };
}

function selectObject(element) {
  const types = SELECT_OBJECT_TYPES[element.type];
  const options = [{ value: 0, caption: "(none)" }, ...this.objectOptions(types, element.validModules)];
  const current = Number(this.initial(element, 0)) || 0;
  if (current && !options.some((o) => o.value === current)) options.push({ value: current, caption: `#${current} (does not exist)` });
  const select = selectControl(options, current, () => this.changed(element));
  this.register(element, () => options[Number(select.value)].value, () => {});
  const link = el("span", { class: "field-extra" });
  const updateLink = () => {
    clear(link);
    const v = options[Number(select.value)].value;
    if (v) link.append(objectLink(v, "open"));
  };
  select.addEventListener("change", updateLink);
  updateLink();
  return this.field(element, select, link);
}

function group(kind) {
  return function (element) {
    const box = el("div", { class: kind });
    const caption = this.caption(element);
    if (caption && kind === "column-layout") box.append(el("div", { class: "field-caption", text: caption }));
    box.append(this.render(element.items));
    return box;
  };
}

const RENDERERS = {
  Label(element) {
    const p = el("div", { class: "form-label", text: this.caption(element) });
    if (element.bold) p.style.fontWeight = "bold";
    if (element.italic) p.style.fontStyle = "italic";
    return p;
  },
  ValidationTextBox: textInput("text"),
  PasswordTextBox: textInput("password"),
  NumberSpinner(element) {
    const digits = Number(element.digits || 0);
    const input = el("input", { type: "number", value: String(this.initial(element, 0) ?? 0),
                                step: digits > 0 ? String(10 ** -digits) : "any" });
    if (element.minimum !== undefined) input.min = String(element.minimum);
    if (element.maximum !== undefined) input.max = String(element.maximum);
    input.addEventListener("input", () => this.changed(element));
    // The typed number goes to the kernel as it is: a fraction for an integer property is the
    // kernel's to refuse, with its own message.
    this.register(element, () => (input.value === "" ? 0 : Number(input.value)), (v) => { input.value = String(v); });
    return this.field(element, input, element.suffix ? el("span", { class: "suffix", text: element.suffix }) : null);
  },
  IntervalBox(element) {
    return RENDERERS.NumberSpinner.call(this, element);
  },
  HorizontalSlider(element) {
    const input = el("input", { type: "range", min: String(element.minimum ?? 0), max: String(element.maximum ?? 100),
                                step: String(element.stepSize ?? 1), value: String(this.initial(element, 0)) });
    const shown = el("span", { class: "suffix", text: input.value });
    input.addEventListener("input", () => { shown.textContent = input.value; this.changed(element); });
    this.register(element, () => Number(input.value), (v) => { input.value = String(v); });
    return this.field(element, input, shown);
  },
  CheckBox(element) {
    const input = el("input", { type: "checkbox" });
    input.checked = Boolean(this.initial(element, false));
    input.addEventListener("change", () => this.changed(element));
    this.register(element, () => input.checked, (v) => { input.checked = Boolean(v); });
    const wrap = el("label", { class: "form-field type-CheckBox checkbox", dataset: { name: element.name || "" } },
                    input, el("span", { class: "field-caption", text: this.caption(element) }));
    return wrap;
  },
  Select(element) {
    const options = (element.options || []).map((o) => ({ value: o.value, caption: o.caption ?? o.label ?? String(o.value) }));
    if (!options.length) options.push({ value: "", caption: "(no options)" });
    const select = selectControl(options, this.initial(element, options[0].value), () => this.changed(element));
    this.register(element, () => options[Number(select.value)].value, () => {});
    return this.field(element, select);
  },
  SelectInstance: selectObject, SelectVariable: selectObject, SelectScript: selectObject, SelectEvent: selectObject,
  SelectMedia: selectObject, SelectLink: selectObject, SelectCategory: selectObject, SelectObject: selectObject,
  Button(element) {
    return el("button", { type: "button", class: "form-button", onclick: () => element.onClick ? this.run(element.onClick, element) : null },
              this.caption(element));
  },
  OpenObjectButton(element) {
    return objectLink(Number(element.objectID) || 0, this.caption(element) || `Open #${element.objectID}`);
  },
  PopupButton(element) {
    return el("button", { type: "button", class: "form-button", onclick: () => {
      const popup = element.popup || {};
      openDialog(popup.caption || this.caption(element), (body, close) => {
        body.append(this.render(popup.items));
        const buttons = el("div", { class: "dialog-buttons" });
        for (const b of popup.buttons || []) buttons.append(this.renderElement(b));
        buttons.append(el("button", { type: "button", class: "primary", onclick: () => close() }, "Close"));
        body.append(buttons);
      });
    } }, this.caption(element));
  },
  PopupAlert(element) {
    const popup = element.popup || {};
    return el("div", { class: "form-alert", role: "alert" }, this.render(popup.items));
  },
  ExpansionPanel(element) {
    const details = el("details", { class: "expansion-panel" }, el("summary", { text: this.caption(element) }));
    details.open = Boolean(element.expanded);
    details.append(this.render(element.items));
    return details;
  },
  RowLayout: group("row-layout"),
  ColumnLayout: group("column-layout"),
  Image(element) {
    return el("img", { class: "form-image", src: element.image || "", alt: this.caption(element) });
  },
  ProgressBar(element) {
    const bar = el("progress", { max: String(element.maximum ?? 100), value: String(element.current ?? 0) });
    return this.field(element, bar);
  },
  List(element) {
    return renderList.call(this, element);
  },
  Tree(element) {
    return renderList.call(this, element);
  },
  Configurator(element) {
    return renderConfigurator(element, this.ctx, this);
  },
};

// A List (or Tree) of rows: the columns' captions, the rows' cells, editable cells where a
// column has "edit", "add" and "delete" buttons where the element asks for them. A named List in
// "elements" stores its rows as a JSON string in the property of that name.
function renderList(element) {
  const columns = element.columns || [];
  let rows = this.initial(element, element.values || []);
  if (typeof rows === "string") {
    try { rows = JSON.parse(rows || "[]"); } catch { rows = []; }
  }
  rows = Array.isArray(rows) ? rows.map((r) => ({ ...r })) : [];
  const box = el("div", { class: "form-list", dataset: { name: element.name || "" } });
  const caption = this.caption(element);
  if (caption) box.append(el("div", { class: "field-caption", text: caption }));
  const table = el("table", { class: "list-table" });
  box.append(el("div", { class: "table-scroll" }, table));
  const draw = () => {
    clear(table);
    const head = el("tr");
    for (const c of columns) if (c.visible !== false) head.append(el("th", { text: c.caption ?? c.label ?? c.name, style: c.width && c.width !== "auto" ? `width:${c.width}` : undefined }));
    if (element.delete) head.append(el("th"));
    table.append(el("thead", {}, head));
    const body = el("tbody");
    rows.forEach((row, i) => {
      const tr = el("tr");
      for (const c of columns) {
        if (c.visible === false) continue;
        const td = el("td");
        if (c.edit) {
          const kind = c.edit.type === "CheckBox" ? "checkbox" : c.edit.type === "NumberSpinner" ? "number" : "text";
          const input = el("input", { type: kind });
          if (kind === "checkbox") input.checked = Boolean(row[c.name]);
          else input.value = row[c.name] ?? "";
          input.addEventListener("change", () => {
            row[c.name] = kind === "checkbox" ? input.checked : kind === "number" ? Number(input.value) : input.value;
            this.changed(element);
          });
          td.append(input);
        } else {
          td.textContent = row[c.name] === undefined ? "" : String(row[c.name]);
        }
        tr.append(td);
      }
      if (element.delete)
        tr.append(el("td", {}, el("button", { type: "button", class: "small", onclick: () => { rows.splice(i, 1); draw(); this.changed(element); } }, "Delete")));
      body.append(tr);
    });
    if (!rows.length) body.append(el("tr", {}, el("td", { class: "empty", colspan: String(columns.length + 1), text: "No entries" })));
    table.append(body);
  };
  draw();
  if (element.add !== undefined && element.add !== false) {
    box.append(el("button", { type: "button", class: "small", onclick: () => {
      const row = {};
      for (const c of columns) row[c.name] = c.add !== undefined ? c.add : "";
      if (typeof element.add === "object") Object.assign(row, element.add);
      rows.push(row);
      draw();
      this.changed(element);
    } }, "Add"));
  }
  this.register(element, () => JSON.stringify(rows), () => {});
  return box;
}
