// The Configurator form element (docs/symcon-kernel.md §10.2): rows of devices with their
// columns, a tree through id/parent, rows not yet created in green, rows whose instance has no
// device (instanceID without create) in red. "Create" makes the selected row's instance the way
// Symcon's console does (create, configuration, name, location, status variable names, chain or
// the configurator's own parent); "Create all" does that for every row without an instance
// (rows with named alternatives are skipped: the user must pick one); "Delete" removes the
// selected row's instance when the element allows it. After each change the form is reread.

import { el, clear, confirmDialog, toast } from "./dom.js";
import { ObjectType } from "./symcon.js";

function isAlternatives(create) {
  return create && typeof create === "object" && !Array.isArray(create) && !("moduleID" in create);
}

export function rowState(row) {
  const iid = Number(row.instanceID || 0);
  if (iid > 0 && !row.create) return "erroneous";
  if (iid > 0) return "created";
  return row.create ? "new" : "folder";
}

async function childByName(rpc, parent, name) {
  const ids = await rpc.call("IPS_GetChildrenIDs", parent);
  const objects = await rpc.all(ids.map((id) => ["IPS_GetObject", id]));
  const hit = objects.find((o) => o.ObjectType === ObjectType.Category && o.ObjectName === name);
  return hit ? hit.ObjectID : 0;
}

async function ensureLocation(rpc, names) {
  let parent = 0;
  for (const name of names) {
    let id = await childByName(rpc, parent, name);
    if (!id) {
      id = await rpc.call("IPS_CreateCategory");
      await rpc.call("IPS_SetName", id, name);
      await rpc.call("IPS_SetParent", id, parent);
    }
    parent = id;
  }
  return parent;
}

async function sameConfiguration(rpc, id, wanted) {
  const current = JSON.parse(await rpc.call("IPS_GetConfiguration", id));
  return Object.entries(wanted || {}).every(([k, v]) => JSON.stringify(current[k]) === JSON.stringify(v));
}

// One instance from a create object; a failed step deletes the half-made instance again and
// rethrows the kernel's error.
async function createOne(rpc, spec) {
  const id = await rpc.call("IPS_CreateInstance", spec.moduleID);
  try {
    if (spec.configuration && Object.keys(spec.configuration).length) {
      await rpc.call("IPS_SetConfiguration", id, JSON.stringify(spec.configuration));
      await rpc.call("IPS_ApplyChanges", id);
    }
    if (spec.name) await rpc.call("IPS_SetName", id, spec.name);
    if (spec.info) await rpc.call("IPS_SetInfo", id, spec.info);
    if (Array.isArray(spec.location) && spec.location.length)
      await rpc.call("IPS_SetParent", id, await ensureLocation(rpc, spec.location));
    for (const [ident, change] of Object.entries(spec.statusVariables || {})) {
      const vid = await rpc.call("IPS_GetObjectIDByIdent", ident, id);
      if (vid && change && change.name) await rpc.call("IPS_SetName", vid, change.name);
    }
  } catch (e) {
    await rpc.call("IPS_DeleteInstance", id).catch(() => {});
    throw e;
  }
  return id;
}

// Existing instance of the module with the wanted configuration, for chain links.
async function findReusable(rpc, spec) {
  const ids = await rpc.call("IPS_GetInstanceListByModuleID", spec.moduleID);
  for (const id of ids) if (await sameConfiguration(rpc, id, spec.configuration)) return id;
  return 0;
}

async function connect(rpc, child, parent) {
  const inst = await rpc.call("IPS_GetInstance", child);
  if (inst.ConnectionID === parent) return;
  if (inst.ConnectionID) await rpc.call("IPS_DisconnectInstance", child);
  await rpc.call("IPS_ConnectInstance", child, parent);
}

// Creates what a row's `create` asks for; resolves with the new device instance's ID.
export async function createFromRow(rpc, configuratorId, create) {
  if (Array.isArray(create)) {
    const device = await createOne(rpc, create[0]);
    let child = device;
    for (const spec of create.slice(1)) {
      let parent = await findReusable(rpc, spec);
      const reused = parent !== 0;
      if (!reused) parent = await createOne(rpc, spec);
      await connect(rpc, child, parent);
      if (reused) break;  // an existing parent already has its own chain
      child = parent;
    }
    return device;
  }
  const id = await createOne(rpc, create);
  const own = await rpc.call("IPS_GetInstance", configuratorId);
  if (own.ConnectionID) await connect(rpc, id, own.ConnectionID).catch(() => {});
  return id;
}

