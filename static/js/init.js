// Initialise GOV.UK Frontend's components (served from node_modules, installed by npm).
import { initAll } from "/vendor/govuk-frontend/govuk-frontend.min.js";

initAll();

// Tables read as label/value lists on a phone: each cell carries its column's heading.
for (const table of document.querySelectorAll("table.govuk-table")) {
  const headings = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
  if (!headings.length) continue;
  for (const row of table.querySelectorAll("tbody tr")) {
    [...row.children].forEach((cell, index) => {
      if (cell.tagName === "TD" && !cell.hasAttribute("data-label") && !cell.hasAttribute("colspan")) {
        cell.dataset.label = headings[index] || "";
      }
    });
  }
}
