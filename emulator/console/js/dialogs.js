// Dialogs that change the tree: rename, move, add category, add instance. Adding an instance
// follows Symcon's flow: pick a module, pick or create its parent, create, then walk the parent
// chain the kernel built (e.g. SmartMeterConfigurator -> SmartLog -> MQTT Server -> Server
// Socket) with each member's configuration form.

import { el, clear, objectLink, openDialog, toast } from "./dom.js";
import { ObjectType, ModuleTypeName, StatusText } from "./symcon.js";
import { FormRenderer } from "./form.js";

const up = (g) => String(g).toUpperCase();
const intersects = (a, b) => (a || []).some((x) => (b || []).map(up).includes(up(x)));

// docs/symcon-kernel.md §2.4: child fits parent.
export function compatible(child, parent) {
  if (!child || !parent) return false;
  if (!intersects(child.ParentRequirements, parent.Implemented)) return false;
  return !(parent.ChildRequirements || []).length || intersects(parent.ChildRequirements, child.Implemented);
}

function categoryOptions(store, exclude) {
  const out = [{ id: 0, caption: store.name(0) }];
  for (const [id, o] of store.objects) {
    if (id === 0 || o.ObjectType !== ObjectType.Category) continue;
    const path = store.path(id);
    if (exclude !== undefined && path.includes(exclude)) continue;
    out.push({ id, caption: `${path.map((p) => store.name(p)).join(" › ")} (#${id})` });
  }
  return out.sort((a, b) => (a.id === 0 ? -1 : b.id === 0 ? 1 : a.caption.localeCompare(b.caption)));
}

function errorLine() {
  return el("div", { class: "form-error", role: "alert", hidden: true });
}

function showError(box, e) {
  box.hidden = false;
  box.textContent = e.message || String(e);
}

export function renameDialog(app, id) {
  const o = app.store.objects.get(id);
  return openDialog(`Rename #${id}`, (body, close) => {
    const name = el("input", { type: "text", value: o.ObjectName, name: "name" });
    const ident = el("input", { type: "text", value: o.ObjectIdent || "", name: "ident" });
    const err = errorLine();
    const save = async () => {
      try {
        if (name.value !== o.ObjectName) await app.rpc.call("IPS_SetName", id, name.value);
        if (ident.value !== (o.ObjectIdent || "")) await app.rpc.call("IPS_SetIdent", id, ident.value);
        app.store.scheduleReload(0);
        close(true);
      } catch (e) {
        showError(err, e);
      }
    };
    body.append(el("form", { class: "dialog-form", onsubmit: (e) => { e.preventDefault(); save(); } },
      el("label", { class: "form-field" }, el("span", { class: "field-caption", text: "Name" }), name),
      el("label", { class: "form-field" }, el("span", { class: "field-caption", text: "Ident" }), ident),
      err,
      el("div", { class: "dialog-buttons" }, el("button", { type: "button", onclick: () => close() }, "Cancel"),
        el("button", { type: "submit", class: "primary" }, "Save"))));
    setTimeout(() => name.focus(), 0);
  });
}

export function moveDialog(app, id, target) {
  const store = app.store;
  return openDialog(`Move “${store.name(id)}”`, (body, close) => {
    const options = [...store.objects.keys()].filter((p) => !store.path(p).includes(id) || p === 0)
      .map((p) => ({ id: p, caption: p === 0 ? store.name(0) : `${store.path(p).map((x) => store.name(x)).join(" › ")} (#${p})` }))
      .sort((a, b) => (a.id === 0 ? -1 : b.id === 0 ? 1 : a.caption.localeCompare(b.caption)));
    const select = el("select", { name: "parent" });
    for (const o of options) select.append(el("option", { value: String(o.id), text: o.caption }));
    select.value = String(target ?? store.objects.get(id).ParentID);
    const err = errorLine();
    const move = async () => {
      try {
        await app.rpc.call("IPS_SetParent", id, Number(select.value));
        app.store.scheduleReload(0);
        close(true);
      } catch (e) {
        showError(err, e);
      }
    };
    body.append(el("label", { class: "form-field" }, el("span", { class: "field-caption", text: "New parent" }), select), err,
      el("div", { class: "dialog-buttons" }, el("button", { type: "button", onclick: () => close() }, "Cancel"),
        el("button", { type: "button", class: "primary", onclick: move }, "Move")));
  });
}

