// One renderer per flow state. render(ctx) builds the screen; update(ctx, root) refreshes what
// changes every second (scan feedback) without rebuilding it. Every instruction has a pictogram.
import { h, pict, ltr, replace } from "./dom.js";
import { t, catalog } from "./i18n.js";
import { fieldsInReviewOrder } from "./record.js";

const FEEDBACK_PICT = {
  no_document: "p-no-document", too_small: "p-closer", blurred: "p-blurred", glare: "p-glare",
  too_dark: "p-dark", partially_visible: "p-partial", hold_still: "p-still", unreadable: "p-unreadable",
  ok: "p-reading", wrong_side: "p-wrong-side",
};
const FEEDBACK_WARN = new Set(["too_small", "blurred", "glare", "too_dark", "partially_visible", "wrong_side", "unreadable"]);

const instruction = (id, text) => h("div", { class: "instruction" }, pict(id), h("p", {}, text));

function attract(ctx) {
  const rotating = h("p", { class: "rotating", "data-testid": "attract-rotating" });
  const root = h("section", { class: "attract", "data-screen": "attract", onclick: () => ctx.send("start") },
    h("div", { class: "hero" }, pict("p-touch")),
    h("h1", {}, t("attract.title")),
    rotating,
    h("div", { class: "choices" }, h("button", { type: "button", class: "big primary", "data-testid": "start" }, pict("p-touch"), t("attract.start"))));
  // "Touch to start" in each language, one after another, each in its own script and direction.
  const codes = ctx.languages.map((l) => l.code);
  let i = 0;
  const next = () => {
    const code = codes.length ? codes[i++ % codes.length] : "en";
    const c = catalog(code);
    if (!c) return;
    rotating.lang = code;
    rotating.dir = c._meta && c._meta.dir === "rtl" ? "rtl" : "ltr";
    rotating.textContent = c["attract.body"];
  };
  next();
  const timer = setInterval(next, 2500);
  root.cleanup = () => clearInterval(timer);
  return root;
}

function language(ctx) {
  const tiles = ctx.languages.map((l) => h("div", { class: "lang-tile" },
    h("button", { type: "button", class: "lang", lang: l.code, dir: l.dir, "data-lang": l.code, onclick: () => ctx.send("language", l.code) }, l.name),
    l.voice ? h("button", { type: "button", class: "say", "aria-label": l.name, "data-say": l.code,
                            onclick: (e) => ctx.say(l.code, "language", e.currentTarget) }, pict("p-speaker")) : null));
  return h("section", { "data-screen": "language" },
    h("div", { class: "hero" }, pict("p-language")),
    h("h1", {}, t("language.title")),
    h("div", { class: "languages" }, tiles));
}

function consent(ctx) {
  return h("section", { "data-screen": "consent" },
    h("div", { class: "hero" }, pict("p-privacy")),
    h("h1", {}, t("consent.title")),
    instruction("p-document", t("consent.body1")),
    instruction("p-camera-lost", t("consent.body2")),
    instruction("p-help", t("consent.body3")),
    h("div", { class: "choices sticky-confirm" },
      h("button", { type: "button", class: "big primary", "data-testid": "agree", onclick: () => ctx.send("consent") }, pict("p-agree"), t("consent.agree")),
      h("button", { type: "button", class: "big secondary", "data-testid": "decline", onclick: () => ctx.send("decline") }, pict("p-decline"), t("consent.decline"))));
}

function scan(ctx) {
  const img = h("img", { src: "/preview.mjpg", alt: "", "data-testid": "preview" });
  // The stream ends when the camera goes; ask again every 2 s (the server says when it is back).
  let retry = null;
  img.addEventListener("error", () => {
    img.classList.add("broken");
    retry = setTimeout(() => { if (img.isConnected) img.src = `/preview.mjpg?t=${Date.now()}`; }, 2000);
  });
  img.addEventListener("load", () => img.classList.remove("broken"));
  const root = h("section", { "data-screen": "scan" },
    h("h1", {}, t("scan.title")),
    instruction("p-scan", t("scan.body")),
    h("div", { class: "scan-layout" },
      // The feedback's pictogram also sits on the picture itself, where the person is looking.
      h("div", { class: "scan-view" }, img, h("div", { class: "guide" }), h("div", { class: "live-hint", "aria-hidden": "true" })),
      h("div", { class: "feedback-col" },
        h("div", { class: "feedback", role: "status", "data-testid": "feedback" }),
        h("div", { class: "progress", "aria-hidden": "true" }, h("div")))));
  // An <img> on an MJPEG stream keeps its connection open until its source goes.
  root.cleanup = () => { clearTimeout(retry); img.removeAttribute("src"); };
  return root;
}

