// The live meeting page: joins the meeting's Socket.IO namespaces and keeps the page in step.

import { Manager } from "socket.io-client";

import { AgendaList } from "./agenda-list.js";
import { CollabText } from "./collab-text.js";
import { renderQuorum, setUpInvite } from "./golive.js";
import { DocumentStore } from "./documents.js";
import { ChildrenPanel } from "./children.js";
import { ConsentPanel } from "./consent.js";
import { ItemPanel } from "./items.js";
import { Presence } from "./presence.js";
import { IncompleteActions } from "./reviews.js";
import { ConnectionIndicator, StatusLine } from "./status.js";
import { SummaryPanel } from "./summary.js";
import { focusElement, wireSkipLinks } from "./keyboard.js";
import { listenForAgenda } from "./triage.js";

const root = document.getElementById("live-meeting");
const meetingId = Number(root.dataset.meetingId);
const myAgencyId = Number(root.dataset.agencyId);
const isChair = root.dataset.chair === "true";
const auth = { meeting_id: meetingId, csrf_token: root.dataset.csrfToken };

// WebSocket only: the handshake then always carries an Origin the server can check, and a
// connection lives in one process (see docs/realtime.md on sticky sessions).
const manager = new Manager(window.location.origin, { transports: ["websocket"], reconnectionDelayMax: 2000 });
const meetingSocket = manager.socket("/meeting", { auth });
let docsSocket = null;
let itemsSocket = null;

const status = new StatusLine(document.getElementById("live-status"));
const connection = new ConnectionIndicator(
  document.querySelector("[data-testid=connection]"),
  document.getElementById("connection-tag"),
  document.getElementById("unsaved"),
);
const state = { agenda: [], navigation: { item_id: null }, shown: null, bindings: [], paused: false };
const heldNavigation = [];
let accessEnded = false;

// A server that shuts down gracefully disconnects its clients ("io server disconnect"), which
// socket.io-client never retries on its own: come back unless our access was taken away.
function reconnectAfterServerLeaves(socket) {
  socket.on("disconnect", (reason) => {
    if (reason === "io server disconnect" && !accessEnded) {
      setTimeout(() => accessEnded || socket.connect(), 500 + Math.random() * 1000);
    }
  });
}
let documents = null;
let items = null;
let summary = null;
const agendaList = new AgendaList(document.getElementById("agenda"), {
  filter: document.getElementById("agenda-filter"),
  count: document.getElementById("agenda-count"),
  empty: document.getElementById("agenda-empty"),
  onChoose: (itemId) => chooseItem(itemId),
});
wireSkipLinks();

const labelFor = (itemId) => {
  const item = state.agenda.find((i) => i.id === itemId);
  return item ? item.label : "another item";
};
const presence = new Presence(meetingSocket, document.getElementById("presence"), { labelFor });
reconnectAfterServerLeaves(meetingSocket);

meetingSocket.on("connect", async () => {
  connection.show("live");
  await loadState();
});
meetingSocket.on("disconnect", () => connection.show("offline"));
manager.on("reconnect_attempt", () => connection.show("offline"));
meetingSocket.on("connect_error", (error) => {
  if (error.data && error.data.reason) endAccess();
  else connection.show("offline");
});
meetingSocket.on("access:revoked", endAccess);
meetingSocket.on("meeting:closed", meetingClosed);
// Sent by frontdoor/ops/live_status.py while the process cannot reach Redis, and once it can.
meetingSocket.on("live:status", ({ live }) => connection.show(live ? "live" : "paused"));
meetingSocket.on("meeting:navigated", (navigation) => {
  if (state.paused) heldNavigation.push(navigation);
  else navigated(navigation);
});
listenForAgenda(meetingSocket, (agenda) => {
  state.agenda = agenda;
  renderAgenda();
});
meetingSocket.on("meeting:attendance", ({ attendance, quorum }) => {
  renderAttendance(attendance);
  renderQuorum(quorum);
});
setUpInvite(meetingSocket, status);

async function loadState() {
  const reply = await meetingSocket.emitWithAck("meeting:state", {});
  if (!reply.ok) return;
  if (!reply.me.accepted) {
    document.getElementById("confidentiality-text").textContent = reply.meeting.confidentiality;
    document.getElementById("confidentiality").hidden = false;
    return;
  }
  state.agenda = reply.agenda;
  state.navigation = reply.navigation;
  renderAttendance(reply.attendance);
  renderQuorum(reply.quorum);
  openFamilyChannels(reply.leads);
  renderAgenda();
  if (state.shown === null || followingChair()) showItem(reply.navigation.item_id ?? state.agenda[0]?.id);
}

document.getElementById("accept-confidentiality").addEventListener("click", async () => {
  const reply = await meetingSocket.emitWithAck("meeting:accept", {});
  if (reply.ok) {
    state.focusNotesWhenReady = true;
    focusElement(document.getElementById("item-heading")); // never left on the page body
    document.getElementById("confidentiality").hidden = true;
    await loadState();
    status.now("Statement accepted. You are in the meeting.");
  }
});