export function addCategoryDialog(app, parentHint = 0) {
  return openDialog("Add category", (body, close) => {
    const name = el("input", { type: "text", name: "name", value: "" });
    const parent = el("select", { name: "parent" });
    for (const o of categoryOptions(app.store)) parent.append(el("option", { value: String(o.id), text: o.caption }));
    parent.value = String(parentHint);
    const err = errorLine();
    const create = async () => {
      try {
        const id = await app.rpc.call("IPS_CreateCategory");
        if (name.value) await app.rpc.call("IPS_SetName", id, name.value);
        if (Number(parent.value)) await app.rpc.call("IPS_SetParent", id, Number(parent.value));
        app.store.scheduleReload(0);
        close(id);
        location.hash = `#/object/${id}`;
      } catch (e) {
        showError(err, e);
      }
    };
    body.append(el("form", { class: "dialog-form", onsubmit: (e) => { e.preventDefault(); create(); } },
      el("label", { class: "form-field" }, el("span", { class: "field-caption", text: "Name" }), name),
      el("label", { class: "form-field" }, el("span", { class: "field-caption", text: "Inside" }), parent), err,
      el("div", { class: "dialog-buttons" }, el("button", { type: "button", onclick: () => close() }, "Cancel"),
        el("button", { type: "submit", class: "primary" }, "Create"))));
    setTimeout(() => name.focus(), 0);
  });
}

// Instances (existing) and modules (to create) that can be the parent of `module`.
function parentChoices(app, modules, module) {
  const existing = [];
  for (const inst of app.store.instances.values()) {
    const m = modules.get(up(inst.ModuleInfo.ModuleID));
    if (m && compatible(module, m)) existing.push({ kind: "existing", id: inst.InstanceID, caption: `${app.store.name(inst.InstanceID)} (${m.ModuleName} #${inst.InstanceID})` });
  }
  const fresh = [...modules.values()].filter((m) => compatible(module, m))
    .map((m) => ({ kind: "new", moduleID: m.ModuleID, caption: `New ${m.ModuleName}` }));
  return [...existing, ...fresh];
}

