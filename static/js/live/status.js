// The connection indicator and the polite aria-live status line.
// Announcements are batched so a screen reader hears a summary, not every keystroke of others.

const ANNOUNCE_EVERY_MS = 1500;

export class StatusLine {
  constructor(element) {
    this.element = element;
    this.queue = [];
    this.timer = null;
  }

  announce(message) {
    if (!this.queue.includes(message)) this.queue.push(message);
    if (!this.timer) this.timer = setTimeout(() => this.flush(), ANNOUNCE_EVERY_MS);
  }

  now(message) {
    this.queue = [message];
    this.flush();
  }

  flush() {
    this.timer = null;
    if (this.queue.length === 0) return;
    this.element.textContent = this.queue.join(". ");
    this.queue = [];
  }
}

const STATES = {
  connecting: ["Connecting", "govuk-tag--grey"],
  live: ["Live", "govuk-tag--green"],
  offline: ["Offline: your edits are kept on this page and sent when the connection returns", "govuk-tag--red"],
  paused: ["Live updates paused: your edits are saved; others' changes appear when the link is back", "govuk-tag--yellow"],
  revoked: ["Access ended", "govuk-tag--red"],
  closed: ["Meeting closed", "govuk-tag--grey"],
};

export class ConnectionIndicator {
  constructor(container, tag, unsaved) {
    this.container = container;
    this.tag = tag;
    this.unsaved = unsaved;
  }

  show(state) {
    const [text, colour] = STATES[state];
    this.container.dataset.state = state;
    this.tag.textContent = text;
    this.tag.className = `govuk-tag ${colour}`;
  }

  pending(count) {
    this.unsaved.textContent = count ? `${count} edit${count === 1 ? "" : "s"} not yet saved` : "";
    this.container.dataset.pending = String(count);
  }
}
