// An item's versioned fields (agreed risk, decision, MARAC referral) and its actions.

function option(value, text) {
  const element = document.createElement("option");
  element.value = value;
  element.textContent = text;
  return element;
}

export class ItemPanel {
  constructor(socket, status, incomplete = null) {
    this.socket = socket;
    this.status = status;
    this.incomplete = incomplete;
    this.itemId = null;
    this.leads = [];
    this.form = document.getElementById("fields-form");
    this.fieldsError = document.getElementById("fields-error");
    this.actionForm = document.getElementById("action-form");
    this.actionError = document.getElementById("action-error");
    this.actions = document.getElementById("actions");
    this.form.addEventListener("submit", (event) => this.saveFields(event));
    this.actionForm.addEventListener("submit", (event) => this.createAction(event));
    document.getElementById("action-agency").addEventListener("change", () => this.fillPeople());
    socket.on("field:changed", (change) => this.fieldChanged(change));
    socket.on("action:changed", (action) => this.actionChanged(action));
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
    this.itemId = itemId;
    this.actions.replaceChildren();
    const reply = await this.socket.emitWithAck("item:details", { item_id: itemId });
    if (!reply.ok || this.itemId !== itemId) return;
    for (const [name, field] of Object.entries(reply.fields)) this.setControl(name, field);
    reply.actions.forEach((action) => this.renderAction(action));
    this.incomplete?.show(itemId, reply.incomplete_actions || []);
  }

  setControl(name, field) {
    const control = this.form.elements[name];
    control.value = field.value;
    control.dataset.version = String(field.version);
    control.dataset.saved = field.value;
  }

  fieldChanged(change) {
    if (change.item_id !== this.itemId) return;
    const control = this.form.elements[change.name];
    this.status.announce(`${change.by || "Someone"} saved ${control.labels[0].textContent.toLowerCase()}`);
    // A field being edited keeps what the user typed; saving it will then be refused as stale.
    if (document.activeElement !== control) this.setControl(change.name, change);
  }

  async saveFields(event) {
    event.preventDefault();
    this.fieldsError.hidden = true;
    const stale = [];
    for (const control of this.form.querySelectorAll("select, textarea")) {
      if (control.value === control.dataset.saved) continue;
      const reply = await this.socket.emitWithAck("field:set", {
        item_id: this.itemId, name: control.name, value: control.value, version: Number(control.dataset.version),
      });
      if (reply.ok) this.setControl(control.name, reply);
      else if (reply.error === "stale") {
        stale.push(`${control.labels[0].textContent} was changed to "${reply.current.value || "nothing"}" by ${reply.current.by || "someone"}; your "${control.value}" was not saved`);
        this.setControl(control.name, reply.current);
      } else stale.push(`${control.labels[0].textContent}: ${reply.message || reply.error}`);
    }
    if (stale.length) {
      this.fieldsError.textContent = stale.join(". ");
      this.fieldsError.hidden = false;
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
    });
    this.actionError.hidden = reply.ok;
    if (!reply.ok) this.actionError.textContent = reply.message || reply.error;
    else this.actionForm.reset();
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
    text.textContent = `${action.description}. Lead: ${lead}. Due ${action.due_on}.`;
    if (li.contains(document.activeElement)) {
      li.firstChild.replaceWith(text); // never take away the control someone is using
      return;
    }
    li.replaceChildren(text, this.reassignForm(action));
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
