// Children in the live meeting (#18): each child's CSC decision, impact and voice, saved as
// they change (child:set, with the version each was based on: a stale write is refused and
// the page says who changed it), and the Family Group Conference pathway (fgc:step). Every
// change is pushed to the meeting (child:changed, fgc:changed).

const SAVE_AFTER_TYPING_MS = 800;
const ACK_TIMEOUT_MS = 8000;
const STATE_WORDS = { saved: "Saved", saving: "Saving…", unsaved: "Not saved yet", failed: "Not saved: no connection. Kept here and saved when it returns" };
const LABELS = { decision: "Children's social care decision", impact: "Impact on the child", voice: "The child's voice" };
const PROMPTS = "What did the child say about home and about the incident? How does the child seem at school or nursery? Who does the child feel safe with?";
const STATUS = {
  proposed: "proposed: the meeting has to agree to offer it",
  agreed: "agreed by the meeting: ask the victim",
  accepted: "accepted by the victim",
  declined: "declined by the victim",
  held: "held",
};

function el(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, value);
  element.append(...children);
  return element;
}

function option(value, text) {
  const element = el("option", {}, text);
  element.value = value;
  return element;
}

function button(text, onClick) {
  const element = el("button", { type: "button", class: "govuk-button govuk-button--secondary govuk-!-margin-bottom-2" }, text);
  element.addEventListener("click", onClick);
  return element;
}

function check(id, type, name, label, checked = false) {
  const input = el("input", { class: `govuk-${type === "radio" ? "radios" : "checkboxes"}__input`, id, name, type });
  input.checked = checked;
  const kind = type === "radio" ? "radios" : "checkboxes";
  return el("div", { class: `govuk-${kind}__item` }, input, el("label", { class: `govuk-label govuk-${kind}__label`, for: id }, label));
}

export class ChildrenPanel {
  constructor(socket, status, isChair) {
    this.socket = socket;
    this.status = status;
    this.isChair = isChair;
    this.itemId = null;
    this.loaded = false;
    this.fgc = null;
    this.timers = new Map();
    this.saving = new Map();
    this.panel = document.getElementById("children-panel");
    this.list = document.getElementById("children-list");
    this.fgcPanel = document.getElementById("fgc-panel");
    this.error = document.getElementById("children-error");
    socket.on("child:changed", (change) => this.childChanged(change));
    socket.on("fgc:changed", (change) => {
      if (change.item_id !== this.itemId) return;
      this.renderFgc(change.fgc, true);
      this.status.announce(`${change.by} updated the Family Group Conference`);
    });
  }

  controls() {
    return [...this.list.querySelectorAll("[data-field]")];
  }

  show(itemId, state) {
    this.itemId = itemId;
    this.loaded = false;
    this.error.hidden = true;
    if (!state) {
      this.panel.hidden = true;
      return;
    }
    this.decisions = state.decisions;
    this.needs = state.needs;
    const children = state.children.map((child) => this.renderChild(child));
    this.list.replaceChildren(...(children.length ? children : [el("p", { class: "govuk-body-s" }, "No children are recorded in this family.")]));
    this.renderFgc(state.fgc, false);
    this.panel.hidden = false;
    this.loaded = true;
  }

  renderChild(child) {
    const section = el("div", { class: "fd-live__child", "data-child": String(child.person_id) });
    const born = child.date_of_birth_text ? `, born ${child.date_of_birth_text}` : "";
    section.append(el("h4", { class: "govuk-heading-s govuk-!-margin-bottom-1" }, `${child.name}${born}`));
    section.append(el("p", { class: "govuk-body-s", "data-testid": "child-decided" }));
    for (const name of Object.keys(LABELS)) section.append(this.fieldGroup(child, name));
    this.setDecided(section, child);
    return section;
  }

  fieldGroup(child, name) {
    const id = `child-${child.person_id}-${name}`;
    const label = el("label", { class: "govuk-label govuk-label--s", for: id }, LABELS[name], el("span", { class: "govuk-visually-hidden" }, ` for ${child.name}`));
    const control = name === "decision" ? el("select", { class: "govuk-select", id }) : el("textarea", { class: "govuk-textarea", id, rows: "2" });
    if (name === "decision") control.append(option("", "Not decided"), ...this.decisions.map((d) => option(d.value, d.text)));
    control.dataset.person = String(child.person_id);
    control.dataset.field = name;
    control.stateLabel = el("span", { class: "fd-save-state govuk-body-s", "data-testid": `save-${id}` });
    const group = el("div", { class: "govuk-form-group" }, label);
    if (name === "voice") {
      group.append(el("div", { class: "govuk-hint", id: `${id}-hint` }, PROMPTS));
      control.setAttribute("aria-describedby", `${id}-hint`);
    }
    group.append(control, control.stateLabel);
    this.setControl(control, child.fields[name]);
    this.autosave(control);
    return group;
  }

