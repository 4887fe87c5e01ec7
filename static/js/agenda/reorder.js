// The coordinator's agenda page, in place (#15): filters and reorders fetch the agenda's body
// again instead of reloading the page; the moved row's button keeps focus and the result is
// announced. No DOM here: the page (static/js/agenda-page.js) gives a `view`, so Node tests
// drive the controller with a fake fetch and view.

export function filterQuery(entries) {
  const params = new URLSearchParams();
  for (const [name, value] of entries) if (value) params.append(name, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

const FETCHED = { "X-Requested-With": "fetch" };

export class AgendaController {
  constructor({ baseUrl, fetch, view }) {
    this.baseUrl = baseUrl;
    this.fetch = fetch;
    this.view = view;
    this.busy = false;
  }

  // The agenda's body for these filters; false if it could not be fetched.
  async refresh(query) {
    let response;
    try {
      response = await this.fetch(this.baseUrl + query, { headers: FETCHED, credentials: "same-origin" });
    } catch {
      return false;
    }
    if (!response.ok) return false;
    this.view.replaceBody(await response.text());
    return true;
  }

  // Filters changed: show the matching families, keep the address bookmarkable.
  async filter(query) {
    if (!(await this.refresh(query))) return this.view.reload(this.baseUrl + query);
    this.view.setAddress(this.baseUrl + query);
    this.view.announce(this.view.shownText());
    return true;
  }

  // Move a family up or down: post the form's own fields (with its CSRF token), then show the
  // new order with focus back on the same button. Anything unexpected falls back to the
  // ordinary form post, which shows the page (or the error) the server gives.
  async move({ action, body, itemId, way, query }) {
    if (this.busy) return false;
    this.busy = true;
    try {
      let response;
      try {
        response = await this.fetch(action, {
          method: "POST",
          body,
          headers: { ...FETCHED, Accept: "application/json" },
          credentials: "same-origin",
        });
      } catch {
        return this.view.submitForm();
      }
      if (response.status === 409) {
        this.view.announce((await response.json()).message);
        return false;
      }
      if (!response.ok) return this.view.submitForm();
      const { message } = await response.json();
      if (!(await this.refresh(query))) return this.view.reload(this.baseUrl + query);
      this.view.focusButton(itemId, way);
      this.view.announce(message);
      return true;
    } finally {
      this.busy = false;
    }
  }
}