function openFamilyChannels(leads) {
  if (docsSocket) {
    items.setLeads(leads);
    return;
  }
  docsSocket = manager.socket("/docs", { auth });
  itemsSocket = manager.socket("/items", { auth });
  for (const socket of [docsSocket, itemsSocket]) {
    socket.on("access:revoked", endAccess);
    reconnectAfterServerLeaves(socket);
  }
  itemsSocket.on("connect", () => state.shown && items.show(state.shown));
  documents = new DocumentStore(docsSocket, {
    onRemoteChange: (entry, by) => status.announce(`${by || "Someone"} edited ${fieldName(entry.field)}`),
    onPendingChange: (count) => connection.pending(count),
    onRefused: (entry, error) => status.now(`An edit to ${fieldName(entry.field)} was refused (${error}).`),
  });
  items = new ItemPanel(itemsSocket, status, new IncompleteActions(itemsSocket, status, isChair));
  summary = new SummaryPanel(itemsSocket, document.getElementById("summary-panel"), status);
  items.consent = new ConsentPanel(itemsSocket, status);
  items.children = new ChildrenPanel(itemsSocket, status, isChair);
  items.summary = summary;
  items.setLeads(leads);
  state.leads = leads;
  document.getElementById("meeting-body").hidden = false;
}

function fieldName(field) {
  if (field.startsWith("known:")) return "what we know";
  return field === "notes" ? "the notes" : "the safety plan";
}

function followingChair() {
  return document.getElementById("follow-chair").checked;
}

function navigated(navigation) {
  state.navigation = navigation;
  state.agenda = navigation.agenda || state.agenda;
  renderAgenda();
  if (followingChair()) {
    showItem(navigation.item_id);
    status.announce(`${navigation.by} moved the meeting to ${labelFor(navigation.item_id)}`);
  } else {
    status.announce(`The meeting moved to ${labelFor(navigation.item_id)}; you stayed on ${labelFor(state.shown)}`);
  }
}

function renderAgenda() {
  agendaList.update({ items: state.agenda, currentId: state.navigation.item_id, shownId: state.shown });
}

// Choosing a family: the agreed fields of the one on screen are saved first (nothing agreed
// is lost); if they cannot be saved (no connection), the chair is told and the meeting stays.
async function chooseItem(itemId) {
  state.focusHeading = true;
  if (isChair) {
    if (items && !(await items.flush())) {
      state.focusHeading = false;
      status.now("The agreed fields of this family are not saved yet (no connection). The meeting stays here until they are.");
      return;
    }
    const reply = await meetingSocket.emitWithAck("meeting:navigate", { item_id: itemId });
    if (reply.ok) navigated({ ...reply, by: "You" });
    return;
  }
  document.getElementById("follow-chair").checked = itemId === state.navigation.item_id;
  showItem(itemId);
}

document.getElementById("follow-chair").addEventListener("change", (event) => {
  if (event.target.checked) showItem(state.navigation.item_id);
});

function showItem(itemId) {
  if (itemId === null || itemId === undefined || itemId === state.shown) return;
  for (const binding of state.bindings) binding.destroy();
  state.bindings = [];
  state.shown = itemId;
  showHeading(itemId);
  for (const textarea of document.querySelectorAll("textarea.fd-live__text")) {
    // Read-only while the new family's text arrives: disabling would drop the focus to the body.
    textarea.readOnly = true;
    textarea.value = "";
    const entry = documents.open(itemId, textarea.dataset.field);
    entry.ready.then(() => {
      if (state.shown !== itemId) return;
      state.bindings.push(new CollabText(textarea, entry.text));
      if (state.focusNotesWhenReady && textarea.id === "doc-notes") {
        state.focusNotesWhenReady = false;
        focusElement(textarea);
      }
    });
  }
  showOtherAgencies(itemId);
  summary.show(itemId); // filled from the item's details: one request, one audit event
  items.show(itemId);
  renderAgenda();
  presence.update({ viewing: itemId });
}

function showHeading(itemId) {
  const item = state.agenda.find((i) => i.id === itemId);
  const heading = document.getElementById("item-heading");
  heading.textContent = labelFor(itemId);
  const caption = document.getElementById("item-caption");
  caption.textContent = item ? [item.section_title, `Family ${item.position} of ${state.agenda.length}`].filter(Boolean).join(" · ") : "";
  const link = document.getElementById("family-page-link");
  link.href = `/agenda/items/${itemId}`;
  link.hidden = false;
  // Focus follows the user's own choice; a follower's focus moves only if it was nowhere.
  // (On the first family of a fresh page focus stays at the top, where the skip links are.)
  const nowhere = !document.activeElement || document.activeElement === document.body;
  if (state.focusHeading || (nowhere && state.shownBefore)) focusElement(heading);
  state.shownBefore = true;
  state.focusHeading = false;
}

