// The current family's summary panel: HTML from the family page's own partial, sent over
// /items under the family page's access rules; asked again when a referral joins the family.

export class SummaryPanel {
  constructor(socket, panel, status) {
    this.socket = socket;
    this.panel = panel;
    this.status = status;
    this.itemId = null;
    socket.on("item:summary_changed", ({ item_ids: ids }) => {
      if (ids.includes(this.itemId)) {
        this.load(this.itemId);
        this.status.announce("New information arrived for this family: the summary is updated");
      }
    });
  }

  // The panel of the item being opened: its content comes with the item's details
  // (`item:details`), so opening a family is one request and one audit event.
  show(itemId) {
    this.itemId = itemId;
    this.panel.setAttribute("aria-busy", "true");
  }

  // Asked again only when the family changed (`item:summary_changed`).
  async load(itemId) {
    const reply = await this.socket.emitWithAck("item:summary", { item_id: itemId });
    this.render(itemId, reply);
  }

  render(itemId, reply) {
    if (this.itemId !== itemId || !reply) return;
    this.panel.setAttribute("aria-busy", "false");
    if (reply.ok) {
      // Server-rendered by Jinja (escaped), the same partial as the family page.
      this.panel.innerHTML = reply.html;
    } else {
      const message = document.createElement("p");
      message.className = "govuk-body";
      message.textContent =
        reply.error === "no_access"
          ? "You cannot see this family's details: your agency has no relationship with it."
          : "This family's details could not be loaded.";
      this.panel.replaceChildren(message);
    }
  }
}
