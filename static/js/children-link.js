// The live meeting's "Children" link follows the current family (#18): it mirrors the
// family-page link (/agenda/items/N) as /items/N/children, whenever that link changes.
const family = document.getElementById("family-page-link");
const children = document.getElementById("children-page-link");

function follow() {
  const match = /\/agenda\/items\/(\d+)$/.exec(family.getAttribute("href") || "");
  children.hidden = !match || family.hidden;
  if (match) children.href = `/items/${match[1]}/children`;
}

if (family && children) {
  new MutationObserver(follow).observe(family, { attributes: true, attributeFilter: ["href", "hidden"] });
  follow();
}
