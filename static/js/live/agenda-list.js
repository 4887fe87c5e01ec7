// The live agenda: families grouped by section, each with its distinguishing line (victim's
// name and age, area, risk, children), filterable by typing. Links keep focus where the user
// is: the list is re-rendered in place and focus is restored to the same family's link.

import { triageBits, triageGroup } from "./triage.js";

const SECTION_ORDER = ["incomplete_actions", "children", "adults_only", "review", ""];

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function distinguishingLine(item) {
  const parts = [];
  if (item.victim) parts.push(item.victim_age ? `${item.victim}, ${item.victim_age}` : item.victim);
  if (item.area) parts.push(item.area);
  if (item.risk) parts.push(`${item.risk} risk`);
  if (item.children) parts.push(`${item.children} child${item.children === 1 ? "" : "ren"}`);
  return parts.join(" · ");
}

export function matches(item, query) {
  if (!query) return true;
  const haystack = [item.label, item.victim, item.area, item.risk && `${item.risk} risk`, item.section_title, item.children ? "children" : ""]
    .filter(Boolean)
    .join(" ")
    .toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

export class AgendaList {
  constructor(container, { filter, count, empty, onChoose }) {
    this.container = container;
    this.filter = filter;
    this.count = count;
    this.empty = empty;
    this.onChoose = onChoose;
    this.items = [];
    this.currentId = null;
    this.shownId = null;
    this.drawn = null;
    filter.addEventListener("input", () => this.render());
  }

  update({ items = this.items, currentId = this.currentId, shownId = this.shownId }) {
    this.items = items;
    this.currentId = currentId;
    this.shownId = shownId;
    this.render();
  }

  render() {
    const query = this.filter.value.trim();
    // Nothing changed, nothing redrawn: a link replaced between a press and its release loses
    // the click (live updates arrive at any moment).
    const drawn = JSON.stringify([this.items, this.currentId, this.shownId, query]);
    if (drawn === this.drawn) return;
    this.drawn = drawn;
    const focusedId = document.activeElement?.dataset?.itemId;
    const visible = this.items.filter((item) => matches(item, query));
    const groups = new Map();
    for (const item of visible) {
      // #14: screened items are grouped by their triage outcome, in the server's order
      // (Urgent, Discuss, then the lists); others by section.
      const { key, title } = triageGroup(item) || {
        key: SECTION_ORDER.includes(item.section) ? item.section || "" : "",
        title: item.section_title || "Other",
      };
      if (!groups.has(key)) groups.set(key, { title, items: [] });
      groups.get(key).items.push(item);
    }
    const blocks = [...groups.values()].map((group) => this.group(group));
    this.container.replaceChildren(...blocks);
    this.count.textContent = query ? `(${visible.length} of ${this.items.length})` : `(${this.items.length})`;
    this.empty.hidden = visible.length > 0;
    if (focusedId) this.container.querySelector(`[data-item-id="${focusedId}"]`)?.focus();
  }

  group({ title, items }) {
    const block = element("div", "fd-live__group");
    block.append(element("h3", "govuk-heading-s fd-live__group-title", `${title} (${items.length})`));
    const list = element("ol", "govuk-list fd-live__agenda-list");
    for (const item of items) list.append(this.entry(item));
    block.append(list);
    return block;
  }

  entry(item) {
    const li = element("li", "fd-live__entry");
    li.dataset.testid = "agenda-entry";
    const link = element("a", "govuk-link fd-live__entry-link");
    link.href = `#item-${item.id}`;
    link.dataset.itemId = item.id;
    link.append(element("span", "fd-live__entry-label", item.label));
    const line = distinguishingLine(item);
    if (line) link.append(element("span", "fd-live__entry-line", line));
    if (item.id === this.shownId) link.setAttribute("aria-current", "true");
    link.addEventListener("click", (event) => {
      event.preventDefault();
      this.onChoose(item.id);
    });
    li.append(link, ...triageBits(item));
    if (item.id === this.currentId) {
      li.classList.add("fd-live__current");
      li.append(element("strong", "govuk-tag govuk-tag--blue fd-live__now", "Now"));
    }
    if (item.risk === "high") li.classList.add("fd-live__entry--high");
    return li;
  }
}
