// The kiosk UI: follows the server's state (SSE), draws the screen for it, and sends the
// person's events. All flow decisions are the server's; this file only shows and asks.
import { h, pict, replace } from "./dom.js";
import * as api from "./api.js";
import { loadCatalog, setLanguage, language, t, meta, translateStatic } from "./i18n.js";
import { SCREENS } from "./screens.js";
import { openKeyboard } from "./keyboard.js";
import { openStaff } from "./staff.js";
import { promptFor, play, stop } from "./prompts.js";

// The countdown shows in the last 20 s, or the last half of a shorter timeout.
const COUNTDOWN_FROM_S = 20;
const TOUCH_EVERY_MS = 4000;
const TEXT_SCALES = [0.85, 1, 1.15, 1.3, 1.5, 1.75];
const $ = (id) => document.getElementById(id);

const ui = {
  state: null,
  languages: [],
  rendered: null,   // signature of the screen on display
  root: null,       // its element
  textScale: 1,     // index in TEXT_SCALES; kept until the session ends (back to attract)
  lastTouch: 0,
  ack: null,        // "help" | "protection" while its acknowledgement is shown
};

async function loadSprite() {
  const text = await (await fetch("pictograms.svg")).text();
  const holder = document.createElement("div");
  holder.innerHTML = text;
  document.body.prepend(holder.firstElementChild);
}

function voiceFor(code) {
  const l = ui.languages.find((x) => x.code === code);
  return !!(l && l.voice);
}

// Sends an event and shows the state it answers; a refusal (400) leaves the screen as is.
async function send(event, value) {
  try {
    const next = await api.sendEvent(event, value);
    if (event !== "touch") enqueue(next);  // a touch's answer may overtake another's
    return true;
  } catch (e) {
    if (e.status !== 400) console.warn("event failed", event, e.status);
    return false;
  }
}

function signature(s) {
  const record = s.state === "review" ? JSON.stringify(s.record && s.record.fields) : "";
  return [s.state, s.outcome, language(), ui.languages.length, record].join("|");
}

let chain = Promise.resolve();
function enqueue(next) {
  chain = chain.then(() => apply(next)).catch((e) => console.error(e));
}

async function apply(next) {
  const previous = ui.state;
  ui.state = next;
  const code = next.language || "en";
  if (language() !== code || document.documentElement.lang !== code) {
    try { await loadCatalog(code); } catch { /* unknown catalog: English stays */ }
    setLanguage(code);
    translateStatic();
    ui.rendered = null;
  }
  if (next.state === "attract" && previous && previous.state !== "attract") endOfSession();

  const screen = SCREENS[next.state] || SCREENS.attract;
  const sig = signature(next);
  const ctx = { state: next, languages: ui.languages, send, say, edit };
  if (sig !== ui.rendered) {
    if (ui.root && ui.root.cleanup) ui.root.cleanup();
    ui.root = screen.render(ctx);
    ui.rendered = sig;
    replace($("screen"), ui.root);
    $("screen").scrollTop = 0;
    // For the load-time measurement (tests/kiosk): time from navigation to the first screen drawn.
    if (!performance.getEntriesByName("kiosk:first-screen").length) performance.mark("kiosk:first-screen");
    document.body.dataset.state = next.state;
  }
  if (screen.update) screen.update(ctx, ui.root);
  chrome(next);
}

// Everything around the screen: buttons that depend on the state, markers, countdown.
function chrome(s) {
  const inFlow = ["language", "consent", "scan", "review"].includes(s.state);
  $("btn-back").hidden = !["language", "consent", "scan"].includes(s.state);
  $("btn-restart").hidden = !inFlow;
  $("btn-listen").hidden = !voiceFor(s.language || "en") || !promptFor(s);
  const flags = s.flags || {};
  $("btn-protection").setAttribute("aria-pressed", String(!!flags.protection));
  $("btn-help").setAttribute("aria-pressed", String(!!flags.help));
  $("uncalibrated").hidden = s.calibrated !== false;
  const note = $("unreviewed");
  note.hidden = !s.language || meta().reviewed === true;
  note.textContent = t("language.unreviewed");
  countdown(s);
  if (s.state === "attract" && !$("dialog").hidden && ui.ack) closeDialog();
}

