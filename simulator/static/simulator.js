// The simulator page: sends what a caller or texter does to the JSON API and shows the answers.
// It never reads TwiML: the server runs simulator/phone.py and answers captions and replies.
"use strict";

(function () {
  const API = "/simulator/api/devices";
  const $ = (id) => document.getElementById(id);
  let device = null;
  let queue = Promise.resolve(); // one request at a time, in the order the person acted
  let call = { ended: true, waiting: false, dialing: false };
  let sounds = [];
  const player = new Audio();
  let lastAutoOpen = null;

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => { if (v !== null && v !== undefined && v !== "") node.setAttribute(k, v); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function problem(message) { $("problem").textContent = message || ""; }

  async function post(path, body) {
    const resp = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body || {}),
    });
    let data = {};
    try { data = await resp.json(); } catch (e) { data = { error: "The server answered " + resp.status + "." }; }
    return { ok: resp.ok, status: resp.status, data };
  }

  function later(task) {
    queue = queue.then(task).catch((err) => problem("Could not reach the server: " + err.message));
    return queue;
  }

  async function ensureDevice() {
    if (device) return device;
    const { ok, data } = await post(API);
    if (!ok) throw new Error(data.error || "no pretend phone");
    device = data.device;
    $("number").textContent = data.number;
    return device;
  }

  // -- the phone --------------------------------------------------------------------------------
  function setEnabled(node, on) { node.setAttribute("aria-disabled", on ? "false" : "true"); }
  const isEnabled = (node) => node.getAttribute("aria-disabled") !== "true";

  function showCall(state) {
    call = state;
    const live = !state.ended;
    setEnabled($("call"), !live);
    setEnabled($("hangup"), live);
    document.querySelectorAll(".key").forEach((k) => setEnabled(k, state.waiting));
    setEnabled($("say"), state.waiting);
    setEnabled($("silence"), state.waiting);
    $("dial").hidden = !state.dialing;
    $("dial-number").textContent = state.dialed || "";
    $("call-status").textContent = state.ended ? "Not in a call. Press Call to start."
      : state.dialing ? "Connecting you to a person. Choose how that line answered."
      : state.waiting ? "In a call. The line is waiting for a key or words." : "In a call.";
  }

  function keepFocus(state) {
    // A keyboard user's focus must never fall off the page when a control hides.
    const here = document.activeElement;
    if (state.dialing) { $("dial").querySelector("button").focus(); return; }
    if (!here || here === document.body || here.closest("[hidden]")) (state.ended ? $("call") : document.querySelector(".key")).focus();
  }

  function caption(text, cls, lang) {
    const li = el("li", { class: cls, lang: lang || null }, text);
    $("captions").append(li);
    $("captions").scrollTop = $("captions").scrollHeight; // the screen scrolls, not the page
    return li;
  }

  function showHeard(heard) {
    sounds = [];
    let withSound = 0;
    heard.forEach((h) => {
      if (h.kind === "dial") { caption("[Calling " + h.number + "]", "event"); return; }
      if (h.kind === "hangup") { caption("[The call ended]", "event"); return; }
      const li = caption(h.text || "[a recording with no caption]", "line", h.lang);
      if (h.audio) { sounds.push({ url: h.audio, li }); withSound += 1; }
    });
    $("sound-note").textContent = heard.some((h) => h.kind === "say" || h.kind === "play") && !withSound
      ? "(no recording for these words: read the captions)" : "";
    playNext();
  }

  function stopSound() {
    sounds = [];
    player.pause();
    document.querySelectorAll(".captions .playing").forEach((n) => n.classList.remove("playing"));
  }

  function playNext() {
    document.querySelectorAll(".captions .playing").forEach((n) => n.classList.remove("playing"));
    if (!$("sound").checked || !sounds.length) return;
    const { url, li } = sounds.shift();
    li.classList.add("playing");
    player.src = url;
    player.play().catch(() => { li.classList.remove("playing"); $("sound-note").textContent = "(the browser did not play the sound)"; });
  }
  player.addEventListener("ended", playNext);
  player.addEventListener("error", playNext);

  function callAction(path, body, said) {
    stopSound();
    return later(async () => {
      await ensureDevice();
      if (said) caption(said, "you");
      const { ok, status, data } = await post(API + "/" + device + "/call" + path, body);
      if (data.exchanges) showSteps(said || "Call", data.exchanges);
      if (data.outbox) showOutbox(data.outbox);
      if (data.heard) showHeard(data.heard);
      if (data.call && data.call.ended && !call.ended && !(data.heard || []).some((h) => h.kind === "hangup")) caption("[The call ended]", "event");
      if (data.call) { showCall(data.call); keepFocus(data.call); }
      problem(ok ? "" : (status === 502 ? "The line answered something Twilio would refuse: " : "") + data.error);
    });
  }

  function guarded(node, handler) {
    node.addEventListener("click", (event) => {
      event.preventDefault();
      if (!isEnabled(node)) {
        problem(call.ended ? "There is no call yet. Press Call first." : "The line is not waiting for that now.");
        return;
      }
      problem("");
      handler(event);
    });
  }

  guarded($("call"), () => { $("captions").replaceChildren(); callAction("", {}, "You call the line."); });
  guarded($("hangup"), () => callAction("/hangup", {}, "You hang up."));
  guarded($("silence"), () => callAction("/silence", {}, "You stay silent."));
  document.querySelectorAll(".key").forEach((key) => {
    guarded(key, () => callAction("/key", { key: key.dataset.key }, "You press " + key.dataset.key + "."));
  });
  $("speech-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const words = $("speech").value.trim();
    if (!isEnabled($("say"))) { problem(call.ended ? "There is no call yet. Press Call first." : "The line is not listening now."); return; }
    if (!words) { problem("Type the words the caller says, then press Say."); $("speech").focus(); return; }
    $("speech").value = "";
    callAction("/speech", { words }, "You say: \u201c" + words + "\u201d");
  });
  document.querySelectorAll("#dial button").forEach((button) => {
    button.addEventListener("click", () => {
      callAction("/dial", { status: button.dataset.status }, "The person line: " + button.textContent + ".");
    });
  });
  $("sound").addEventListener("change", () => { if (!$("sound").checked) stopSound(); });

  // -- the text chat ----------------------------------------------------------------------------
  function segmentsNote(reply, channel) {
    const seg = reply.segments + (reply.segments === 1 ? " segment" : " segments");
    const chars = reply.chars + " characters, " + reply.encoding;
    return channel === "whatsapp" ? "WhatsApp · " + chars + " · as SMS: " + seg : "SMS · " + seg + " · " + chars;
  }

  function bubble(who, text, cls, lang) {
    const li = el("li", { class: "bubble " + cls, lang: lang || null });
    li.append(el("span", { class: "who" }, who), el("span", { class: "body" }, text));
    $("messages").append(li);
    $("messages").scrollTop = $("messages").scrollHeight;
    return li;
  }

  $("text-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const message = $("message").value;
    if (!message.trim()) { problem("Type a message, then press Send."); $("message").focus(); return; }
    const channel = document.querySelector("input[name=channel]:checked").value;
    $("message").value = "";
    problem("");
    later(async () => {
      await ensureDevice();
      bubble("You", message, "mine");
      const { ok, data } = await post(API + "/" + device + "/text", { message, channel });
      if (data.exchanges) showSteps("Text: " + message, data.exchanges);
      if (data.outbox) showOutbox(data.outbox);
      (data.replies || []).forEach((reply) => {
        const li = bubble("Line", reply.body, "theirs", data.language);
        li.append(el("span", { class: "meta" }, segmentsNote(reply, data.channel)));
        reply.media.forEach((url) => li.append(el("a", { href: url, class: "media" }, "Attachment")));
      });
      $("messages").scrollTop = $("messages").scrollHeight;
      if (ok && !(data.replies || []).length) bubble("Line", "(no reply" + (data.opted_out ? ": this number has opted out; send START" : "") + ")", "theirs quiet");
      if (data.language_name) $("chat-language").textContent = data.language_name;
      problem(ok ? "" : data.error);
    });
  });

  // -- the outbox and the reviewer's view -------------------------------------------------------
  function showOutbox(rows) {
    $("outbox-empty").hidden = rows.length > 0;
    $("outbox").replaceChildren(...rows.map((row) => {
      const li = el("li");
      li.append(el("span", { class: "meta" }, row.channel.toUpperCase() + " · " + row.status + " · " + row.segments + " segments"),
        el("span", { class: "body" }, row.body));
      return li;
    }));
  }

  function showSteps(title, exchanges) {
    if (!exchanges.length) return;
    if (lastAutoOpen && !lastAutoOpen.dataset.touched) lastAutoOpen.open = false;
    const details = el("details", { open: "open" });
    details.append(el("summary", {}, title.replace(/\.$/, "") + " · " + exchanges.length + (exchanges.length === 1 ? " request" : " requests")));
    details.querySelector("summary").addEventListener("click", () => { details.dataset.touched = "1"; });
    exchanges.forEach((ex) => {
      const box = el("div", { class: "exchange" });
      box.append(el("h4", {}, "POST " + ex.path + " → " + ex.status + " " + ex.content_type));
      const dl = el("dl");
      dl.append(el("dt", {}, "URL signed"), el("dd", {}, ex.url), el("dt", {}, "X-Twilio-Signature"), el("dd", {}, ex.signature));
      box.append(el("h5", {}, "Signed request"), dl);
      box.append(el("pre", { class: "params" }, Object.entries(ex.params).map(([k, v]) => k + "=" + v).join("\n")));
      box.append(el("h5", {}, ex.twiml ? "TwiML answer" : "Answer"), el("pre", { class: "twiml" }, ex.twiml || "(empty)"));
      details.append(box);
    });
    const li = el("li");
    li.append(details);
    $("steps").prepend(li);
    lastAutoOpen = details;
  }

  $("reviewer").addEventListener("change", () => { $("steps-area").hidden = !$("reviewer").checked; });
  $("steps-area").hidden = !$("reviewer").checked;

  showCall(call);
  later(ensureDevice);
})();
