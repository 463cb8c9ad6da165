// JSON-RPC 2.0 client for Symcon's API (POST /api/, docs/api.md): the console's only way to read
// or change the kernel. Errors come back as RpcError carrying the kernel's message text; a server
// that cannot be reached is an RpcError with code "offline" and flips the shared connection state.

export class RpcError extends Error {
  constructor(message, code, method) {
    super(message);
    this.name = "RpcError";
    this.code = code;
    this.method = method;
  }
}

const TIMEOUT_MS = 15000;

export class Rpc extends EventTarget {
  constructor(url = new URL("../api/", location.href).href) {
    super();
    this.url = url;
    this.nextId = 1;
    this.reachable = true;
  }

  setReachable(reachable, why = "") {
    if (this.reachable === reachable) return;
    this.reachable = reachable;
    this.dispatchEvent(new CustomEvent("reachability", { detail: { reachable, why } }));
  }

  async post(body) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    let response;
    try {
      response = await fetch(this.url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
        signal: controller.signal,
        credentials: "same-origin",
      });
    } catch (e) {
      const why = e.name === "AbortError" ? "no answer within 15 s" : "server unreachable";
      this.setReachable(false, why);
      throw new RpcError(`The server cannot be reached (${why})`, "offline", body.method || "batch");
    } finally {
      clearTimeout(timer);
    }
    this.setReachable(true);
    const text = await response.text();
    let parsed;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      throw new RpcError(`HTTP ${response.status}: ${text.slice(0, 200)}`, response.status, body.method || "batch");
    }
    if (!response.ok && !parsed) throw new RpcError(`HTTP ${response.status}`, response.status, body.method || "batch");
    return parsed;
  }

  // One call; resolves with the result or rejects with RpcError (the kernel's message).
  async call(method, ...params) {
    const answer = await this.post({ jsonrpc: "2.0", method, params, id: this.nextId++ });
    if (!answer || typeof answer !== "object") throw new RpcError("Empty answer", "empty", method);
    if (answer.error) throw new RpcError(answer.error.message || JSON.stringify(answer.error), answer.error.code, method);
    return answer.result;
  }

  // Several calls in one JSON-RPC batch: [[method, ...params], ...] -> [{result}|{error}, ...] in
  // the same order. Failed calls do not fail the batch; offline does.
  async batch(calls) {
    if (!calls.length) return [];
    const first = this.nextId;
    const body = calls.map(([method, ...params], i) => ({ jsonrpc: "2.0", method, params, id: first + i }));
    this.nextId += calls.length;
    const answer = await this.post(body);
    const out = new Array(calls.length);
    if (!Array.isArray(answer)) {
      const msg = answer && answer.error ? answer.error.message : "batch answer is not a list";
      return out.fill({ error: new RpcError(msg, answer && answer.error ? answer.error.code : "batch", "batch") });
    }
    for (const a of answer) {
      const i = a.id - first;
      if (i < 0 || i >= calls.length) continue;
      out[i] = a.error ? { error: new RpcError(a.error.message, a.error.code, calls[i][0]) } : { result: a.result };
    }
    for (let i = 0; i < out.length; i++) if (!out[i]) out[i] = { error: new RpcError("no answer", "missing", calls[i][0]) };
    return out;
  }

  // batch() for calls that must all succeed: the results, or the first error thrown.
  async all(calls) {
    const answers = await this.batch(calls);
    return answers.map((a) => {
      if (a.error) throw a.error;
      return a.result;
    });
  }
}
