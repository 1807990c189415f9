// Staff mode: PIN pad, then the device's status (no personal data comes through this API).
// In English: staff are trained in it, and these words are not for the person at the kiosk.
import { h, pict, replace } from "./dom.js";
import * as api from "./api.js";

const REFRESH_MS = 1000;

export function openStaff(layer) {
  let token = null;
  let timer = null;
  const close = () => {
    clearInterval(timer);
    if (token) api.staffLogout(token).catch(() => {});
    token = null;
    layer.hidden = true;
    layer.replaceChildren();
    document.documentElement.classList.remove("staff-open");
  };

  function pinPad() {
    let pin = "";
    const display = h("div", { class: "pin-display", "data-testid": "pin-display" });
    const error = h("p", { class: "error", role: "alert" });
    const show = () => { display.textContent = "\u2022".repeat(pin.length); };
    const key = (label, onclick, attrs = {}) => h("button", { type: "button", onclick, ...attrs }, label);
    const digit = (d) => key(d, () => { if (pin.length < 12) { pin += d; show(); } }, { "data-pin": d });
    const submit = async () => {
      try {
        token = (await api.staffLogin(pin)).token;
        panel();
      } catch (e) {
        pin = ""; show();
        error.textContent = e.status === 423 ? "Locked after too many wrong PINs. Try again later." : "Wrong PIN.";
      }
    };
    replace(layer, h("div", { class: "box", role: "dialog", "aria-modal": "true", "aria-label": "Staff" },
      h("div", { class: "pin-head" }, h("h2", {}, pict("p-staff"), " Staff PIN"), key("Close", close, { "data-pin": "close" })),
      display, error,
      h("div", { class: "pinpad" },
        ..."123456789".split("").map(digit),
        key(pict("p-backspace"), () => { pin = pin.slice(0, -1); show(); }, { "aria-label": "Delete" }),
        digit("0"),
        key("OK", submit, { class: "primary", "data-pin": "ok" }))));
  }

  function panel() {
    const body = h("div", { class: "staff-grid", "data-testid": "staff-status" });
    const warning = h("div", { class: "staff-warning", hidden: true }, "Uncalibrated: this device has no camera profile; reading quality is not known.");
    const message = h("p", { role: "status" });
    // A destructive action asks for a second touch (no browser dialogs in kiosk mode).
    const act = (label, fn, confirmText) => {
      let armed = 0;
      const button = h("button", { type: "button", onclick: async () => {
        if (confirmText && Date.now() - armed > 5000) { armed = Date.now(); button.textContent = confirmText; return; }
        armed = 0; button.textContent = label;
        try { await fn(token); message.textContent = `${label}: done.`; refresh(); } catch (e) { message.textContent = `${label}: ${e.message}`; }
      } }, label);
      return button;
    };
    replace(layer, h("div", { class: "staff-panel", "data-testid": "staff-panel" },
      h("h2", {}, "Kiosk status"),
      h("div", { class: "staff-buttons" },
        act("Resend failed records", api.staffResend),
        act("Purge expired records", api.staffPurge, "Touch again to purge"),
        act("Run the self-test (hold the test card)", api.staffSelfTest),
        h("button", { type: "button", onclick: close, "data-testid": "staff-logout" }, "Log out")),
      message, warning, body));

    async function refresh() {
      try {
        const s = await api.staffStatus(token);
        warning.hidden = s.calibrated !== false;
        const test = await api.staffSelfTestStatus(token);
        replace(body, [...statusSections(s), selfTestSection(test)]);
      } catch (e) {
        if (e.status === 401) { token = null; close(); }
      }
    }
    refresh();
    timer = setInterval(refresh, REFRESH_MS);
  }

  document.documentElement.classList.add("staff-open");
  layer.dir = "ltr";  // whatever the person's language was
  layer.lang = "en";
  layer.hidden = false;
  pinPad();
  return close;
}

const fmt = (v) => (v === null || v === undefined || v === "" ? "\u2014" : typeof v === "number" && !Number.isInteger(v) ? v.toFixed(3) : String(v));
const list = (pairs) => h("dl", {}, pairs.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, fmt(v))]));

function statusSections(s) {
  const cam = s.camera || {}, rd = s.reader || {}, q = rd.quality || {}, ob = s.outbox || {}, rt = s.retention || {}, rq = s.requests || {};
  return [
    h("section", {}, h("h3", {}, "Camera"), list([["source", cam.source], ["status", cam.status], ["fps", cam.fps], ["frames", cam.frames]])),
    h("section", {}, h("h3", {}, "Reader"), list([["feedback", rd.feedback], ["last read (ms)", rd.last_read_ms], ["sharpness", q.sharpness],
      ["mean level", q.mean_level], ["clipped", q.clipped_fraction], ["glare", q.glare_fraction], ["noise", q.noise_sigma],
      ["motion", q.motion]])),
    h("section", {}, h("h3", {}, "Outbox"), list([["pending", ob.pending], ["delivered", ob.delivered], ["failed", ob.failed],
      ["last delivery", ob.last_delivery_at], ["last error", ob.last_error]])),
    h("section", {}, h("h3", {}, "Retention and requests"), list([["delivered kept (h)", rt.delivered_hours], ["undelivered kept (h)", rt.undelivered_hours],
      ["help requests", rq.help], ["protection requests", rq.protection], ["last request", rq.last_at], ["calibrated", s.calibrated]])),
  ];
}

// The self-test with the printed test card (docs/calibration.md): progress, then the verdict and its margins.
function selfTestSection(t) {
  const r = t.report;
  const rows = [["state", t.state === "running" ? `running (${t.frames} of ${t.of} frames)` : t.state]];
  if (r) {
    rows.push(["verdict", r.pass ? "PASS" : "FAIL"], ["reason", r.reason], ["read rate", r.read_rate],
      ["first stable read (ms)", r.first_stable_ms], ["blur margin (px)", r.blur_margin_px],
      ["distance margin", r.distance_margin], ["px/mm", r.px_per_mm]);
  }
  return h("section", { "data-testid": "staff-selftest" }, h("h3", {}, "Self-test"), list(rows));
}