function showOtherAgencies(itemId) {
  const container = document.getElementById("other-agencies");
  container.replaceChildren();
  for (const agency of state.leads.filter((a) => a.id !== myAgencyId)) {
    const entry = documents.open(itemId, `known:${agency.id}`);
    const block = document.createElement("div");
    const heading = document.createElement("h3");
    heading.className = "govuk-heading-s";
    heading.textContent = `What ${agency.name} knows`;
    const text = document.createElement("p");
    text.className = "govuk-body fd-live__known";
    const render = () => {
      text.textContent = entry.text.toString();
      block.hidden = entry.text.length === 0;
    };
    entry.text.observe(render);
    state.bindings.push({ destroy: () => entry.text.unobserve(render) });
    entry.ready.then(render);
    block.append(heading, text);
    container.append(block);
  }
}

for (const textarea of document.querySelectorAll("textarea.fd-live__text")) {
  textarea.addEventListener("focus", () => presence.update({ editing: textarea.dataset.field }));
  textarea.addEventListener("blur", () => presence.update({ editing: null }));
}

document.getElementById("pause-live").addEventListener("click", (event) => {
  state.paused = !state.paused;
  event.target.setAttribute("aria-pressed", String(state.paused));
  event.target.textContent = state.paused ? "Resume live updates" : "Pause live updates";
  if (state.paused) {
    documents?.setPaused(true);
    status.now("Live updates paused. Your own edits are still saved.");
    return;
  }
  const applied = (documents?.setPaused(false) ?? 0) + heldNavigation.length;
  const last = heldNavigation.splice(0).pop();
  if (last) navigated(last);
  status.now(`Live updates resumed; ${applied} change${applied === 1 ? "" : "s"} applied.`);
});

function renderAttendance(rows) {
  const list = document.getElementById("attendance");
  if (!list || !rows) return;
  list.replaceChildren(
    ...rows.map((row) => {
      const li = document.createElement("li");
      const here = row.left_at ? "left" : row.joined_at ? "here" : row.apologies ? `apologies: ${row.apologies}` : row.information_only ? `information only: ${row.information_only}` : "not joined";
      const why = row.invite_reason ? ` – invited: ${row.invite_reason}` : "";
      li.textContent = `${row.name} (${row.agency}): ${row.invited ? here : "removed"}${why} `;
      if (row.invited && !row.joined_at) li.append(chairButton("Record apologies", "meeting:apologies", { user_id: row.user_id, text: "Apologies" }));
      if (row.invited && !row.joined_at) li.append(chairButton("Information only", "meeting:information_only", { user_id: row.user_id, text: "Information only" }));
      if (row.invited) li.append(chairButton("Remove", "meeting:set_invited", { user_id: row.user_id, invited: false }));
      return li;
    }),
  );
}

function chairButton(label, event, data) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary govuk-!-margin-bottom-0";
  button.textContent = label;
  button.addEventListener("click", () => meetingSocket.emit(event, data));
  return button;
}

// The chair closed the meeting: its record is frozen, so stop editing and offer the minutes.
function meetingClosed({ minutes_url: minutesUrl, by }) {
  accessEnded = true;
  manager.reconnection(false);
  for (const socket of [meetingSocket, docsSocket, itemsSocket]) socket?.disconnect();
  documents?.forgetAll();
  for (const control of document.querySelectorAll("#meeting-body textarea, #meeting-body select, #meeting-body input, #meeting-body button")) {
    control.disabled = true;
  }
  connection.show("closed");
  const notice = document.getElementById("closed");
  notice.querySelector("a").href = minutesUrl;
  notice.hidden = false;
  if (!document.activeElement || document.activeElement === document.body || document.activeElement.disabled) focusElement(notice);
  status.now(`${by} closed the meeting. The minutes are frozen.`);
}

function endAccess() {
  accessEnded = true;
  connection.show("revoked");
  manager.reconnection(false);
  for (const socket of [meetingSocket, docsSocket, itemsSocket]) socket?.disconnect();
  documents?.forgetAll();
  document.getElementById("meeting-body").remove();
  document.getElementById("confidentiality").hidden = true;
  const revoked = document.getElementById("revoked");
  revoked.hidden = false;
  focusElement(revoked);
}

setInterval(() => {
  const item = state.agenda.find((i) => i.id === state.shown);
  if (!item) return;
  let seconds = item.seconds || 0;
  if (item.id === state.navigation.item_id && state.navigation.since) {
    seconds += Math.max(0, (Date.now() - Date.parse(state.navigation.since)) / 1000);
  }
  const whole = Math.floor(seconds);
  document.getElementById("item-timer").textContent = `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}, 1000);