  autosave(control) {
    if (control.tagName === "SELECT") {
      control.addEventListener("change", () => this.save(control));
      return;
    }
    control.addEventListener("input", () => {
      this.showState(control, "unsaved");
      clearTimeout(this.timers.get(control.id));
      this.timers.set(control.id, setTimeout(() => this.save(control), SAVE_AFTER_TYPING_MS));
    });
    control.addEventListener("blur", () => this.save(control));
  }

  showState(control, state) {
    control.stateLabel.dataset.state = state;
    control.stateLabel.textContent = STATE_WORDS[state] || "";
  }

  setControl(control, field) {
    control.value = field.value;
    control.dataset.version = String(field.version);
    control.dataset.saved = field.value;
    this.showState(control, field.version ? "saved" : "");
  }

  setDecided(section, child) {
    const line = section.querySelector('[data-testid="child-decided"]');
    const field = child.fields.decision;
    if (!child.decided_at || !field.value) {
      line.textContent = "";
      return;
    }
    const timely = { true: " — within one working day of the referral", false: " — later than one working day after the referral" }[String(child.within_one_working_day)] || "";
    line.textContent = `Decided by ${field.by || "someone"}, ${child.decided_at_text}${timely}.`;
  }

  /** Save every changed field of the children on screen; true when nothing is left unsaved. */
  async flush() {
    await Promise.all(this.controls().map((control) => this.save(control)));
    return this.controls().every((control) => control.value === control.dataset.saved);
  }

  save(control) {
    clearTimeout(this.timers.get(control.id));
    const next = (this.saving.get(control.id) || Promise.resolve()).then(() => this.send(control));
    this.saving.set(control.id, next);
    return next;
  }

  async send(control) {
    const itemId = this.itemId;
    const value = control.value;
    if (itemId === null || !this.loaded || !control.isConnected) return;
    if (value === control.dataset.saved) return;
    if (!this.socket.connected) {
      this.showState(control, "failed");
      return;
    }
    this.showState(control, "saving");
    const name = control.dataset.field;
    let reply;
    try {
      reply = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck("child:set", {
        item_id: itemId, person_id: Number(control.dataset.person), name, value, version: Number(control.dataset.version),
      });
    } catch {
      this.showState(control, "failed");
      return;
    }
    if (this.itemId !== itemId) return;
    if (reply.ok) {
      const field = reply.child.fields[name];
      control.dataset.version = String(field.version);
      control.dataset.saved = field.value;
      if (control.value === value && field.value !== value) control.value = field.value; // scrubbed
      this.showState(control, control.value === control.dataset.saved ? "saved" : "unsaved");
      this.setDecided(control.closest("[data-child]"), reply.child);
      this.error.hidden = true;
    } else if (reply.error === "stale" && reply.current) {
      const current = reply.current.fields[name];
      this.setControl(control, current);
      this.showError(`${LABELS[name]} for ${reply.current.name} was changed by ${current.by || "someone"} before your change was saved. Your "${value}" was not saved: check and enter it again.`);
    } else {
      this.showState(control, "failed");
      this.showError(`${LABELS[name]}: ${reply.message || reply.error}`);
    }
  }

  showError(message) {
    this.error.textContent = message;
    this.error.hidden = false;
  }

  childChanged(change) {
    if (change.item_id !== this.itemId) return;
    const section = this.list.querySelector(`[data-child="${change.child.person_id}"]`);
    if (!section) return;
    const control = section.querySelector(`[data-field="${change.name}"]`);
    // A field someone is typing in keeps what they typed; its save then reports the conflict.
    if (document.activeElement !== control || control.value === control.dataset.saved) this.setControl(control, change.child.fields[change.name]);
    this.setDecided(section, change.child);
    this.status.announce(`${change.by} saved ${LABELS[change.name].toLowerCase()} for ${change.child.name}`);
  }

  renderFgc(fgc, remote) {
    this.fgc = fgc;
    if (remote && this.fgcPanel.contains(document.activeElement)) {
      this.fgcPanel.querySelector('[data-testid="fgc-status"]')?.replaceWith(this.fgcStatus(fgc));
      return; // never take away the control someone is using
    }
    this.fgcPanel.replaceChildren(this.fgcStatus(fgc), ...this.fgcControls(fgc));
  }

  fgcStatus(fgc) {
    if (!fgc) return el("p", { class: "govuk-body-s", "data-testid": "fgc-status" }, "No Family Group Conference proposed. Any partner can propose one.");
    const parts = [`Status: ${STATUS[fgc.status]} (proposed by ${fgc.proposed_by})`];
    if (fgc.invitees) parts.push(`invited (her choice): ${fgc.invitees}`);
    if (fgc.perpetrator_attends) parts.push("the perpetrator attends at her request and acknowledges the abuse");
    if (fgc.referral_action_id) parts.push("referred to the FGC service");
    if (fgc.held_on) parts.push(`held ${fgc.held_on_text}`);
    return el("p", { class: "govuk-body-s", "data-testid": "fgc-status", "data-status": fgc.status }, parts.join("; "));
  }

