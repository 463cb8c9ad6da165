// The kernel's message stream (GET /api/ with a WebSocket upgrade, docs/api.md): one JSON object
// per frame with the message code, sender, data and time. Reconnects by itself with a growing
// pause; listeners learn the state ("connecting", "live", "reconnecting") and, after every
// (re)connect, get an "open" event so they can reread what they may have missed.

const PAUSES_MS = [500, 1000, 2000, 4000, 5000];

// Frames are read leniently: Symcon's field names (Message, SenderID, Data, TimeStamp) or
// lower-case ones.
export function normalizeMessage(frame) {
  const pick = (...names) => {
    for (const n of names) if (frame[n] !== undefined) return frame[n];
    return undefined;
  };
  let data = pick("Data", "data");
  if (data === undefined) data = [];
  return {
    message: Number(pick("Message", "message", "MessageID", "code", "Code")),
    sender: Number(pick("SenderID", "senderID", "sender", "Sender") ?? 0),
    data,
    time: pick("TimeStamp", "Timestamp", "timestamp", "time", "Time"),
    raw: frame,
  };
}

export class MessageStream extends EventTarget {
  constructor(url) {
    super();
    const u = new URL(url || "../api/", location.href);
    u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
    this.url = u.href;
    this.socket = null;
    this.attempt = 0;
    this.state = "connecting";
    this.closeReason = "";
    this.stopped = false;
  }

  setState(state, why = "") {
    this.state = state;
    this.closeReason = why;
    this.dispatchEvent(new CustomEvent("state", { detail: { state, why } }));
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.socket) this.socket.close();
  }

  // For tests and the "reconnect now" button: drop the connection as a network failure would.
  drop() {
    if (this.socket) this.socket.close(4000, "dropped by the console");
  }

  connect() {
    clearTimeout(this.timer);
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch (e) {
      this.scheduleReconnect(String(e));
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setState("live");
      this.dispatchEvent(new Event("open"));
    };
    socket.onmessage = (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;  // not ours to judge; the stream only sends JSON
      }
      for (const f of Array.isArray(frame) ? frame : [frame])
        if (f && typeof f === "object") this.dispatchEvent(new CustomEvent("message", { detail: normalizeMessage(f) }));
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return;
      const why = event.reason || (event.code === 1006 ? "connection lost" : `closed (${event.code})`);
      this.scheduleReconnect(why);
    };
    socket.onerror = () => {};  // onclose follows and carries the state change
  }

  scheduleReconnect(why) {
    const pause = PAUSES_MS[Math.min(this.attempt, PAUSES_MS.length - 1)];
    this.attempt++;
    this.setState("reconnecting", why);
    this.timer = setTimeout(() => this.connect(), pause);
  }
}
