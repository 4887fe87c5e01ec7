// Warn before the session times out; "Stay signed in" restarts the idle clock on the server.
const panel = document.getElementById("fd-session-timeout");

function schedule(left) {
  const remaining = Math.min(left.idle, left.absolute);
  const canExtend = left.idle < left.absolute;
  const warnIn = Math.max(0, remaining - left.warning) * 1000;
  clearTimeout(panel.warnTimer);
  clearTimeout(panel.endTimer);
  panel.hidden = true;
  panel.warnTimer = setTimeout(() => {
    panel.querySelector("[data-extend]").hidden = !canExtend;
    panel.hidden = false;
    panel.querySelector("h2").focus();
  }, warnIn);
  panel.endTimer = setTimeout(() => {
    window.location.assign("/sign-in");
  }, remaining * 1000);
}

async function extend() {
  const response = await fetch("/session/extend", {
    method: "POST",
    headers: { "X-CSRFToken": panel.dataset.csrf },
    credentials: "same-origin",
  });
  if (!response.ok) {
    window.location.assign("/sign-in");
    return;
  }
  schedule(await response.json());
}

if (panel) {
  panel.querySelector("[data-extend]").addEventListener("click", extend);
  schedule({
    idle: Number(panel.dataset.idle),
    absolute: Number(panel.dataset.absolute),
    warning: Number(panel.dataset.warning),
  });
}
