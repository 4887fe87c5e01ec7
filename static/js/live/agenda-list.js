// The live agenda: families grouped by section, each with its distinguishing line (victim's
// name and age, area, risk, children), filterable by typing. The list is updated in place, so
// focus and a click in progress stay on the same family's link.

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
    this.entries = new Map(); // item id -> its entry's nodes
    this.groups = new Map(); // group key -> its block's nodes
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
    const blocks = [...groups].map(([key, group]) => this.group(key, group));
    keepChildren(this.container, blocks);
    this.forget(new Set(visible.map((item) => item.id)), new Set(groups.keys()));
    this.count.textContent = query ? `(${visible.length} of ${this.items.length})` : `(${this.items.length})`;
    this.empty.hidden = visible.length > 0;
    if (focusedId) this.container.querySelector(`[data-item-id="${focusedId}"]`)?.focus();
  }

  // Groups and entries are kept by key and updated in place, never replaced: a press on a
  // link and its release then land on the same node whatever arrives in between, so the click
  // counts (a node replaced under the pointer loses it).
  group(key, { title, items }) {
    let group = this.groups.get(key);
    if (!group) {
      const block = element("div", "fd-live__group");
      const heading = element("h3", "govuk-heading-s fd-live__group-title");
      const list = element("ol", "govuk-list fd-live__agenda-list");
      block.append(heading, list);
      group = { block, heading, list };
      this.groups.set(key, group);
    }
    group.heading.textContent = `${title} (${items.length})`;
    keepChildren(group.list, items.map((item) => this.entry(item)));
    return group.block;
  }

  entry(item) {
    let entry = this.entries.get(item.id);
    if (!entry) {
      entry = this.newEntry(item.id);
      this.entries.set(item.id, entry);
    }
    entry.label.textContent = item.label;
    const line = distinguishingLine(item);
    entry.line.textContent = line;
    keepChildren(entry.link, line ? [entry.label, entry.line] : [entry.label]);
    if (item.id === this.shownId) entry.link.setAttribute("aria-current", "true");
    else entry.link.removeAttribute("aria-current");
    const { li, link } = entry;
    li.classList.toggle("fd-live__current", item.id === this.currentId);
    li.classList.toggle("fd-live__entry--high", item.risk === "high");
    while (link.nextSibling) link.nextSibling.remove(); // the link itself stays put
    li.append(...triageBits(item));
    if (item.id === this.currentId) li.append(element("strong", "govuk-tag govuk-tag--blue fd-live__now", "Now"));
    return li;
  }

  newEntry(itemId) {
    const li = element("li", "fd-live__entry");
    li.dataset.testid = "agenda-entry";
    const link = element("a", "govuk-link fd-live__entry-link");
    link.href = `#item-${itemId}`;
    link.dataset.itemId = itemId;
    const label = element("span", "fd-live__entry-label");
    const line = element("span", "fd-live__entry-line");
    li.append(link);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      this.onChoose(itemId);
    });
    return { li, link, label, line };
  }

  forget(itemIds, groupKeys) {
    for (const id of this.entries.keys()) if (!itemIds.has(id)) this.entries.delete(id);
    for (const key of this.groups.keys()) if (!groupKeys.has(key)) this.groups.delete(key);
  }
}

// The parent's children become `nodes`, touching the DOM only when they differ.
export function keepChildren(parent, nodes) {
  const children = parent.children;
  if (children.length === nodes.length && nodes.every((node, i) => children[i] === node)) return;
  parent.replaceChildren(...nodes);
}