export async function addInstanceDialog(app) {
  let modules;
  try {
    modules = await app.store.loadModules();
  } catch (e) {
    toast(`Cannot read the module list: ${e.message}`, "error");
    return;
  }
  return openDialog("Add instance", (body, close) => {
    const pickStep = () => {
      clear(body);
      const search = el("input", { type: "search", placeholder: "Search modules", class: "module-search", name: "module-search" });
      const list = el("div", { class: "module-list" });
      const draw = () => {
        clear(list);
        const q = search.value.toLowerCase();
        const byVendor = new Map();
        for (const m of modules.values()) {
          if (m.ModuleType === 6) continue;
          const text = [m.ModuleName, m.Vendor, ...(m.Aliases || [])].join(" ").toLowerCase();
          if (q && !text.includes(q)) continue;
          const vendor = m.Vendor || "(Other)";
          if (!byVendor.has(vendor)) byVendor.set(vendor, []);
          byVendor.get(vendor).push(m);
        }
        for (const vendor of [...byVendor.keys()].sort()) {
          list.append(el("h4", { class: "vendor", text: vendor }));
          for (const m of byVendor.get(vendor).sort((a, b) => a.ModuleName.localeCompare(b.ModuleName)))
            list.append(el("button", { type: "button", class: "module-item", dataset: { module: m.ModuleName }, onclick: () => optionsStep(m) },
              el("span", { class: "module-name", text: m.ModuleName }),
              el("span", { class: "muted", text: ` ${ModuleTypeName[m.ModuleType] || ""}${(m.Aliases || []).length ? " · " + m.Aliases.join(", ") : ""}` })));
        }
        if (!list.children.length) list.append(el("p", { class: "muted", text: "No module matches." }));
      };
      search.addEventListener("input", draw);
      body.append(search, list);
      draw();
      setTimeout(() => search.focus(), 0);
    };

    const optionsStep = (module) => {
      clear(body);
      const name = el("input", { type: "text", name: "name", value: module.ModuleName });
      const location = el("select", { name: "location" });
      for (const o of categoryOptions(app.store)) location.append(el("option", { value: String(o.id), text: o.caption }));
      const fields = [
        el("p", {}, el("strong", { text: module.ModuleName }), el("span", { class: "muted", text: ` ${ModuleTypeName[module.ModuleType] || ""} · ${module.Vendor || ""}` })),
        el("label", { class: "form-field" }, el("span", { class: "field-caption", text: "Name" }), name),
        el("label", { class: "form-field" }, el("span", { class: "field-caption", text: "Location" }), location),
      ];
      let parentSelect = null, choices = [];
      if ((module.ParentRequirements || []).length) {
        choices = parentChoices(app, modules, module);
        parentSelect = el("select", { name: "parent" });
        // Symcon offers a new parent first when none exists; an existing one is the usual pick.
        const ordered = [...choices.filter((c) => c.kind === "new"), ...choices.filter((c) => c.kind === "existing")];
        choices = ordered;
        choices.forEach((c, i) => parentSelect.append(el("option", { value: String(i), text: c.caption })));
        fields.push(el("label", { class: "form-field" }, el("span", { class: "field-caption", text: "Parent (data flow)" }),
          choices.length ? parentSelect : el("span", { class: "form-error", text: "No compatible parent module is loaded" })));
      }
      const err = errorLine();
      const createButton = el("button", { type: "button", class: "primary", name: "create" }, "Create");
      createButton.addEventListener("click", async () => {
        createButton.disabled = true;
        try {
          const choice = parentSelect && choices.length ? choices[Number(parentSelect.value)] : null;
          const id = await createWithParent(app, modules, module, choice, name.value, Number(location.value));
          chainStep(id);
        } catch (e) {
          showError(err, e);
          createButton.disabled = false;
        }
      });
      body.append(...fields, err, el("div", { class: "dialog-buttons" },
        el("button", { type: "button", onclick: pickStep }, "Back"), createButton));
    };

    const chainStep = async (id) => {
      clear(body);
      await app.store.load();
      const chain = [id, ...app.store.chain(id)];
      body.append(el("p", { class: "chain-summary" }, "Created ", objectLink(id, app.store.name(id)), ". Its chain: ",
        ...chain.flatMap((c, i) => [i ? " → " : "", objectLink(c, `${app.store.name(c)} #${c}`)])));
      const list = el("div", { class: "chain-steps" });
      body.append(list);
      for (const member of chain) list.append(await chainMember(app, member, member === id || app.createdNow.has(member)));
      body.append(el("div", { class: "dialog-buttons" },
        el("button", { type: "button", class: "primary", name: "done", onclick: () => { close(id); location.hash = `#/object/${id}`; } }, "Done")));
    };
    pickStep();
  }, { wide: true, id: "add-instance-dialog" });
}

