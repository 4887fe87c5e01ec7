// The coordinator's agenda page enhanced (#15): the filters apply as they change and a
// reorder happens in place, both by fetching the agenda's body again (see agenda/reorder.js).
// Without this script the filter form is an ordinary GET and each move an ordinary POST.

import { AgendaController, filterQuery } from "./agenda/reorder.js";

const body = document.getElementById("agenda-body");
const announcer = document.getElementById("agenda-announce");
const filters = document.getElementById("agenda-filters");

function currentQuery() {
  return filters ? filterQuery(new FormData(filters).entries()) : window.location.search;
}

let pendingForm = null;

const view = {
  replaceBody(html) {
    body.innerHTML = html; // the server's own template (Jinja-escaped), same origin
  },
  setAddress(url) {
    window.history.replaceState(null, "", url);
  },
  reload(url) {
    window.location.assign(url);
    return false;
  },
  submitForm() {
    pendingForm?.submit(); // the ordinary post, bypassing this handler
    return false;
  },
  focusButton(itemId, way) {
    const button =
      body.querySelector(`button[data-item-id="${itemId}"][data-way="${way}"]`) ||
      body.querySelector(`button[data-item-id="${itemId}"]`);
    if (button) button.focus();
    else document.getElementById("agenda-shown")?.focus();
  },
  announce(text) {
    announcer.textContent = "";
    window.setTimeout(() => {
      announcer.textContent = text; // a fresh change, so the same words are read again
    }, 50);
  },
  shownText() {
    return document.getElementById("agenda-shown")?.textContent.replace(/\s+/g, " ").trim() || "";
  },
};

if (body) {
  const baseUrl = window.location.pathname;
  const controller = new AgendaController({ baseUrl, fetch: window.fetch.bind(window), view });
  body.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.reorder) return;
    event.preventDefault();
    const button = form.querySelector("button[data-item-id]");
    pendingForm = form;
    controller.move({
      action: form.action,
      body: new FormData(form),
      itemId: button.dataset.itemId,
      way: button.dataset.way,
      query: currentQuery(),
    });
  });
  filters?.addEventListener("change", () => controller.filter(currentQuery()));
  filters?.addEventListener("submit", (event) => {
    event.preventDefault();
    controller.filter(currentQuery());
  });
}
