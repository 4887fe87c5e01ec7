// The quorum panel (everyone) and the chair's "invite an extra attendee" form (#13).

export function renderQuorum(quorum) {
  const list = document.getElementById("quorum");
  if (!list || !quorum) return;
  const summary = document.getElementById("quorum-summary");
  if (summary) summary.textContent = quorum.quorate ? "Every core agency is present." : "Not every core agency is present.";
  list.replaceChildren(
    ...quorum.kinds.map((kind) => {
      const li = document.createElement("li");
      li.dataset.kind = kind.kind;
      li.dataset.state = kind.state;
      li.textContent = `${kind.label}: ${kind.words}${kind.agencies.length ? ` (${kind.agencies.join(", ")})` : ""}`;
      return li;
    }),
  );
}

export function setUpInvite(socket, status) {
  const form = document.getElementById("invite-form");
  if (!form) return;
  const select = form.elements.user_id;
  const error = document.getElementById("invite-error");
  form.closest("details")?.addEventListener("toggle", async () => {
    if (select.options.length > 1) return;
    const reply = await socket.emitWithAck("meeting:invite_choices", {});
    if (!reply.ok) return;
    for (const person of reply.people) select.add(new Option(`${person.name} (${person.agency})`, String(person.user_id)));
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const reply = await socket.emitWithAck("meeting:set_invited", {
      user_id: Number(select.value), invited: true, reason: form.elements.reason.value,
    });
    error.hidden = reply.ok;
    if (!reply.ok) error.textContent = reply.message || "Choose a partner and say why they are invited.";
    else {
      status.now("Invited.");
      form.reset();
    }
  });
}
