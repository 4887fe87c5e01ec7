// An item's versioned fields (agreed risk, decision, MARAC referral) and its actions.

import { acceptance } from "./consent.js";

function option(value, text) {
  const element = document.createElement("option");
  element.value = value;
  element.textContent = text;
  return element;
}

const SAVE_AFTER_TYPING_MS = 800;
const ACK_TIMEOUT_MS = 8000;
const STATE_WORDS = { saved: "Saved", saving: "Saving…", unsaved: "Not saved yet", failed: "Not saved: no connection. Kept here and saved when it returns" };

export class ItemPanel {
  constructor(socket, status, incomplete = null) {
    this.socket = socket;
    this.status = status;
    this.incomplete = incomplete;
    this.itemId = null;
    this.leads = [];
    this.timers = new Map();
    this.loaded = false;
    this.saving = new Map(); // name -> promise of the save in flight
    this.form = document.getElementById("fields-form");
    this.fieldsError = document.getElementById("fields-error");
    this.actionForm = document.getElementById("action-form");
    this.actionError = document.getElementById("action-error");
    this.actions = document.getElementById("actions");
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.flush();
    });
    for (const control of this.controls()) this.autosave(control);
    this.actionForm.addEventListener("submit", (event) => this.createAction(event));
    document.getElementById("action-agency").addEventListener("change", () => this.fillPeople());
    socket.on("field:changed", (change) => this.fieldChanged(change));
    socket.on("action:changed", (action) => this.actionChanged(action));
    socket.on("connect", () => this.flush());
    window.addEventListener("beforeunload", (event) => {
      if (this.unsavedNames().length) event.preventDefault();
    });
  }

  controls() {
    return [...this.form.querySelectorAll("select, textarea")];
  }

  // Agreed fields save themselves: a choice at once, typing after a pause and on leaving.
  autosave(control) {
    if (control.tagName === "SELECT") {
      control.addEventListener("change", () => this.save(control));
      return;
    }
    control.addEventListener("input", () => {
      this.showState(control.name, "unsaved");
      clearTimeout(this.timers.get(control.name));
      this.timers.set(control.name, setTimeout(() => this.save(control), SAVE_AFTER_TYPING_MS));
    });
    control.addEventListener("blur", () => this.save(control));
  }

  unsavedNames() {
    // Before a family's fields arrive nothing of it is on screen, so nothing of it is unsaved.
    if (!this.loaded) return [];
    return this.controls().filter((c) => c.value !== c.dataset.saved).map((c) => c.name);
  }

  showState(name, state) {
    const label = this.form.querySelector(`[data-save-state-for="${name}"]`);
    if (!label) return;
    label.dataset.state = state;
    label.textContent = STATE_WORDS[state] || "";
  }

  /** Save every changed field of the item on screen; true when nothing is left unsaved. */
  async flush() {
    const [, children] = await Promise.all([
      Promise.all(this.controls().map((control) => this.save(control))),
      this.children ? this.children.flush() : true,
    ]);
    return this.unsavedNames().length === 0 && children;
  }

  save(control) {
    clearTimeout(this.timers.get(control.name));
    const previous = this.saving.get(control.name) || Promise.resolve();
    const next = previous.then(() => this.send(control));
    this.saving.set(control.name, next);
    return next;
  }

  async send(control) {
    const { name } = control;
    const itemId = this.itemId;
    const value = control.value;
    if (itemId === null || !this.loaded) return; // nothing of this family's fields shown yet
    if (value === control.dataset.saved) {
      if (value === control.dataset.saved) this.showState(name, control.dataset.version === "0" && !value ? "" : "saved");
      return;
    }
    if (!this.socket.connected) {
      this.showState(name, "failed");
      return;
    }
    this.showState(name, "saving");
    let reply;
    try {
      reply = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck("field:set", {
        item_id: itemId, name, value, version: Number(control.dataset.version),
      });
    } catch {
      this.showState(name, "failed");
      return;
    }
    if (this.itemId !== itemId) return;
    const label = control.labels[0].textContent;
    if (reply.ok) {
      control.dataset.version = String(reply.version);
      control.dataset.saved = reply.value;
      if (control.value === value && reply.value !== value) control.value = reply.value; // scrubbed
      this.showState(name, control.value === control.dataset.saved ? "saved" : "unsaved");
      this.clearError(name);
    } else if (reply.error === "stale") {
      this.setControl(name, reply.current);
      this.showError(name, `${label} was changed to "${reply.current.value || "nothing"}" by ${reply.current.by || "someone"} before your change was saved. Your "${value}" was not saved: check and choose again.`);
    } else {
      this.showState(name, "failed");
      this.showError(name, `${label}: ${reply.message || reply.error}`);
    }
  }

  showError(name, message) {
    this.fieldsError.dataset.field = name;
    this.fieldsError.textContent = message;
    this.fieldsError.hidden = false;
  }

  clearError(name) {
    if (this.fieldsError.dataset.field === name) this.fieldsError.hidden = true;
  }

  setLeads(leads) {
    this.leads = leads;
    const agency = document.getElementById("action-agency");
    agency.replaceChildren(option("", "Choose the lead agency"), ...leads.map((a) => option(a.id, a.name)));
    this.fillPeople();
  }

  fillPeople(select = document.getElementById("action-person"), agencyId = document.getElementById("action-agency").value) {
    const agency = this.leads.find((a) => String(a.id) === String(agencyId));
    const people = agency ? agency.people : [];
    select.replaceChildren(option("", "No named person"), ...people.map((p) => option(p.id, p.name)));
  }

  async show(itemId) {
    if (this.itemId !== null && this.itemId !== itemId) await this.flush(); // nothing agreed is lost
    this.itemId = itemId;
    this.loaded = false;
    this.form.dataset.loaded = "false";
    this.actions.replaceChildren();
    this.fieldsError.hidden = true;
    this.actionError.hidden = true;
    const reply = await this.socket.emitWithAck("item:details", { item_id: itemId });
    if (!reply.ok) this.summary?.render(itemId, reply);
    if (!reply.ok || this.itemId !== itemId) return;
    for (const [name, field] of Object.entries(reply.fields)) this.setControl(name, field);
    this.loaded = true;
    this.form.dataset.loaded = "true"; // the family's agreed fields are on screen
    reply.actions.forEach((action) => this.renderAction(action));
    this.incomplete?.show(itemId, reply.incomplete_actions || []);
    this.consent?.show(itemId, reply.consent);
    this.children?.show(itemId, reply.children);
    this.summary?.render(itemId, reply.summary);
    this.fillChildren(reply.children ? reply.children.children : []);
  }

  // An action may name the child of the family it concerns.
  fillChildren(children) {
    const select = document.getElementById("action-child");
    select.replaceChildren(option("", "The whole family"), ...children.map((c) => option(c.person_id, c.name)));
    document.getElementById("action-child-group").hidden = children.length === 0;
  }

  setControl(name, field) {
    const control = this.form.elements[name];
    control.value = field.value;
    control.dataset.version = String(field.version);
    control.dataset.saved = field.value;
    this.showState(name, field.version ? "saved" : "");
  }

  fieldChanged(change) {
    if (change.item_id !== this.itemId) return;
    const control = this.form.elements[change.name];
    this.status.announce(`${change.by || "Someone"} saved ${control.labels[0].textContent.toLowerCase()}`);
    // A field someone is typing in keeps what they typed; its save then reports the conflict.
    if (document.activeElement !== control || control.value === control.dataset.saved) this.setControl(change.name, change);
  }

  // The GOV.UK inline error: the message above the answer to correct, which takes the focus.
  showFieldError(field, message) {
    for (const control of this.actionForm.querySelectorAll("input, select")) {
      const error = document.getElementById(`${control.id}-error`);
      const wrong = field !== null && field !== undefined && control.name === field;
      control.closest(".govuk-form-group").classList.toggle("govuk-form-group--error", wrong);
      control.classList.toggle(control.tagName === "SELECT" ? "govuk-select--error" : "govuk-input--error", wrong);
      if (!error) continue;
      error.hidden = !wrong;
      error.textContent = wrong ? message : "";
      if (wrong) {
        control.setAttribute("aria-describedby", error.id);
        control.focus();
      } else control.removeAttribute("aria-describedby");
    }
  }

  async createAction(event) {
    event.preventDefault();
    const data = new FormData(this.actionForm);
    const reply = await this.socket.emitWithAck("action:create", {
      item_id: this.itemId,
      description: data.get("description"),
      lead_agency_id: data.get("lead_agency_id") ? Number(data.get("lead_agency_id")) : null,
      lead_user_id: data.get("lead_user_id") ? Number(data.get("lead_user_id")) : null,
      due_on: data.get("due_on"),
      child_person_id: data.get("child_person_id") ? Number(data.get("child_person_id")) : null,
    });
    this.actionError.hidden = reply.ok;
    this.showFieldError(reply.ok ? null : reply.field, reply.message);
    if (!reply.ok) this.actionError.textContent = reply.message || reply.error;
    else {
      this.actionForm.reset();
      this.status.now(`Action added: ${reply.action.description}`);
    }
  }

  actionChanged(action) {
    if (action.item_id !== this.itemId) return;
    this.renderAction(action);
    this.status.announce(`${action.by} ${action.change} an action: lead ${action.lead_agency}`);
  }

  renderAction(action) {
    let li = this.actions.querySelector(`[data-action-id="${action.id}"]`);
    if (!li) {
      li = document.createElement("li");
      li.dataset.actionId = action.id;
      this.actions.append(li);
    }
    const lead = action.lead_user ? `${action.lead_agency} (${action.lead_user})` : action.lead_agency;
    const text = document.createElement("p");
    text.className = "govuk-body";
    text.dataset.testid = "action-text";
    const child = action.child ? ` For ${action.child}.` : "";
    text.textContent = `${action.description}.${child} Lead: ${lead}. Due ${action.due_on_text || action.due_on}.`;
    if (li.contains(document.activeElement)) {
      li.firstChild.replaceWith(text); // never take away the control someone is using
      return;
    }
    li.replaceChildren(text, acceptance(this.socket, action), this.reassignForm(action));
  }

  reassignForm(action) {
    const form = document.createElement("form");
    form.className = "fd-live__reassign";
    const agency = document.createElement("select");
    agency.className = "govuk-select";
    agency.setAttribute("aria-label", `New lead agency for: ${action.description}`);
    agency.append(...this.leads.map((a) => option(a.id, a.name)));
    agency.value = String(action.lead_agency_id);
    const person = document.createElement("select");
    person.className = "govuk-select";
    person.setAttribute("aria-label", `New named lead for: ${action.description}`);
    this.fillPeople(person, agency.value);
    agency.addEventListener("change", () => this.fillPeople(person, agency.value));
    const button = document.createElement("button");
    button.className = "govuk-button govuk-button--secondary";
    button.textContent = "Reassign";
    form.append(agency, person, button);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      await this.socket.emitWithAck("action:reassign", {
        action_id: action.id, lead_agency_id: Number(agency.value), lead_user_id: person.value ? Number(person.value) : null,
      });
    });
    return form;
  }
}