  fgcControls(fgc) {
    if (!fgc) return [button("Propose an FGC", () => this.step("propose"))];
    if (!this.isChair) return [el("p", { class: "govuk-body-s" }, "The chair records the meeting's agreement and the victim's answer.")];
    if (fgc.status === "proposed") return [button("Agree to offer the FGC", () => this.step("agree"))];
    const shown = [this.consentForm(fgc)];
    if (fgc.status === "accepted") {
      shown.push(this.perpetratorForm(fgc));
      if (!fgc.referral_action_id) shown.push(button("Refer to the FGC service (an action, 6–8 weeks set-up)", () => this.step("refer")));
    }
    if (fgc.status === "accepted" || fgc.status === "held") shown.push(this.outcomeForm(fgc));
    return shown;
  }

  consentForm(fgc) {
    const radios = el("div", { class: "govuk-radios govuk-radios--small" },
      check("fgc-consent-yes", "radio", "fgc-consent", "She consents", fgc.status === "accepted"),
      check("fgc-consent-no", "radio", "fgc-consent", "She declines", fgc.status === "declined"));
    const invitees = el("textarea", { class: "govuk-textarea", id: "fgc-invitees", rows: "2" });
    invitees.value = fgc.invitees;
    const record = button("Record her answer", () => this.step("consent", {
      consent: document.getElementById("fgc-consent-yes").checked, invitees: invitees.value,
    }));
    const legend = el("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" }, "The victim's consent");
    return el("div", { class: "govuk-form-group" }, el("fieldset", { class: "govuk-fieldset" }, legend, radios),
      el("label", { class: "govuk-label", for: "fgc-invitees" }, "Who she wants invited"), invitees, record);
  }

  perpetratorForm(fgc) {
    const boxes = el("div", { class: "govuk-checkboxes govuk-checkboxes--small" },
      check("fgc-requested", "checkbox", "requested", "Requested by the victim", fgc.perpetrator_requested),
      check("fgc-acknowledges", "checkbox", "acknowledges", "Acknowledges the abuse", fgc.perpetrator_acknowledges),
      check("fgc-attends", "checkbox", "attends", "Attends the conference", fgc.perpetrator_attends));
    const record = button("Record the perpetrator's participation", () => this.step("perpetrator", {
      requested: document.getElementById("fgc-requested").checked,
      acknowledges: document.getElementById("fgc-acknowledges").checked,
      attends: document.getElementById("fgc-attends").checked,
    }));
    const legend = el("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" }, "The perpetrator");
    return el("div", { class: "govuk-form-group" }, el("fieldset", { class: "govuk-fieldset" }, legend, boxes), record);
  }

  outcomeForm(fgc) {
    const held = el("input", { class: "govuk-input govuk-input--width-10", id: "fgc-held-on", type: "date" });
    held.value = fgc.held_on || "";
    const needs = el("div", { class: "govuk-checkboxes govuk-checkboxes--small" },
      ...this.needs.map((n) => check(`fgc-need-${n.value}`, "checkbox", "need", n.text, fgc.unmet_needs.includes(n.value))));
    const record = button("Record the outcome", () => this.step("outcome", {
      held_on: held.value || null,
      needs: this.needs.filter((n) => document.getElementById(`fgc-need-${n.value}`).checked).map((n) => n.value),
    }));
    const legend = el("legend", { class: "govuk-fieldset__legend govuk-fieldset__legend--s" }, "What the family says it needs");
    return el("div", { class: "govuk-form-group" }, el("label", { class: "govuk-label", for: "fgc-held-on" }, "Held on"), held,
      el("fieldset", { class: "govuk-fieldset" }, legend, needs), record);
  }

  async step(step, extra = {}) {
    const itemId = this.itemId;
    const reply = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck("fgc:step", {
      item_id: itemId, step, version: this.fgc ? this.fgc.version : 0, ...extra,
    }).catch(() => ({ ok: false, error: "no connection: try again" }));
    if (this.itemId !== itemId) return;
    if (reply.ok) {
      this.error.hidden = true;
      this.renderFgc(reply.fgc, false);
      this.status.now("Family Group Conference updated");
    } else if (reply.error === "stale") {
      this.renderFgc(reply.current, false);
      this.showError("Someone changed the Family Group Conference since you saw it: check and record again.");
    } else {
      this.showError(`Family Group Conference: ${reply.message || reply.error}`);
    }
  }
}
