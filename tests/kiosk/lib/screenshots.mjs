// Screenshots of every screen in every language (CI artifacts) and the layout checks made on
// each: nothing wider than the screen, every visible button at least 44x44 px.
// The states shown are the real kiosk's (recorded during the flow tests, record included) and
// are handed to the page by intercepting /api/state, /api/events and /api/event, so that each
// screen of each language is reached without scanning twenty times; everything else (UI,
// catalogs, languages, preview, audio) comes from the real server.
import fs from "node:fs";
import path from "node:path";
import { STAFF_PIN } from "./kiosk_process.mjs";

export const SCREENS = ["consent", "scan", "camera_lost", "review", "keyboard", "ack", "countdown", "done_confirmed", "done_declined"];

function stateFor(base, code, screen) {
  const s = structuredClone(base);
  Object.assign(s, { language: code, outcome: null, record: null, feedback: null, scan: null, camera: "ok",
                     flags: { protection: false, help: false }, inactivity: { timeout_s: 90, remaining_s: 80 } });
  switch (screen) {
    case "consent": case "ack": s.state = "consent"; break;
    case "scan": s.state = "scan"; s.feedback = "glare"; s.scan = { state: "searching", confidence: 0.3, frames: 12 }; break;
    case "camera_lost": s.state = "scan"; s.camera = "lost"; break;
    case "countdown": s.state = "scan"; s.feedback = "hold_still"; s.inactivity.remaining_s = 12; break;
    case "review": case "keyboard": s.state = "review"; s.record = base.record; break;
    case "done_confirmed": s.state = "done"; s.outcome = "confirmed"; break;
    case "done_declined": s.state = "done"; s.outcome = "declined"; break;
    default: throw new Error(screen);
  }
  return s;
}

async function layoutProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const doc = document.documentElement;
    const screen = document.getElementById("screen");
    if (screen.clientHeight < 0.35 * window.innerHeight) problems.push(`the screen keeps only ${screen.clientHeight}px of ${window.innerHeight}px between its bars`);
    if (doc.scrollWidth > window.innerWidth + 1) problems.push(`page ${doc.scrollWidth}px wide in ${window.innerWidth}px`);
    for (const el of document.querySelectorAll("button")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === "hidden") continue;
      if (r.width < 43.5 || r.height < 43.5) problems.push(`button "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
      // Buttons of an open dialog and the screen's main choices must be on screen without scrolling.
      const mustShow = el.closest(".layer:not([hidden])") || el.matches('[data-testid="agree"], [data-testid="decline"], [data-testid="confirm"]');
      if (mustShow && (r.top < 0 || r.bottom > window.innerHeight + 0.5 || r.left < 0 || r.right > window.innerWidth + 0.5))
        problems.push(`button "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 30)}" not fully on screen`);
      if (el.scrollWidth > el.clientWidth + 2) problems.push(`text overflows button "${el.textContent.trim().slice(0, 30)}"`);
    }
    // Every instruction and every action carries a pictogram (people who read no language).
    for (const el of document.querySelectorAll(".instruction, .feedback, .action, button.big, .box")) {
      if (el.closest("[hidden]") || el.closest(".staff")) continue;
      if (!el.querySelector("svg.pict")) problems.push(`no pictogram in ${el.className}: "${el.textContent.trim().slice(0, 30)}"`);
    }
    return problems;
  });
}

// The same screens with every word made invisible: what a person who reads no language sees.
export const NO_TEXT_CSS = "* { -webkit-text-fill-color: transparent !important; }";  // glyphs go, pictograms stay

// Renders `screens` for `codes` at one viewport; returns the layout problems found.
export async function shoot(browser, kiosk, base, { outDir, viewport, codes, screens = SCREENS, withCommon = true, noText = false, larger = 0 }) {
  const dir = path.join(outDir, `${viewport.width}x${viewport.height}${noText ? "-no-text" : ""}${larger ? "-largest-text" : ""}`);
  fs.mkdirSync(dir, { recursive: true });
  const page = await browser.newPage(viewport);
  const problems = [];
  let current = null;
  await page.route("**/api/state", (route) => route.fulfill({ json: current }));
  // One message per connection and a 50 ms reconnection delay: the page polls `current`.
  await page.route("**/api/events", (route) => route.fulfill({ status: 200, contentType: "text/event-stream",
                                                                body: `retry: 50\nevent: state\ndata: ${JSON.stringify(current)}\n\n` }));
  await page.route("**/api/event", (route) => route.fulfill({ json: current }));

  const snap = async (name) => {
    if (noText) await page.addStyleTag({ content: NO_TEXT_CSS });
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(dir, `${name}.png`) });
    for (const p of await layoutProblems(page)) problems.push(`${viewport.width}x${viewport.height} ${name}: ${p}`);
  };
  let loaded = false;
  const show = async (state, selector) => {
    current = state;
    if (!loaded) { await page.goto(kiosk.url, { waitUntil: "domcontentloaded" }); loaded = true; }
    await page.waitForSelector(selector, { timeout: 10000 });
    for (; larger > 0; larger--) await page.click("#btn-larger");  // A+ holds for the whole session
    await page.evaluate(() => { for (const l of document.querySelectorAll(".layer")) l.hidden = true; });
  };

  if (withCommon) {
    const attract = { ...stateFor(base, "en", "consent"), state: "attract", language: null };
    await show(attract, '[data-screen="attract"]');
    await snap("attract");
    await show({ ...attract, state: "language" }, '[data-screen="language"] [data-lang]');
    await snap("language");
    // The staff screen (English only), from the real server's staff API.
    await page.click("#btn-staff");
    await snap("staff-pin");
    for (const d of STAFF_PIN) await page.click(`[data-pin="${d}"]`);
    await page.click('[data-pin="ok"]');
    await page.waitForSelector('[data-testid="staff-status"] dl');
    await snap("staff");
    await page.click('[data-testid="staff-logout"]');
  }
  for (const code of codes) {
    for (const screen of screens) {
      const state = stateFor(base, code, screen);
      const selector = { consent: "consent", ack: "consent", scan: "scan", camera_lost: "scan", countdown: "scan", review: "review", keyboard: "review",
                         done_confirmed: "done-confirmed", done_declined: "done-declined" }[screen];
      await show(state, `html[lang="${code}"] [data-screen="${selector}"]`);
      if (screen === "keyboard") { await page.click('[data-edit="surname"]'); await page.waitForSelector(".kb"); }
      if (screen === "ack") { await page.click("#btn-protection"); await page.waitForSelector('[data-testid="ack-protection"]'); }
      if (screen === "countdown") await page.waitForSelector('[data-testid="countdown"]');
      if (screen === "camera_lost") await page.waitForSelector('[data-testid="feedback"][data-kind="camera_lost"]');
      if (screen === "scan") await page.waitForFunction(() => { const i = document.querySelector('[data-testid="preview"]'); return i && i.naturalWidth > 0; }, null, { timeout: 5000 }).catch(() => problems.push(`${code} scan: no camera preview`));
      await snap(`${code}-${screen}`);
    }
  }
  for (const e of page.errors || []) problems.push(`${viewport.width}x${viewport.height}: script error: ${e}`);
  await page.close();
  return problems;
}