function countdown(s) {
  const layer = $("countdown");
  const remaining = s.inactivity ? s.inactivity.remaining_s : null;
  const from = Math.min(COUNTDOWN_FROM_S, ((s.inactivity && s.inactivity.timeout_s) || 90) / 2);
  const show = s.state !== "attract" && s.state !== "done" && typeof remaining === "number" && remaining <= from;
  if (!show) { layer.hidden = true; return; }
  if (layer.hidden) {
    replace(layer, h("div", { class: "box", role: "alertdialog", "aria-modal": "true", "data-testid": "countdown" },
      pict("p-clock", "huge"),
      h("h2", {}, t("inactivity.title")),
      h("p", { class: "count", "data-testid": "countdown-count" }),
      h("p", { class: "count-text" }),
      h("button", { type: "button", class: "big primary", onclick: () => { send("touch"); layer.hidden = true; } },
        pict("p-touch"), t("inactivity.continue"))));
    layer.hidden = false;
  }
  const n = Math.max(0, Math.ceil(remaining));
  layer.querySelector(".count").textContent = String(n);
  layer.querySelector(".count-text").textContent = t("inactivity.body", { n });
}

// A new person: text size and open dialogs of the last one go with the session.
function endOfSession() {
  ui.textScale = 1;
  applyTextScale();
  closeDialog();
  stop();
}

function applyTextScale() {
  document.documentElement.style.setProperty("--text-scale", String(TEXT_SCALES[ui.textScale]));
}

function closeDialog() {
  const layer = $("dialog");
  layer.hidden = true;
  layer.replaceChildren();
  ui.ack = null;
}

function say(code, key, button) {
  play(code, key, button);
}

function edit(name, label, value) {
  openKeyboard($("dialog"), {
    label, value,
    onOk: (text) => send("edit", { field: name, value: text }),
  });
}

// "I need help" / "I want to ask for international protection": set the flag, say so calmly.
async function request(kind) {
  await send(kind);
  ui.ack = kind;
  const layer = $("dialog");
  const code = (ui.state && ui.state.language) || "en";
  replace(layer, h("div", { class: "box", role: "dialog", "aria-modal": "true", "data-testid": `ack-${kind}` },
    pict(kind === "protection" ? "p-protection" : "p-help", "huge"),
    h("p", { class: "lead" }, t(`ack.${kind}`)),
    h("div", { class: "choices" },
      voiceFor(code) ? h("button", { type: "button", class: "tool listen", "aria-label": t("common.listen"),
                                     onclick: (e) => say(code, `ack_${kind}`, e.currentTarget) }, pict("p-speaker")) : null,
      h("button", { type: "button", class: "big primary", onclick: closeDialog }, pict("p-agree"), t("ack.close")))));
  layer.hidden = false;
}

function wire() {
  $("btn-back").addEventListener("click", () => send("back"));
  $("btn-restart").addEventListener("click", () => send("cancel"));
  $("btn-protection").addEventListener("click", () => request("protection"));
  $("btn-help").addEventListener("click", () => request("help"));
  $("btn-listen").addEventListener("click", (e) => {
    const s = ui.state;
    if (s) say(s.language || "en", promptFor(s), e.currentTarget);
  });
  $("btn-larger").addEventListener("click", () => { ui.textScale = Math.min(TEXT_SCALES.length - 1, ui.textScale + 1); applyTextScale(); });
  $("btn-smaller").addEventListener("click", () => { ui.textScale = Math.max(0, ui.textScale - 1); applyTextScale(); });
  $("btn-staff").addEventListener("click", () => openStaff($("staff")));
  // Any touch during a session keeps it alive (the server counts down from the last event).
  document.addEventListener("pointerdown", () => {
    const s = ui.state;
    if (!s || s.state === "attract" || Date.now() - ui.lastTouch < TOUCH_EVERY_MS) return;
    ui.lastTouch = Date.now();
    send("touch");
  }, { capture: true });
}

// The browser may come up before the kiosk's server does: ask until it answers.
async function stateWhenUp() {
  for (;;) {
    try { return await api.getState(); } catch { await new Promise((r) => setTimeout(r, 1000)); }
  }
}

async function main() {
  wire();
  // The first screen waits only for the state and English; the pictograms and the language
  // list follow (a <use> draws as soon as the sprite arrives; the screen is drawn again then).
  const sprite = loadSprite().catch(() => {});
  const languages = api.getLanguages().catch(() => []);
  const [, state] = await Promise.all([loadCatalog("en").catch(() => {}), stateWhenUp()]);
  translateStatic();
  enqueue(state);
  api.subscribe(enqueue);
  const list = await languages;
  ui.languages = Array.isArray(list) ? list : [];
  await sprite;
  if (ui.state) enqueue(ui.state);  // redrawn: its signature counts the languages
  // The attract screen greets in every language: fetch the others once the first screen is up.
  for (const l of ui.languages) loadCatalog(l.code).catch(() => {});
}

main().catch((e) => console.error(e));