function updateScan(ctx, root) {
  const s = ctx.state;
  const box = root.querySelector(".feedback");
  const lost = s.camera === "lost";
  const kind = lost ? "camera_lost" : (s.feedback || "no_document");
  if (box.dataset.kind !== kind) {
    box.dataset.kind = kind;
    box.className = `feedback${lost ? " camera-lost" : FEEDBACK_WARN.has(kind) ? " warn" : ""}`;
    const id = lost ? "p-camera-lost" : FEEDBACK_PICT[kind] || "p-no-document";
    replace(box, pict(id), h("p", {}, lost ? t("scan.camera_lost") : t(`feedback.${kind}`)));
    replace(root.querySelector(".live-hint"), pict(id));
  }
  const confidence = s.scan && typeof s.scan.confidence === "number" ? s.scan.confidence : 0;
  root.querySelector(".progress > div").style.width = `${Math.round(Math.min(1, Math.max(0, confidence)) * 100)}%`;
  root.querySelector(".guide").classList.toggle("ok", kind === "ok" || kind === "hold_still");
}

function sourceOf(field) {
  const src = field.source || "";
  if (src === "mrz") return ["p-source-mrz", t("source.mrz")];
  if (src.startsWith("barcode")) return ["p-source-barcode", t("source.barcode")];
  if (src === "staff") return ["p-source-staff", t("source.staff")];
  return ["p-source-typed", t("source.typed")];
}

function fieldLabel(name) {
  const text = t(`field.${name}`);
  return text === `field.${name}` ? `${t("field.other")} (${name})` : text;
}

function review(ctx) {
  const rows = fieldsInReviewOrder(ctx.state.record).map((f) => {
    const [srcPict, srcText] = sourceOf(f);
    const typed = f.source === "typed" || f.source === "staff";
    return h("div", { class: `field${typed ? " typed" : ""}`, "data-field": f.name },
      h("span", { class: "label" }, fieldLabel(f.name)),
      h("span", { class: "value" }, ltr(f.value || "\u2014")),
      h("span", { class: "source" },
        h("span", {}, pict(srcPict), srcText),
        f.checked ? h("span", { class: "checked" }, pict("p-check"), t("check.ok"))
                  : h("span", { class: "unchecked" }, pict("p-unchecked"), t("check.none")),
        f.previous != null ? h("span", { class: "previous" }, `${t("review.before")}: `, ltr(f.previous)) : null),
      h("button", { type: "button", class: "edit", "data-edit": f.name, onclick: () => ctx.edit(f.name, fieldLabel(f.name), f.value) },
        pict("p-edit"), t("review.edit")));
  });
  return h("section", { "data-screen": "review" },
    h("h1", {}, t("review.title")),
    instruction("p-edit", t("review.body")),
    h("div", { class: "fields" }, rows),
    h("div", { class: "sticky-confirm" },
      h("button", { type: "button", class: "big primary", "data-testid": "confirm", onclick: () => ctx.send("confirm") }, pict("p-agree"), t("review.confirm"))));
}

function done(ctx) {
  const declined = ctx.state.outcome === "declined";
  return h("section", { "data-screen": declined ? "done-declined" : "done-confirmed" },
    h("div", { class: "hero" }, pict(declined ? "p-source-staff" : "p-agree")),  // declined: staff will help
    h("h1", {}, t(declined ? "done.declined.title" : "done.confirmed.title")),
    instruction(declined ? "p-wait" : "p-document", t(declined ? "done.declined.body" : "done.confirmed.body")),
    declined ? null : h("div", { class: "hero" }, pict("p-wait")));
}

export const SCREENS = {
  attract: { render: attract },
  language: { render: language },
  consent: { render: consent },
  scan: { render: scan, update: updateScan },
  review: { render: review },
  done: { render: done },
};
