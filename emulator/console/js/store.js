// The console's copy of the object tree, read through the API and kept current from the message
// stream. Events: "reset" (whole tree reread), "values" (detail: ids whose formatted value
// changed), "status" (detail: instance id).

import { ObjectType, Msg, TreeMessages } from "./symcon.js";

const BATCH = 400;  // calls per JSON-RPC batch: big trees are read in a few round trips

export class ObjectStore extends EventTarget {
  constructor(rpc) {
    super();
    this.rpc = rpc;
    this.objects = new Map();   // id -> IPS_GetObject record
    this.instances = new Map(); // id -> IPS_GetInstance record
    this.variables = new Map(); // id -> IPS_GetVariable record
    this.formatted = new Map(); // id -> GetValueFormatted text
    this.profiles = new Map();  // name -> IPS_GetVariableProfile record (or null when missing)
    this.modules = null;        // id -> IPS_GetModule record, read once on demand
    this.pendingValues = new Set();
    this.reloadTimer = null;
    this.valueTimer = null;
    this.loaded = false;
  }

  async batched(calls) {
    const out = [];
    for (let i = 0; i < calls.length; i += BATCH) out.push(...(await this.rpc.batch(calls.slice(i, i + BATCH))));
    return out;
  }

  async load() {
    const ids = [0, ...(await this.rpc.call("IPS_GetObjectList")).filter((id) => id !== 0)];
    const records = await this.batched(ids.map((id) => ["IPS_GetObject", id]));
    const objects = new Map();
    records.forEach((r, i) => r.result && objects.set(ids[i], r.result));
    const detailCalls = [];
    for (const [id, o] of objects) {
      if (o.ObjectType === ObjectType.Instance) detailCalls.push(["IPS_GetInstance", id]);
      if (o.ObjectType === ObjectType.Variable) detailCalls.push(["IPS_GetVariable", id], ["GetValueFormatted", id]);
    }
    const details = await this.batched(detailCalls);
    const instances = new Map(), variables = new Map(), formatted = new Map();
    detailCalls.forEach(([method, id], i) => {
      const r = details[i];
      if (method === "IPS_GetInstance" && r.result) instances.set(id, r.result);
      if (method === "IPS_GetVariable" && r.result) variables.set(id, r.result);
      if (method === "GetValueFormatted") formatted.set(id, r.result !== undefined ? String(r.result) : `(${r.error.message})`);
    });
    this.objects = objects;
    this.instances = instances;
    this.variables = variables;
    this.formatted = formatted;
    await this.loadProfiles();
    this.loaded = true;
    this.dispatchEvent(new Event("reset"));
  }

  profileName(variable) {
    return (variable && (variable.VariableCustomProfile || variable.VariableProfile)) || "";
  }

  async loadProfiles() {
    const names = new Set();
    for (const v of this.variables.values()) {
      const n = this.profileName(v);
      if (n && !this.profiles.has(n)) names.add(n);
    }
    const list = [...names];
    const answers = await this.batched(list.map((n) => ["IPS_GetVariableProfile", n]));
    list.forEach((n, i) => this.profiles.set(n, answers[i].result || null));
  }

  profileIconName(id) {
    const p = this.profiles.get(this.profileName(this.variables.get(id)));
    return p && p.Icon ? p.Icon : "";
  }

  async loadModules() {
    if (this.modules) return this.modules;
    const ids = await this.rpc.call("IPS_GetModuleList");
    const answers = await this.batched(ids.map((m) => ["IPS_GetModule", m]));
    const modules = new Map();
    answers.forEach((a, i) => a.result && modules.set(String(ids[i]).toUpperCase(), a.result));  // GUID keys upper-case
    this.modules = modules;
    return modules;
  }

  name(id) {
    const o = this.objects.get(id);
    return o ? o.ObjectName : `#${id}`;
  }

  children(id) {
    const o = this.objects.get(id);
    if (!o) return [];
    return (o.ChildrenIDs || [])
      .map((c) => this.objects.get(c))
      .filter(Boolean)
      .sort((a, b) => a.ObjectPosition - b.ObjectPosition || a.ObjectName.localeCompare(b.ObjectName) || a.ObjectID - b.ObjectID)
      .map((o) => o.ObjectID);
  }

  // Names from the top down to id, as IPS_GetLocation joins them.
  path(id) {
    const out = [];
    const seen = new Set();
    for (let cur = id; cur !== 0 && this.objects.has(cur) && !seen.has(cur); cur = this.objects.get(cur).ParentID) {
      seen.add(cur);
      out.unshift(cur);
    }
    return out;
  }

  // The data-flow parents of an instance, nearest first.
  chain(id) {
    const out = [];
    const seen = new Set([id]);
    let cur = this.instances.get(id);
    while (cur && cur.ConnectionID && !seen.has(cur.ConnectionID)) {
      out.push(cur.ConnectionID);
      seen.add(cur.ConnectionID);
      cur = this.instances.get(cur.ConnectionID);
    }
    return out;
  }

  // A message from the stream: schedules the rereads it calls for.
  onMessage(m) {
    if (m.message === Msg.VM_UPDATE) {
      this.pendingValues.add(m.sender);
      if (!this.valueTimer) this.valueTimer = setTimeout(() => this.refreshValues(), 50);
    } else if (m.message === Msg.IM_CHANGESTATUS) {
      const rec = this.instances.get(m.sender);
      if (rec && Array.isArray(m.data) && m.data.length) rec.InstanceStatus = Number(m.data[0]);
      this.dispatchEvent(new CustomEvent("status", { detail: m.sender }));
    } else if (TreeMessages.has(m.message)) {
      this.scheduleReload();
    }
  }

  scheduleReload(delay = 150) {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => this.load().catch(() => {}), delay);
  }

  async refreshValues() {
    this.valueTimer = null;
    const ids = [...this.pendingValues].filter((id) => this.objects.has(id));
    this.pendingValues.clear();
    if (!ids.length) return;
    let answers;
    try {
      answers = await this.rpc.batch(ids.map((id) => ["GetValueFormatted", id]));
    } catch {
      return;  // offline: the reload after reconnecting brings the values
    }
    const changed = [];
    ids.forEach((id, i) => {
      if (answers[i].result === undefined) return;
      const text = String(answers[i].result);
      if (this.formatted.get(id) === text) return;  // written again, same value: nothing to flash
      this.formatted.set(id, text);
      changed.push(id);
    });
    if (changed.length) this.dispatchEvent(new CustomEvent("values", { detail: changed }));
  }
}
