// Unit tests of the coordinator's agenda page script (static/js/agenda/reorder.js): the
// controller with a fake fetch and a fake view that records what the page would do.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { AgendaController, filterQuery } from "../../static/js/agenda/reorder.js";

function response(status, body) {
  return {
    ok: status >= 200 && status < 300,
    status,
    json: async () => body,
    text: async () => body,
  };
}

function fakeView() {
  const calls = [];
  const record = (name) => (...args) => {
    calls.push([name, ...args]);
    return false;
  };
  return {
    calls,
    replaceBody: record("replaceBody"),
    setAddress: record("setAddress"),
    reload: record("reload"),
    submitForm: record("submitForm"),
    focusButton: record("focusButton"),
    announce: record("announce"),
    shownText: () => "Showing 3 of 79 families (High risk).",
  };
}

function fakeFetch(answers) {
  const requests = [];
  const fetch = async (url, options = {}) => {
    requests.push({ url, ...options });
    const answer = answers.shift();
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { fetch, requests };
}

const MOVE = { action: "/agenda/items/7/move-up", body: "csrf", itemId: "7", way: "up", query: "?risk=high" };

describe("filterQuery: the filter form as a query string", () => {
  it("keeps only the chosen filters, encoded", () => {
    const entries = [["risk", "high"], ["children", ""], ["agency", "West Yorkshire Police"]];
    assert.equal(filterQuery(entries), "?risk=high&agency=West+Yorkshire+Police");
  });
  it("is empty when nothing is chosen", () => {
    assert.equal(filterQuery([["risk", ""], ["children", ""]]), "");
  });
});

describe("AgendaController.move: reorder in place", () => {
  it("posts the form, fetches the body for the same filters, refocuses and announces", async () => {
    const { fetch, requests } = fakeFetch([
      response(200, { message: "Smith moved up: now number 3." }),
      response(200, "<p>new body</p>"),
    ]);
    const view = fakeView();
    const done = await new AgendaController({ baseUrl: "/agenda/2026-11-24", fetch, view }).move(MOVE);
    assert.equal(done, true);
    assert.equal(requests[0].url, MOVE.action);
    assert.equal(requests[0].method, "POST");
    assert.equal(requests[0].body, "csrf");
    assert.equal(requests[0].headers.Accept, "application/json");
    assert.equal(requests[1].url, "/agenda/2026-11-24?risk=high");
    assert.equal(requests[1].headers["X-Requested-With"], "fetch");
    assert.deepEqual(view.calls, [
      ["replaceBody", "<p>new body</p>"],
      ["focusButton", "7", "up"],
      ["announce", "Smith moved up: now number 3."],
    ]);
  });

  it("announces a refusal (409) and leaves the agenda as it is", async () => {
    const { fetch, requests } = fakeFetch([response(409, { message: "The meeting has started." })]);
    const view = fakeView();
    await new AgendaController({ baseUrl: "/a", fetch, view }).move(MOVE);
    assert.equal(requests.length, 1);
    assert.deepEqual(view.calls, [["announce", "The meeting has started."]]);
  });

  for (const [name, answer] of [
    ["a network failure", new Error("offline")],
    ["an expired session or CSRF token (400)", response(400, "")],
    ["a server error (500)", response(500, "")],
  ]) {
    it(`falls back to the ordinary form post on ${name}`, async () => {
      const { fetch } = fakeFetch([answer]);
      const view = fakeView();
      await new AgendaController({ baseUrl: "/a", fetch, view }).move(MOVE);
      assert.deepEqual(view.calls, [["submitForm"]]);
    });
  }

  it("reloads the filtered page if the new order cannot be fetched", async () => {
    const { fetch } = fakeFetch([response(200, { message: "moved" }), response(500, "")]);
    const view = fakeView();
    await new AgendaController({ baseUrl: "/a", fetch, view }).move(MOVE);
    assert.deepEqual(view.calls, [["reload", "/a?risk=high"]]);
  });

  it("ignores a second move while the first is in flight", async () => {
    let release;
    const held = new Promise((resolve) => {
      release = resolve;
    });
    const requests = [];
    const fetch = async (url) => {
      requests.push(url);
      if (requests.length === 1) await held;
      return requests.length === 1 ? response(200, { message: "moved" }) : response(200, "body");
    };
    const controller = new AgendaController({ baseUrl: "/a", fetch, view: fakeView() });
    const first = controller.move(MOVE);
    assert.equal(await controller.move(MOVE), false);
    release();
    assert.equal(await first, true);
    assert.deepEqual(requests, [MOVE.action, "/a?risk=high"]);
  });
});

describe("AgendaController.filter: filters applied in place", () => {
  it("fetches the body, keeps the address bookmarkable and announces what is shown", async () => {
    const { fetch, requests } = fakeFetch([response(200, "<p>filtered</p>")]);
    const view = fakeView();
    await new AgendaController({ baseUrl: "/a", fetch, view }).filter("?risk=high");
    assert.equal(requests[0].url, "/a?risk=high");
    assert.deepEqual(view.calls, [
      ["replaceBody", "<p>filtered</p>"],
      ["setAddress", "/a?risk=high"],
      ["announce", "Showing 3 of 79 families (High risk)."],
    ]);
  });

  it("navigates to the filtered page when the fetch fails", async () => {
    const { fetch } = fakeFetch([new Error("offline")]);
    const view = fakeView();
    await new AgendaController({ baseUrl: "/a", fetch, view }).filter("?children=yes");
    assert.deepEqual(view.calls, [["reload", "/a?children=yes"]]);
  });
});
