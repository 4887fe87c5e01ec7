// Consent to share (#20): the item's status and who recorded it; where it is N or U, the
// meeting records why it shares without consent and whether, by whom and how safely the
// victim will be told (consent:record) before the family can be finished.

const WORDS = { Y: "Consent given", N: "Consent refused", U: "Consent not known" };

export class ConsentPanel {
  constructor(socket, status) {
    this.socket = socket;
    this.status = status;
    this.itemId = null;
    this.panel = document.getElementById("consent-panel");
    this.form = document.getElementById("consent-form");
    this.error = document.getElementById("consent-error");
    if (!this.panel) return;
    this.form.addEventListener("submit", (event) => this.record(event));
    socket.on("consent:changed", (consent) => {
      if (consent.item_id === this.itemId) {
        this.show(this.itemId, consent);
        this.status.announce("The decision to share without consent was recorded");
      }
    });
  }

  show(itemId, consent) {
    this.itemId = itemId;
    if (!this.panel || !consent) return;
    this.panel.hidden = false;
    this.panel.dataset.consent = consent.status;
    this.panel.dataset.noReferral = consent.no_referral ? "true" : "false";
    document.getElementById("consent-status").textContent = consent.no_referral
      ? "No referral: consent was not asked."
      : `${WORDS[consent.status]} (recorded by ${consent.recorded_by}).`;
    const decision = document.getElementById("consent-decision");
    const d = consent.decision;
    decision.textContent = d
      ? `Shared without consent because: ${d.grounds.join("; ")}. ${d.justification} Victim told: ${d.victim_told === "yes" ? `yes, by ${d.told_by}: ${d.how_safely}` : `no: ${d.how_safely}`}`
      : consent.needs_decision ? "Record why the meeting shares without consent before finishing this family." : "";
    this.form.hidden = consent.status === "Y";
  }

  async record(event) {
    event.preventDefault();
    const data = new FormData(this.form);
    const reply = await this.socket.emitWithAck("consent:record", {
      item_id: this.itemId,
      grounds: data.getAll("grounds"),
      justification: data.get("justification"),
      victim_told: data.get("victim_told"),
      told_by: data.get("told_by"),
      how_safely: data.get("how_safely"),
    });
    this.error.hidden = reply.ok;
    if (!reply.ok) this.error.textContent = reply.message || reply.error;
    else {
      this.show(this.itemId, reply.consent);
      this.form.reset();
    }
  }
}

// An action for another agency is a proposal until that agency (or the chair for it) accepts.
export function acceptance(socket, action) {
  const part = document.createElement("p");
  part.className = "govuk-body-s";
  part.dataset.testid = "action-acceptance";
  if (action.acceptance !== "proposed") {
    part.textContent = action.accepted_by_chair ? `Agreed for ${action.lead_agency} (recorded by the chair, ${action.accepted_by}).` : action.accepted_by ? `Accepted by ${action.accepted_by}.` : "Accepted.";
    return part;
  }
  part.textContent = `Proposed to ${action.lead_agency}: not yet accepted. `;
  const button = document.createElement("button");
  button.className = "govuk-button govuk-button--secondary govuk-!-margin-bottom-0";
  button.textContent = "Accept";
  button.setAttribute("aria-label", `Accept the action: ${action.description}`);
  button.addEventListener("click", async () => {
    const reply = await socket.emitWithAck("action:accept", { action_id: action.id });
    if (!reply.ok) part.append(` ${reply.message || reply.error}`);
  });
  part.append(button);
  return part;
}
