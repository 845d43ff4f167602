// Community Speed Watch: keep each vehicle on the phone until the server has it.
//
// Without this script the form posts one vehicle at a time. With it, "Save vehicle" puts the
// reading in a queue in localStorage (so a dropped signal or a closed tab loses nothing) and
// sends the queue whenever the phone is online: at once, when the browser says it is back online,
// every 15 seconds, and on "Send now". Each reading carries an id made here; the server answers
// the ids it holds and keeps one row per id, so a reading sent twice is stored once.

const form = document.getElementById("reading-form");

function newId() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function nowHHMM() {
  const d = new Date();
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

if (form) {
  const queueKey = `csw-queue-${form.dataset.session}`;
  const rejectedKey = `csw-rejected-${form.dataset.session}`;
  const panel = document.getElementById("sync-panel");
  const status = document.getElementById("sync-status");
  const list = document.getElementById("queued-list");
  const count = document.getElementById("server-count");
  const error = document.getElementById("record-error");
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  let sending = false;
  let note = "";
  let shown = false;

  const load = (key) => {
    try {
      return JSON.parse(localStorage.getItem(key) || "[]");
    } catch {
      return [];
    }
  };
  const save = (key, rows) => localStorage.setItem(key, JSON.stringify(rows));

  function render() {
    const queue = load(queueKey);
    const rejected = load(rejectedKey);
    shown = shown || queue.length > 0 || rejected.length > 0 || Boolean(note);
    panel.hidden = !shown;
    const waiting = queue.length
      ? `${queue.length} vehicle${queue.length === 1 ? "" : "s"} saved on this phone, waiting to send.`
      : "Every vehicle has been sent.";
    status.textContent = note ? `${waiting} ${note}` : waiting;
    list.replaceChildren(
      ...queue.map((r) => {
        const li = document.createElement("li");
        li.textContent = `${r.time} ${r.registration} ${r.speed} mph (waiting)`;
        return li;
      }),
      ...rejected.map((r) => {
        const li = document.createElement("li");
        li.textContent = `${r.time} ${r.registration} ${r.speed} mph not accepted: ${r.problem}`;
        return li;
      }),
    );
  }

  async function sync() {
    const queue = load(queueKey);
    if (sending || queue.length === 0) {
      render();
      return;
    }
    if (!navigator.onLine) {
      note = "No signal: they will be sent when there is one.";
      render();
      return;
    }
    sending = true;
    try {
      const response = await fetch(form.dataset.syncUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token },
        body: JSON.stringify({ readings: queue }),
      });
      const type = response.headers.get("Content-Type") || "";
      if (!type.includes("application/json")) {
        note = "Sign in again to send them; they are kept on this phone.";
        return;
      }
      const data = await response.json();
      if (!response.ok) {
        note = data.error || "The server did not accept them; they are kept on this phone.";
        return;
      }
      const stored = new Set(data.stored);
      const errors = data.errors || {};
      const rejected = load(rejectedKey);
      for (const r of queue) {
        if (errors[r.client_id]) rejected.push({ ...r, problem: errors[r.client_id].join("; ") });
      }
      // Keep anything queued while this request was on its way.
      save(queueKey, load(queueKey).filter((r) => !stored.has(r.client_id) && !errors[r.client_id]));
      save(rejectedKey, rejected);
      note = "";
      count.textContent = `${data.count} vehicle${data.count === 1 ? "" : "s"} received so far.`;
    } catch {
      note = "No signal: they will be sent when there is one.";
    } finally {
      sending = false;
      render();
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const reading = {
      client_id: newId(),
      registration: String(data.get("registration") || "").trim().toUpperCase(),
      speed: String(data.get("speed") || "").trim(),
      direction: String(data.get("direction") || ""),
      make: String(data.get("make") || "").trim(),
      model: String(data.get("model") || "").trim(),
      colour: String(data.get("colour") || "").trim(),
      time: String(data.get("time") || "").trim() || nowHHMM(),
    };
    const missing = [];
    if (!reading.registration) missing.push("the registration");
    if (!/^\d{1,3}$/.test(reading.speed)) missing.push("the speed in whole mph");
    if (!reading.direction) missing.push("the direction");
    if (missing.length) {
      error.hidden = false;
      error.textContent = `Enter ${missing.join(", ")}`;
      return;
    }
    error.hidden = true;
    const queue = load(queueKey);
    queue.push(reading);
    save(queueKey, queue);
    for (const name of ["registration", "speed", "make", "model", "colour"]) form.elements[name].value = "";
    form.elements.time.value = nowHHMM();
    form.elements.registration.focus();
    render();
    sync();
  });

  document.getElementById("sync-now").addEventListener("click", sync);
  // Back online: send now, and again shortly in case the connection was not quite up yet.
  window.addEventListener("online", () => {
    sync();
    setTimeout(sync, 2000);
  });
  setInterval(sync, 15000);
  render();
  sync();
}
