// Keeps the kernel's log lines (KL_* messages from the stream) and the instances' debug output
// (KL_DEBUG, what SendDebug writes) for the log panel and the instance pages.

import { Msg } from "./symcon.js";

const KEEP = 1000;

// The parts of a KL_* frame. The stream (docs/api.md) sends log lines with
// Data = [message, sender name] and SendDebug output (KL_DEBUG) with Data = [message, data, format].
export function logParts(m) {
  const d = m.data;
  const text = (x) => (x === undefined || x === null ? "" : typeof x === "string" ? x : JSON.stringify(x));
  if (Array.isArray(d)) return { text: text(d[0]), second: text(d[1]), third: d[2] };
  if (d && typeof d === "object") return { text: text(d.Message ?? d.message), second: text(d.Sender ?? d.Data ?? ""), third: d.Format };
  return { text: text(d), second: "", third: undefined };
}

export class LogBook extends EventTarget {
  constructor() {
    super();
    this.entries = [];  // {time, type, senderId, sender, text}
    this.debug = [];    // {time, senderId, message, data}
  }

  isLog(code) {
    return code >= 10201 && code <= 10207 && code !== Msg.KL_DEBUG;
  }

  onMessage(m) {
    if (m.message === Msg.KL_DEBUG) {
      const p = logParts(m);
      const entry = { time: m.time, senderId: m.sender, message: p.text, data: p.second, format: p.third };
      this.debug.push(entry);
      if (this.debug.length > KEEP) this.debug.splice(0, this.debug.length - KEEP);
      this.dispatchEvent(new CustomEvent("debug", { detail: entry }));
    } else if (this.isLog(m.message)) {
      const p = logParts(m);
      const entry = { time: m.time, type: m.message, senderId: m.sender, sender: p.second, text: p.text };
      this.entries.push(entry);
      if (this.entries.length > KEEP) this.entries.splice(0, this.entries.length - KEEP);
      this.dispatchEvent(new CustomEvent("entry", { detail: entry }));
    }
  }

  forSender(id) {
    return this.entries.filter((e) => e.senderId === id);
  }

  debugFor(id) {
    return this.debug.filter((e) => e.senderId === id);
  }
}
