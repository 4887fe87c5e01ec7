// The triage screening and MARAC criteria beside each family in the live agenda (#14), and the
// agenda pushed again when it changes during the meeting (an urgent family joined, lists confirmed).

const LABELS = {
  urgent: "Urgent",
  discuss: "Discuss",
  single_agency: "Single agency",
  information: "Information only",
};

export function triageBits(item) {
  const bits = [];
  if (item.screening) {
    const tag = document.createElement("strong");
    tag.className = `govuk-tag fd-live__screening ${item.screening === "urgent" ? "govuk-tag--red" : "govuk-tag--purple"}`;
    tag.dataset.testid = "live-screening";
    tag.textContent = LABELS[item.screening] || item.screening;
    bits.push(" ", tag);
  }
  if (item.criteria && item.criteria.length) {
    const criteria = document.createElement("span");
    criteria.className = "govuk-body-s fd-live__criteria";
    criteria.dataset.testid = "live-criteria";
    criteria.textContent = ` MARAC criteria: ${item.criteria.map((c) => c.split(":")[0]).join(", ")}`;
    criteria.title = item.criteria.join("\n");
    bits.push(criteria);
  }
  return bits;
}

export function triageGroup(item) {
  if (!item.screening) return null;
  return { key: `screening:${item.screening}`, title: LABELS[item.screening] || item.screening };
}

export function listenForAgenda(socket, onAgenda) {
  socket.on("meeting:agenda", ({ agenda }) => {
    if (Array.isArray(agenda)) onAgenda(agenda);
  });
}