// One chain member in the last step: its status and its configuration form with Apply.
async function chainMember(app, id, isNew) {
  const [instance, formText, configText] = await app.rpc.all([["IPS_GetInstance", id], ["IPS_GetConfigurationForm", id], ["IPS_GetConfiguration", id]]);
  let form = {}, configuration = {};
  try { form = JSON.parse(formText || "{}"); } catch { form = {}; }
  try { configuration = JSON.parse(configText || "{}"); } catch { configuration = {}; }
  const renderer = new FormRenderer({ rpc: app.rpc, store: app.store, instanceId: id, section: "elements", configuration });
  const statusLine = el("span", { class: "muted" });
  const showStatus = (code) => {
    const entry = (form.status || []).find((s) => Number(s.code) === Number(code));
    statusLine.textContent = ` ${entry ? entry.caption : StatusText[code] || ""} (${code})`;
  };
  showStatus(instance.InstanceStatus);
  const err = errorLine();
  const details = el("details", { class: "chain-member", dataset: { id: String(id), module: instance.ModuleInfo.ModuleName } },
    el("summary", {}, el("strong", { text: `${app.store.name(id)}` }), ` ${instance.ModuleInfo.ModuleName} #${id} `,
      el("span", { class: isNew ? "badge new" : "badge", text: isNew ? "new" : "existing" }), statusLine));
  details.open = isNew && (form.elements || []).length > 0;
  if ((form.elements || []).length) {
    const apply = el("button", { type: "button", class: "primary", name: "apply" }, "Apply");
    apply.addEventListener("click", async () => {
      err.hidden = true;
      const values = {};
      for (const [k, v] of Object.entries(renderer.values())) if (k in configuration) values[k] = v;
      try {
        await app.rpc.call("IPS_SetConfiguration", id, JSON.stringify(values));
        await app.rpc.call("IPS_ApplyChanges", id);
        showStatus((await app.rpc.call("IPS_GetInstance", id)).InstanceStatus);
        toast(`${app.store.name(id)}: changes applied`);
      } catch (e) {
        showError(err, e);
      }
    });
    details.append(renderer.render(form.elements), err, el("div", { class: "form-buttons" }, apply));
  } else {
    details.append(el("p", { class: "muted", text: "Nothing to configure." }));
  }
  return details;
}

// IPS_CreateInstance, then the parent the user chose. Modules that build their own parent in
// Create (RequireParent) keep it when the user asked for a new one; when the user picked an
// existing parent, the instance is reconnected and parents made by Create that now serve
// nothing are removed again.
async function createWithParent(app, modules, module, choice, name, location) {
  const before = new Set(await app.rpc.call("IPS_GetInstanceList"));
  const id = await app.rpc.call("IPS_CreateInstance", module.ModuleID);
  if (name) await app.rpc.call("IPS_SetName", id, name);
  if (location) await app.rpc.call("IPS_SetParent", id, location);
  let inst = await app.rpc.call("IPS_GetInstance", id);
  if (choice && choice.kind === "existing" && inst.ConnectionID !== choice.id) {
    const orphan = inst.ConnectionID;
    if (orphan) await app.rpc.call("IPS_DisconnectInstance", id);
    await app.rpc.call("IPS_ConnectInstance", id, choice.id);
    await removeUnusedNew(app, orphan, before);
  } else if (choice && choice.kind === "new" && !inst.ConnectionID) {
    const parentModule = modules.get(up(choice.moduleID));
    const parent = await createWithParent(app, modules, parentModule, defaultParentChoice(app, modules, parentModule), "", 0);
    await app.rpc.call("IPS_ConnectInstance", id, parent);
  }
  const after = await app.rpc.call("IPS_GetInstanceList");
  app.createdNow = new Set(after.filter((x) => !before.has(x)));
  app.store.scheduleReload(0);
  return id;
}

function defaultParentChoice(app, modules, module) {
  if (!module || !(module.ParentRequirements || []).length) return null;
  const choices = parentChoices(app, modules, module);
  return choices.find((c) => c.kind === "existing") || choices[0] || null;
}

async function removeUnusedNew(app, id, before) {
  while (id && !before.has(id)) {
    const list = await app.rpc.call("IPS_GetInstanceList");
    const records = await app.rpc.all(list.map((i) => ["IPS_GetInstance", i]));
    if (records.some((r) => r.ConnectionID === id)) return;
    const next = records.find((r) => r.InstanceID === id)?.ConnectionID || 0;
    await app.rpc.call("IPS_DeleteInstance", id);
    id = next;
  }
}
