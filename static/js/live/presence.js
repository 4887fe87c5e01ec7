// Who is here, and which item and field each person is looking at or editing.
// Presence is never stored: each page announces itself and re-announces when someone joins.

const HEARTBEAT_MS = 30000;
const FORGET_AFTER_MS = 75000;

export class Presence {
  constructor(socket, list, { labelFor }) {
    this.socket = socket;
    this.list = list;
    this.labelFor = labelFor;
    this.people = new Map();
    this.mine = { viewing: null, editing: null };
    socket.on("presence", (entry) => this.seen(entry));
    socket.on("presence:gone", ({ sid }) => this.gone(sid));
    socket.on("presence:hello", () => this.announce());
    socket.on("connect", () => this.announce());
    setInterval(() => {
      this.announce();
      this.prune();
    }, HEARTBEAT_MS);
  }

  update(change) {
    Object.assign(this.mine, change);
    this.announce();
  }

  announce() {
    if (this.socket.connected) this.socket.emit("presence:update", this.mine);
  }

  seen(entry) {
    this.people.set(entry.sid, { ...entry, at: Date.now() });
    this.render();
  }

  gone(sid) {
    this.people.delete(sid);
    this.render();
  }

  prune() {
    const cutoff = Date.now() - FORGET_AFTER_MS;
    for (const [sid, entry] of this.people) if (entry.at < cutoff) this.people.delete(sid);
    this.render();
  }

  render() {
    const byUser = new Map();
    for (const entry of this.people.values()) {
      const current = byUser.get(entry.user_id);
      if (!current || entry.editing) byUser.set(entry.user_id, entry);
    }
    const rows = [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name));
    this.list.replaceChildren(
      ...rows.map((entry) => {
        const li = document.createElement("li");
        li.dataset.userId = entry.user_id;
        const where = entry.editing
          ? `editing ${entry.editing.startsWith("known:") ? "what we know" : entry.editing.replace("_", " ")} on ${this.labelFor(entry.viewing)}`
          : entry.viewing ? `viewing ${this.labelFor(entry.viewing)}` : "joined";
        li.textContent = `${entry.name} (${entry.agency})${entry.chair ? ", chair" : ""}: ${where}`;
        return li;
      }),
    );
  }
}