// Rows in display order with their depth: parents before children, siblings sorted.
function orderRows(rows, sort) {
  const byParent = new Map();
  const ids = new Set(rows.filter((r) => r.id !== undefined).map((r) => r.id));
  for (const r of rows) {
    const key = r.parent !== undefined && ids.has(r.parent) ? r.parent : undefined;
    if (!byParent.has(key)) byParent.set(key, []);
    byParent.get(key).push(r);
  }
  const cmp = (a, b) => {
    if (!sort || !sort.column) return 0;
    const x = a[sort.column] ?? "", y = b[sort.column] ?? "";
    const n = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return sort.direction === "descending" ? -n : n;
  };
  const out = [];
  const walk = (key, depth) => {
    for (const r of [...(byParent.get(key) || [])].sort(cmp)) {
      out.push({ row: r, depth });
      if (r.id !== undefined && byParent.has(r.id)) walk(r.id, depth + 1);
    }
  };
  walk(undefined, 0);
  return out;
}

export function renderConfigurator(element, ctx, form) {
  let values = Array.isArray(element.values) ? element.values : [];
  let sort = element.sort ? { ...element.sort } : null;
  let selected = -1;
  let filter = "";
  const choice = new Map();  // row index -> chosen alternative label
  const columns = (element.columns && element.columns.length ? element.columns
    : [{ name: "address", caption: "Address" }, { name: "name", caption: "Name" }]).filter((c) => c.visible !== false);
  const box = el("div", { class: "configurator", dataset: { name: element.name || "" } });
  const caption = form.caption(element);
  const filterInput = el("input", { type: "search", placeholder: "Filter", class: "configurator-filter",
                                    oninput: () => { filter = filterInput.value.toLowerCase(); draw(); } });
  const busy = el("span", { class: "configurator-busy", role: "status" });
  box.append(el("div", { class: "configurator-top" }, el("span", { class: "field-caption", text: caption }), busy,
                filterInput, el("button", { type: "button", class: "small", onclick: () => reload() }, "Refresh")));
  const table = el("table", { class: "list-table configurator-table" });
  const scroll = el("div", { class: "table-scroll", style: `max-height:${Math.max(5, Number(element.rowCount) || 15) * 2.1 + 2.5}em` }, table);
  box.append(scroll);
  const createButton = el("button", { type: "button", class: "primary", onclick: () => createSelected() }, "Create");
  const createAllButton = el("button", { type: "button", onclick: () => createAll() }, "Create all");
  const deleteButton = element.delete ? el("button", { type: "button", class: "danger", onclick: () => deleteSelected() }, "Delete") : null;
  const openButton = el("button", { type: "button", onclick: () => {
    const row = values[selected];
    if (row && Number(row.instanceID) > 0) location.hash = `#/object/${row.instanceID}`;
  } }, "Open instance");
  box.append(el("div", { class: "configurator-buttons" }, openButton, el("span", { class: "spacer" }), createAllButton, createButton, deleteButton));

  const setBusy = (text) => {
    busy.textContent = text;
    for (const b of [createButton, createAllButton, deleteButton, openButton]) if (b) b.disabled = Boolean(text) || b.dataset.off === "1";
  };

  const draw = () => {
    clear(table);
    const head = el("tr");
    for (const c of columns) {
      const arrow = sort && sort.column === c.name ? (sort.direction === "descending" ? " ▼" : " ▲") : "";
      head.append(el("th", {
        style: c.width && c.width !== "auto" ? `width:${c.width}` : undefined,
        onclick: () => {
          sort = { column: c.name, direction: sort && sort.column === c.name && sort.direction !== "descending" ? "descending" : "ascending" };
          draw();
        },
      }, (c.caption ?? c.label ?? c.name) + arrow));
    }
    // A picker column only when some row offers named alternatives to choose from.
    const pickers = values.some((r) => isAlternatives(r.create) && !(Number(r.instanceID) > 0));
    if (pickers) head.append(el("th", { class: "create-col", text: "Create as" }));
    table.append(el("thead", {}, head));
    const body = el("tbody");
    for (const { row, depth } of orderRows(values, sort)) {
      const index = values.indexOf(row);
      const text = columns.map((c) => String(row[c.name] ?? "")).join(" ").toLowerCase();
      if (filter && !text.includes(filter)) continue;
      const state = rowState(row);
      const tr = el("tr", { class: `row-${state}${index === selected ? " selected" : ""}`, dataset: { state, index: String(index) },
                            onclick: () => { selected = index; draw(); } });
      columns.forEach((c, i) => {
        const td = el("td", { text: row[c.name] === undefined || row[c.name] === "" ? (i === 0 ? "" : "-") : String(row[c.name]) });
        if (i === 0 && depth) td.style.paddingLeft = `${0.6 + depth * 1.2}em`;
        tr.append(td);
      });
      if (pickers) {
        const extra = el("td", { class: "create-col" });
        if (isAlternatives(row.create) && !(Number(row.instanceID) > 0)) {
          const labels = Object.keys(row.create);
          const select = el("select", { onclick: (e) => e.stopPropagation(), onchange: () => choice.set(index, select.value) });
          for (const l of labels) select.append(el("option", { value: l, text: l }));
          select.value = choice.get(index) || labels[0];
          extra.append(select);
        }
        tr.append(extra);
      }
      if (Number(row.instanceID) > 0) {
        tr.dataset.instance = String(row.instanceID);
        tr.title = `Instance #${row.instanceID} (double-click to open)`;
        tr.addEventListener("dblclick", () => { location.hash = `#/object/${row.instanceID}`; });
      }
      body.append(tr);
    }
    if (!body.children.length)
      body.append(el("tr", {}, el("td", { class: "empty", colspan: String(columns.length + (pickers ? 1 : 0)), text: filter ? "No row matches the filter" : "No devices found" })));
    table.append(body);
    const row = values[selected];
    createButton.dataset.off = !row || !row.create || Number(row.instanceID) > 0 ? "1" : "0";
    if (deleteButton) deleteButton.dataset.off = !row || !(Number(row.instanceID) > 0) ? "1" : "0";
    openButton.dataset.off = !row || !(Number(row.instanceID) > 0) ? "1" : "0";
    createAllButton.dataset.off = values.some((r) => r.create && !(Number(r.instanceID) > 0) && !isAlternatives(r.create)) ? "0" : "1";
    setBusy(busy.textContent);
  };

  const reload = async () => {
    try {
      const fresh = ctx.reloadElement ? await ctx.reloadElement(element.name) : null;
      if (fresh) values = Array.isArray(fresh.values) ? fresh.values : [];
      draw();
    } catch (e) {
      toast(`${caption || "Configurator"}: ${e.message}`, "error");
    }
  };

  const specFor = (index) => {
    const row = values[index];
    if (!row || !row.create) return null;
    if (isAlternatives(row.create)) return row.create[choice.get(index) || Object.keys(row.create)[0]];
    return row.create;
  };

  const createSelected = async () => {
    const spec = specFor(selected);
    if (!spec) return;
    setBusy("Creating…");
    try {
      const id = await createFromRow(ctx.rpc, ctx.instanceId, spec);
      toast(`Created instance #${id}`);
    } catch (e) {
      toast(`Create failed: ${e.message}`, "error");
    }
    setBusy("");
    await reload();
  };

  const createAll = async () => {
    const todo = values.map((r, i) => i).filter((i) => values[i].create && !(Number(values[i].instanceID) > 0) && !isAlternatives(values[i].create));
    let done = 0;
    const errors = [];
    for (const i of todo) {
      setBusy(`Creating ${done + 1} of ${todo.length}…`);
      try {
        await createFromRow(ctx.rpc, ctx.instanceId, values[i].create);
        done++;
      } catch (e) {
        errors.push(e.message);
      }
    }
    setBusy("");
    if (errors.length) toast(`Created ${done} of ${todo.length}; ${errors.length} failed: ${errors[0]}`, "error");
    else toast(`Created ${done} instance${done === 1 ? "" : "s"}`);
    await reload();
  };

  const deleteSelected = async () => {
    const row = values[selected];
    const iid = row && Number(row.instanceID);
    if (!iid) return;
    if (!(await confirmDialog("Delete instance", `Delete instance #${iid} (${ctx.store.name(iid)})?`, "Delete"))) return;
    setBusy("Deleting…");
    try {
      await ctx.rpc.call("IPS_DeleteInstance", iid);
    } catch (e) {
      toast(`Delete failed: ${e.message}`, "error");
    }
    setBusy("");
    await reload();
  };

  box.refresh = reload;
  draw();
  return box;
}
