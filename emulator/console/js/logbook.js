// Keeps the kernel's log lines (KL_* messages from the stream) and the instances' debug output
// (KL_DEBUG, what SendDebug writes) for the log panel and the instance pages.

import { Msg } from "./symcon.js";

const KEEP = 1000;

// The text of a KL_* message. The stream carries it in Data; both ["text"] and
// [sender name, text] / {Message, Data} shapes are read.
export function logParts(m) {
  const d = m.data;
  if (typeof d === "string") return { sender: "", text: d, data: "" };
  if (Array.isArray(d)) {
    const strings = d.map((x) => (typeof x === "string" ? x : JSON.stringify(x)));
    if (strings.length >= 2) return { sender: strings[0], text: strings[1], data: strings.slice(2).join(" ") };
    return { sender: "", text: strings[0] || "", data: "" };
  }
  if (d && typeof d === "object") {
    return { sender: d.Sender ?? d.sender ?? "", text: d.Message ?? d.message ?? d.Text ?? "", data: d.Data ?? d.data ?? "" };
  }
  return { sender: "", text: String(d ?? ""), data: "" };
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
      const entry = { time: m.time, senderId: m.sender, message: p.sender ? p.sender : p.text, data: p.sender ? p.text + (p.data ? " " + p.data : "") : p.data };
      this.debug.push(entry);
      if (this.debug.length > KEEP) this.debug.splice(0, this.debug.length - KEEP);
      this.dispatchEvent(new CustomEvent("debug", { detail: entry }));
    } else if (this.isLog(m.message)) {
      const p = logParts(m);
      const entry = { time: m.time, type: m.message, senderId: m.sender, sender: p.sender, text: p.text };
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
