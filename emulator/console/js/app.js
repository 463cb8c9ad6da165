// Wires the console together: API client, message stream, object store, tree, detail pane, log
// panel, routing (#/object/<id>) and the connection indicator.

import { Rpc } from "./rpc.js";
import { MessageStream } from "./stream.js";
import { ObjectStore } from "./store.js";
import { LogBook } from "./logbook.js";
import { TreeView } from "./tree.js";
import { DetailView } from "./detail.js";
import { LogPanel } from "./logpanel.js";
import { addInstanceDialog, addCategoryDialog, moveDialog } from "./dialogs.js";
import { toast } from "./dom.js";

class ConsoleApp {
  constructor() {
    this.rpc = new Rpc();
    this.stream = new MessageStream();
    this.store = new ObjectStore(this.rpc);
    this.logbook = new LogBook();
    this.createdNow = new Set();
    this.tree = new TreeView(this.store, document.getElementById("tree"), { onMove: (id, target) => this.move(id, target) });
    this.detail = new DetailView(this, document.getElementById("detail"));
    this.logPanel = new LogPanel(this, document.getElementById("log-body"));
    this.loadError = "";
  }

  start() {
    document.getElementById("tree-filter").addEventListener("input", (e) => this.tree.setFilter(e.target.value));
    document.getElementById("add-instance").addEventListener("click", () => addInstanceDialog(this));
    document.getElementById("add-category").addEventListener("click", () => addCategoryDialog(this, this.currentCategory()));
    document.getElementById("toggle-log").addEventListener("click", () => this.toggleLog());
    document.getElementById("retry-now").addEventListener("click", () => this.stream.connect());
    document.getElementById("back-to-tree").addEventListener("click", () => { location.hash = "#/"; });
    window.addEventListener("hashchange", () => this.route());
    this.rpc.addEventListener("reachability", () => this.showConnection());
    this.stream.addEventListener("state", () => this.showConnection());
    this.stream.addEventListener("open", () => this.reloadAll());
    this.stream.addEventListener("message", (e) => {
      this.store.onMessage(e.detail);
      this.logbook.onMessage(e.detail);
    });
    this.showConnection();
    this.stream.start();
    this.reloadAll();
  }

  async reloadAll() {
    try {
      await this.store.load();
      this.loadError = "";
      if (!this.routed) {
        this.routed = true;
        this.route();
      } else if (this.detail.id !== null && !this.detail.page) {
        this.detail.show(this.detail.id);  // e.g. it failed while the server was away
      } else if (this.detail.id !== null && this.detail.page && this.wasOffline) {
        this.detail.show(this.detail.id);
      }
      this.wasOffline = false;
    } catch (e) {
      this.loadError = e.code === "offline" ? "" : `Cannot read the object tree: ${e.message}`;
      this.wasOffline = true;
    }
    const box = document.getElementById("load-error");
    box.hidden = !this.loadError;
    box.textContent = this.loadError;
    this.showConnection();
  }

  showConnection() {
    const badge = document.getElementById("connection");
    const banner = document.getElementById("connection-banner");
    const text = document.getElementById("connection-text");
    let state, label, detail = "";
    if (!this.rpc.reachable) {
      state = "offline";
      label = "Server unreachable";
      detail = "The server at " + location.host + " does not answer. The console retries by itself; what you see may be out of date.";
    } else if (this.stream.state === "live") {
      state = "live";
      label = "Live";
    } else if (this.stream.state === "connecting") {
      state = "connecting";
      label = "Connecting…";
      detail = "Connecting to the message stream…";
    } else {
      state = "reconnecting";
      label = "Reconnecting…";
      detail = `The message stream was interrupted (${this.stream.closeReason || "connection lost"}); reconnecting. Values are not live until it is back.`;
    }
    if (state !== "live" && state !== "connecting") this.wasOffline = true;
    badge.dataset.state = state;
    badge.textContent = label;
    document.body.dataset.connection = state;
    banner.hidden = state === "live" || state === "connecting";
    text.textContent = detail;
  }

  route() {
    const m = /^#\/object\/(\d+)/.exec(location.hash);
    if (m) {
      const id = Number(m[1]);
      document.body.classList.add("show-detail");
      this.tree.select(id);
      this.detail.show(id);
    } else {
      document.body.classList.remove("show-detail");
      this.tree.select(null);
      this.detail.showWelcome();
    }
  }

  currentCategory() {
    const id = this.detail.id;
    const o = id !== null ? this.store.objects.get(id) : null;
    if (!o) return 0;
    return o.ObjectType === 0 ? id : o.ParentID;
  }

  toggleLog() {
    const panel = document.getElementById("log-panel");
    panel.hidden = !panel.hidden;
    document.getElementById("toggle-log").setAttribute("aria-pressed", String(!panel.hidden));
  }

  async move(id, target) {
    const t = this.store.objects.get(target);
    if (!t) return;
    // Dropped on a variable or instance row: Symcon would nest under it, which is allowed, but
    // ask first, as a stray drop is easy.
    await moveDialog(this, id, target);
  }
}

const app = new ConsoleApp();
window.symemuConsole = app;  // for the browser's developer tools and the browser tests
app.start();
window.addEventListener("unhandledrejection", (e) => {
  if (e.reason && e.reason.code === "offline") return;  // shown by the connection state
  toast(String(e.reason && e.reason.message ? e.reason.message : e.reason), "error");
});
