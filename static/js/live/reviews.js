// Incomplete actions from earlier meetings: everyone sees them and their outcome; the chair
// records, per action, done / carried forward (optionally to a new date) / not done and why.

const OUTCOMES = [
  ["done", "Done"],
  ["carried_forward", "Carried forward"],
  ["not_done", "Not done"],
];
const REASONS = [
  ["change_in_circumstance", "A change in circumstance"],
  ["agency_did_not_act", "The agency did not act"],
];

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function labelled(control, id, text, className = "govuk-label") {
  control.id = id;
  const label = element("label", className, text);
  label.htmlFor = id;
  return label;
}

export class IncompleteActions {
  constructor(socket, status, isChair) {
    this.socket = socket;
    this.status = status;
    this.isChair = isChair;
    this.itemId = null;
    this.byId = new Map();
    this.section = document.getElementById("incomplete-section");
    this.list = document.getElementById("incomplete-actions");
    socket.on("action:reviewed", (review) => this.reviewed(review));
  }

  show(itemId, actions) {
    this.itemId = itemId;
    this.byId.clear();
    this.list.replaceChildren();
    actions.forEach((action) => this.render(action));
    this.section.hidden = actions.length === 0;
  }

  reviewed(review) {
    if (review.item_id !== this.itemId) return;
    const action = this.byId.get(review.action_id);
    if (!action) return;
    this.render({ ...action, review, status: { done: "done", not_done: "not_done" }[review.outcome] || "open", due_on: review.new_due_on || action.due_on, due_on_text: review.new_due_on_text || action.due_on_text });
    this.status.announce(`${review.by} recorded an incomplete action as ${review.summary}`);
  }

  render(action) {
    this.byId.set(action.id, action);
    let li = this.list.querySelector(`[data-action-id="${action.id}"]`);
    if (!li) {
      li = element("li", "fd-live__incomplete");
      li.dataset.actionId = action.id;
      li.dataset.testid = "incomplete-action";
      this.list.append(li);
    }
    const lead = action.lead_user ? `${action.lead_agency} (${action.lead_user})` : action.lead_agency;
    const text = element("p", "govuk-body", `${action.description}. Lead: ${lead}. Due ${action.due_on_text || action.due_on}.`);
    text.dataset.testid = "incomplete-text";
    if (action.agreed_on) text.append(` Agreed ${action.agreed_on_text || action.agreed_on}.`);
    if (action.overdue) text.append(" ", element("strong", "govuk-tag govuk-tag--red", "Overdue"));
    const outcome = element("p", "govuk-body-s", action.review ? `Outcome at this meeting: ${action.review.summary}${action.review.note ? ` (${action.review.note})` : ""}` : "No outcome recorded yet at this meeting.");
    outcome.dataset.testid = "incomplete-outcome";
    const parts = [text, outcome];
    for (const earlier of action.earlier_reviews || []) parts.push(element("p", "govuk-body-s", `Earlier meeting: ${earlier.summary}`));
    if (li.contains(document.activeElement)) {
      li.firstChild.replaceWith(text); // never take away the control the chair is using
      li.children[1].replaceWith(outcome);
      return;
    }
    if (this.isChair) parts.push(this.reviewForm(action));
    li.replaceChildren(...parts);
  }

  reviewForm(action) {
    const prefix = `review-${action.id}`;
    const form = element("form", "fd-live__review");
    form.noValidate = true;
    const fieldset = element("fieldset", "govuk-fieldset");
    fieldset.append(element("legend", "govuk-fieldset__legend govuk-fieldset__legend--s", `Outcome for: ${action.description}`));
    const radios = element("div", "govuk-radios govuk-radios--small govuk-radios--inline");
    for (const [value, text] of OUTCOMES) {
      const item = element("div", "govuk-radios__item");
      const input = element("input", "govuk-radios__input");
      Object.assign(input, { type: "radio", name: "outcome", value, checked: action.review?.outcome === value });
      item.append(input, labelled(input, `${prefix}-${value}`, text, "govuk-label govuk-radios__label"));
      radios.append(item);
    }
    fieldset.append(radios);
    const due = element("input", "govuk-input govuk-input--width-10");
    Object.assign(due, { type: "date", name: "new_due_on" });
    const reason = element("select", "govuk-select");
    reason.name = "not_done_reason";
    reason.append(new Option("Why not done (if not done)", ""), ...REASONS.map(([value, text]) => new Option(text, value)));
    if (action.review?.not_done_reason) reason.value = action.review.not_done_reason;
    const note = element("textarea", "govuk-textarea");
    Object.assign(note, { name: "note", rows: 2, value: action.review?.note || "" });
    const error = element("p", "govuk-error-message");
    error.setAttribute("role", "alert");
    error.hidden = true;
    const button = element("button", "govuk-button govuk-button--secondary", "Record outcome");
    form.append(
      fieldset,
      labelled(due, `${prefix}-due`, "New due date (if carried forward, optional)"), due,
      labelled(reason, `${prefix}-reason`, "Reason"), reason,
      labelled(note, `${prefix}-note`, "Note"), note,
      button, error,
    );
    form.addEventListener("submit", (event) => this.submit(event, action, form, error));
    return form;
  }

  async submit(event, action, form, error) {
    event.preventDefault();
    const data = new FormData(form);
    const reply = await this.socket.emitWithAck("action:review", {
      item_id: this.itemId,
      action_id: action.id,
      outcome: data.get("outcome"),
      not_done_reason: data.get("not_done_reason") || null,
      new_due_on: data.get("new_due_on") || null,
      note: data.get("note") || "",
    });
    error.hidden = reply.ok;
    if (!reply.ok) error.textContent = reply.message || reply.error;
  }
}
