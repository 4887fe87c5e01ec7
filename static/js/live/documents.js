// The collaborative texts of the meeting, kept in sync with the server over the /docs namespace.
//
// Durability: every local Yjs update is held (in memory only, never in browser storage) until
// the server acknowledges that it has stored it. On every (re)connection each open text is
// re-synchronised from its state vector and the held updates are sent again, merged into one.

import * as Y from "yjs";

export const TEXT_KEY = "text";

// Yjs bytes travel as base64 text, not Socket.IO binary attachments (see docs/realtime.md).
export function toBase64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
const ACK_TIMEOUT_MS = 8000;
// How long an update may wait inside Yjs for one it depends on before the text is synced again.
export const STUCK_RESYNC_MS = 1000;

/** Does the document hold an update (or a deletion) it could not apply yet? */
export function waiting(doc) {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

export class DocumentStore {
  constructor(socket, { onRemoteChange, onPendingChange, onRefused }) {
    this.socket = socket;
    this.docs = new Map();
    this.held = [];
    this.paused = false;
    this.sequence = 0;
    this.onRemoteChange = onRemoteChange;
    this.onPendingChange = onPendingChange;
    this.onRefused = onRefused;
    socket.on("connect", () => this.resyncAll());
    socket.on("doc:update", (message) => this.receive(message));
  }

  key(itemId, field) {
    return `${itemId}|${field}`;
  }

  open(itemId, field) {
    const key = this.key(itemId, field);
    let entry = this.docs.get(key);
    if (!entry) {
      const doc = new Y.Doc();
      const text = doc.getText(TEXT_KEY);
      entry = { itemId, field, doc, text, pending: new Map(), ready: null, stuckTimer: null };
      doc.on("update", (update, origin) => {
        if (origin !== "remote") this.holdAndSend(entry, update);
      });
      this.docs.set(key, entry);
      entry.ready = this.sync(entry);
    }
    return entry;
  }

  pendingCount() {
    let count = 0;
    for (const entry of this.docs.values()) count += entry.pending.size;
    return count;
  }

  holdAndSend(entry, update) {
    this.sequence += 1;
    const op = `${entry.doc.clientID}-${this.sequence}`;
    entry.pending.set(op, update);
    this.onPendingChange(this.pendingCount());
    this.send(entry, op, update, [op]);
  }

  send(entry, op, update, covers) {
    if (!this.socket.connected) return;
    const message = { item_id: entry.itemId, field: entry.field, update: toBase64(update), op };
    this.socket.timeout(ACK_TIMEOUT_MS).emit("doc:update", message, (error, reply) => {
      if (error) return; // not acknowledged: still held, sent again on reconnection
      if (reply && reply.ok) {
        for (const acked of covers) entry.pending.delete(acked);
        this.onPendingChange(this.pendingCount());
      } else if (reply) {
        this.onRefused(entry, reply.error);
      }
    });
  }

  async sync(entry) {
    if (!this.socket.connected) {
      if (entry.synced) return; // the next "connect" re-synchronises it
      await new Promise((resolve) => this.socket.once("connect", resolve));
    }
    const stateVector = Y.encodeStateVector(entry.doc);
    const message = { item_id: entry.itemId, field: entry.field, state_vector: toBase64(stateVector) };
    let reply;
    try {
      reply = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck("doc:sync", message);
    } catch {
      return; // timed out: the next connection tries again
    }
    if (!reply || !reply.ok) {
      this.onRefused(entry, reply ? reply.error : "no_reply");
      return;
    }
    Y.applyUpdate(entry.doc, fromBase64(reply.update), "remote");
    entry.synced = true;
    this.resendHeld(entry);
  }

  resendHeld(entry) {
    if (entry.pending.size === 0) return;
    const covers = [...entry.pending.keys()];
    const merged = Y.mergeUpdates([...entry.pending.values()]);
    this.send(entry, `${entry.doc.clientID}-resend-${covers[covers.length - 1]}`, merged, covers);
  }

  resyncAll() {
    for (const entry of this.docs.values()) entry.ready = this.sync(entry);
  }

  receive(message) {
    const entry = this.docs.get(this.key(message.item_id, message.field));
    if (!entry) return; // a text this page has not opened: it syncs when opened
    if (this.paused) {
      this.held.push([entry, message]);
      return;
    }
    this.applyRemote(entry, message);
  }

  applyRemote(entry, message) {
    Y.applyUpdate(entry.doc, fromBase64(message.update), "remote");
    this.onRemoteChange(entry, message.by);
    this.resyncIfStuck(entry);
  }

  // Relays can arrive out of order (the server handles events on several threads), so an
  // update can come before one it depends on and wait inside Yjs. Yjs 13.6 sometimes leaves it
  // waiting after the dependency has come (tests/js/live.test.mjs has such orders): the text
  // would lack words everyone else sees. Still waiting a moment later, the text is synced again;
  // the server's answer carries what is missing, and applying it lets Yjs integrate the rest.
  resyncIfStuck(entry) {
    if (entry.stuckTimer || !waiting(entry.doc)) return;
    entry.stuckTimer = setTimeout(() => {
      entry.stuckTimer = null;
      if (this.docs.get(this.key(entry.itemId, entry.field)) !== entry) return; // forgotten
      if (waiting(entry.doc) && this.socket.connected) entry.ready = this.sync(entry);
    }, STUCK_RESYNC_MS);
  }

  setPaused(paused) {
    this.paused = paused;
    if (paused) return 0;
    const waiting = this.held.splice(0);
    for (const [entry, message] of waiting) this.applyRemote(entry, message);
    return waiting.length;
  }

  heldCount() {
    return this.held.length;
  }

  forgetAll() {
    for (const entry of this.docs.values()) {
      clearTimeout(entry.stuckTimer);
      entry.doc.destroy();
    }
    this.docs.clear();
    this.held = [];
  }
}
