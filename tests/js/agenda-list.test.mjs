// Unit tests of the live agenda list (static/js/live/agenda-list.js) on Node's own test runner.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { distinguishingLine, keepChildren, matches } from "../../static/js/live/agenda-list.js";

describe("the agenda list's distinguishing line and filter", () => {
  const item = { label: "Smith", victim: "Amy Smith", victim_age: 34, area: "LS6", risk: "high", children: 2 };
  it("names the victim with her age, the area, the risk and the children", () => {
    assert.equal(distinguishingLine(item), "Amy Smith, 34 · LS6 · high risk · 2 children");
  });
  it("says one child, not one children", () => {
    assert.equal(distinguishingLine({ ...item, children: 1 }), "Amy Smith, 34 · LS6 · high risk · 1 child");
  });
  it("matches every word typed, in any case", () => {
    assert.ok(matches(item, "smith HIGH ls6"));
    assert.ok(!matches(item, "smith medium"));
    assert.ok(matches(item, ""));
  });
});

describe("keepChildren: the agenda list is updated in place", () => {
  function parent(...children) {
    return {
      children,
      replaced: 0,
      replaceChildren(...nodes) {
        this.children = nodes;
        this.replaced += 1;
      },
    };
  }
  const [a, b, c] = [{ id: "a" }, { id: "b" }, { id: "c" }];

  it("leaves the children alone when they are already the same nodes in the same order", () => {
    const list = parent(a, b);
    keepChildren(list, [a, b]);
    assert.equal(list.replaced, 0); // a press on a or b and its release land on the same node
  });
  it("replaces them when one is added, removed or moved", () => {
    for (const wanted of [[a, b, c], [a], [b, a]]) {
      const list = parent(a, b);
      keepChildren(list, wanted);
      assert.equal(list.replaced, 1);
      assert.deepEqual(list.children, wanted);
    }
  });
});
