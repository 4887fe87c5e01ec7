// Keyboard help: skip links that land in a control (not just scroll), and focus moves that
// never leave focus on the page body.

/** Focus `element`, making it focusable first if it is not (headings, notices). */
export function focusElement(element) {
  if (!element) return;
  if (!element.matches("a, button, input, select, textarea, [tabindex]")) element.setAttribute("tabindex", "-1");
  element.focus({ preventScroll: false });
}

/** Links with data-skip-to focus their target control (e.g. the family's notes). */
export function wireSkipLinks() {
  for (const link of document.querySelectorAll("[data-skip-to]")) {
    link.addEventListener("click", (event) => {
      const target = document.getElementById(link.dataset.skipTo);
      if (!target || target.closest("[hidden]")) return;
      event.preventDefault();
      target.scrollIntoView({ block: "center" });
      focusElement(target);
    });
  }
}
