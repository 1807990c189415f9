// Browser tests of the kiosk UI against the real docintake-kiosk (run by run.sh, registered
// as the ctest kiosk_ui_test). Node's test runner; Debian's chromium through playwright-core.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { Kiosk, LANGUAGES, STAFF_PIN, env } from "./lib/kiosk_process.mjs";
import { launch } from "./lib/browser.mjs";
import { shoot, SCREENS } from "./lib/screenshots.mjs";
import { loadTruth } from "./lib/truth.mjs";

const SCAN_TIMEOUT_MS = 60000;
let kiosk, browser, truth;
let reviewState = null;  // the real kiosk's state on the review screen, for the screenshots
const confirmed = [];    // what the English flow confirmed, checked in the store once the kiosk stopped

before(async () => {
  truth = loadTruth();
  kiosk = await new Kiosk().start();
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (kiosk) {
    await kiosk.stop();
    kiosk.cleanup();
  }
});

const fieldText = (page, name) => page.locator(`[data-field="${name}"] .value`).innerText();

async function toScan(page, code) {
  await page.click('[data-testid="start"]');
  await page.click(`[data-lang="${code}"]`);
  await page.waitForSelector(`html[lang="${code}"] [data-screen="consent"]`);
  await page.click('[data-testid="agree"]');
  await page.waitForSelector('[data-screen="scan"]');
}

// The kiosk's keyboard: backspace `erase` times, then type `text` key by key.
async function typeOnKeyboard(page, erase, text) {
  for (let i = 0; i < erase; i++) await page.click('[data-key="backspace"]');
  for (const ch of text) await page.click(`[data-key="${ch === " " ? "space" : ch}"]`);
}

test("the UI loads and shows its first screen in under a second", async () => {
  const page = await browser.newPage();
  const times = [];
  const outside = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    await page.goto(kiosk.url);
    await page.waitForSelector('[data-screen="attract"] h1');
    outside.push(performance.now() - t0);
    // The page's own clock: from the navigation's start to the first screen's elements in place.
    times.push(await page.evaluate(() => performance.getEntriesByName("kiosk:first-screen")[0].startTime));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`# UI load, 7 loads: navigation start -> first screen drawn: median ${median(times).toFixed(0)} ms, ` +
              `max ${Math.max(...times).toFixed(0)} ms; seen from the test (goto + wait): median ${median(outside).toFixed(0)} ms`);
  assert.ok(times.every((t) => t > 0));
  assert.deepEqual(page.errors || [], []);
  await page.close();
});

test("English: the whole flow, a correction on the kiosk's keyboard, protection, confirm -> outbox", async () => {
  const page = await browser.newPage();
  await page.goto(kiosk.url);
  await page.waitForSelector('[data-screen="attract"]');
  const before = (await kiosk.staffStatus()).outbox.pending;
  await toScan(page, "en");
  assert.equal(await page.locator('[data-testid="preview"]').getAttribute("src"), "/preview.mjpg");

  // Text size: A+ holds across screens for this person.
  await page.click("#btn-larger");
  const scale = () => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--text-scale").trim());
  assert.equal(await scale(), "1.15");

  await page.waitForSelector('[data-screen="review"]', { timeout: SCAN_TIMEOUT_MS });
  assert.equal(await scale(), "1.15");
  for (const [name, value] of Object.entries(truth)) {
    assert.equal(await fieldText(page, name), value || "\u2014", `field ${name}`);
  }
  reviewState = await kiosk.state();

  // A value the record refuses: the keyboard stays open and says so; cancel leaves the field as read.
  await page.click('[data-edit="sex"]');
  await typeOnKeyboard(page, 1, "Q");
  await page.click('[data-key="ok"]');
  await page.waitForFunction(() => document.querySelector(".kb-error").textContent.length > 0);
  assert.equal(await page.locator(".kb-error").innerText(), "This value cannot be used. Please check it.");
  await page.click('[data-key="cancel"]');
  await page.waitForSelector(".kb", { state: "detached" });
  assert.equal((await kiosk.state()).record.fields.sex.value, truth.sex);

  // Correct the surname on the kiosk's own keyboard.
  const original = truth.surname;
  const corrected = original.split(" ")[0].slice(0, -1) + "Q";
  await page.click('[data-edit="surname"]');
  await typeOnKeyboard(page, original.length - corrected.length + 1, "Q");
  assert.equal(await page.locator('[data-testid="kb-display"]').innerText(), corrected);
  await page.click('[data-key="ok"]');
  await page.waitForSelector(".kb", { state: "detached" });
  const edited = (await kiosk.state()).record.fields.surname;
  assert.equal(edited.value, corrected);
  assert.equal(edited.previous, original);
  assert.equal(edited.source, "typed");
  assert.equal(edited.changed_by, "person");
  assert.equal(await fieldText(page, "surname"), corrected);

  // "I want to ask for international protection": a flag and a calm acknowledgement.
  await page.click("#btn-protection");
  await page.waitForSelector('[data-testid="ack-protection"]');
  assert.equal((await kiosk.state()).flags.protection, true);
  assert.equal(await page.getAttribute("#btn-protection", "aria-pressed"), "true");
  await page.click('[data-testid="ack-protection"] .primary');

  await page.click('[data-testid="confirm"]');
  await page.waitForSelector('[data-screen="done-confirmed"]');
  const state = await kiosk.state();
  assert.equal(state.outcome, "confirmed");
  assert.equal(state.record, null);

  assert.equal((await kiosk.staffStatus()).outbox.pending, before + 1);
  confirmed.push({ surname: corrected, previous: original });

  // Staff: PIN pad, then the status shows the record waiting in the outbox.
  await page.click("#btn-staff");
  for (const d of STAFF_PIN) await page.click(`[data-pin="${d}"]`);
  await page.click('[data-pin="ok"]');
  await page.waitForSelector('[data-testid="staff-panel"] dl');
  const status = await page.locator('[data-testid="staff-status"]').innerText();
  assert.match(status, /pending\s+1/);
  assert.ok(!status.includes(original.split(" ")[0]), "no personal data on the staff screen");
  await page.click('[data-testid="staff-logout"]');
  assert.deepEqual(page.errors || [], []);
  await page.close();
});

test("Arabic: right-to-left page, MRZ values isolated left-to-right; cancel wipes the session", async () => {
  const page = await browser.newPage();
  await page.goto(kiosk.url);
  await kiosk.event("cancel");
  await page.waitForSelector('[data-screen="attract"]');
  await toScan(page, "ar");
  assert.equal(await page.getAttribute("html", "dir"), "rtl");
  assert.equal(await page.getAttribute("html", "lang"), "ar");
  await page.waitForSelector('[data-screen="review"]', { timeout: SCAN_TIMEOUT_MS });
  assert.equal(await fieldText(page, "document_number"), truth.document_number);
  const isolation = await page.evaluate(() => [...document.querySelectorAll(".field .value")].map((v) => {
    const bdi = v.querySelector("bdi");
    return { dir: bdi && bdi.getAttribute("dir"), direction: bdi && getComputedStyle(bdi).direction, field: getComputedStyle(v).direction };
  }));
  assert.ok(isolation.length >= 5);
  for (const v of isolation) assert.deepEqual(v, { dir: "ltr", direction: "ltr", field: "rtl" });
  // The labels are Arabic; the layout is mirrored (the edit button sits left of the value).
  const box = async (sel) => page.locator(sel).first().boundingBox();
  assert.ok((await box('[data-field="surname"] .edit')).x < (await box('[data-field="surname"] .value')).x);

  await page.click("#btn-restart");
  await page.waitForSelector('html[lang="en"] [data-screen="attract"]');
  const state = await kiosk.state();
  assert.equal(state.state, "attract");
  assert.equal(state.record, null);
  assert.equal(state.language, null);
  assert.deepEqual(page.errors || [], []);
  await page.close();
});

test("declining ends politely and stores nothing", async () => {
  const page = await browser.newPage();
  await page.goto(kiosk.url);
  await page.waitForSelector('[data-screen="attract"]');
  const before = (await kiosk.staffStatus()).outbox;
  await page.click('[data-testid="start"]');
  await page.click('[data-lang="tr"]');
  await page.waitForSelector('html[lang="tr"] [data-screen="consent"]');
  await page.click("#btn-back");  // back to the languages: choose another
  await page.waitForSelector('[data-screen="language"]');
  await page.click('[data-lang="de"]');
  await page.click('[data-testid="decline"]');
  await page.waitForSelector('html[lang="de"] [data-screen="done-declined"]');
  const state = await kiosk.state();
  assert.equal(state.outcome, "declined");
  assert.equal(state.record, null);
  const after = (await kiosk.staffStatus()).outbox;
  assert.equal(after.pending + after.delivered + after.failed, before.pending + before.delivered + before.failed);
  await kiosk.event("cancel");
  await page.close();
});

test("inactivity: a countdown that a touch extends, then the session is wiped", async () => {
  const short = await new Kiosk({ inactivitySeconds: 8 }).start();
  try {
    const page = await browser.newPage();
    await page.goto(short.url);
    await page.click('[data-testid="start"]');
    await page.click('[data-lang="fr"]');
    await page.click("#btn-help");
    await page.waitForSelector('[data-testid="ack-help"]');
    assert.equal((await short.state()).flags.help, true);
    await page.waitForSelector('[data-testid="countdown"]', { timeout: 8000 });
    const low = await short.waitState((s) => s.inactivity.remaining_s <= 3, 8000, "countdown <= 3 s");
    await page.click('[data-testid="countdown"] .primary');  // "Continuer"
    const extended = await short.state();
    assert.ok(extended.inactivity.remaining_s > low.inactivity.remaining_s, JSON.stringify(extended.inactivity));
    assert.equal(extended.state, "consent");
    // No more touches: back to the start, nothing of the session left.
    const wiped = await short.waitState((s) => s.state === "attract", 15000, "inactivity timeout");
    assert.equal(wiped.language, null);
    assert.equal(wiped.record, null);
    assert.deepEqual(wiped.flags, { protection: false, help: false });
    await page.waitForSelector('html[lang="en"] [data-screen="attract"]', { timeout: 5000 });
    assert.equal(await page.locator('[data-testid="ack-help"]').count(), 0, "the acknowledgement went with the session");
    await page.close();
  } finally {
    await short.stop();
    short.cleanup();
  }
});

test("spoken prompts: a speaker for the languages with a voice, on the language tiles too; none for the others", async () => {
  const VOICED = ["ar", "bn", "de", "en", "es", "fa", "fr", "kmr", "mk", "prs", "ru", "sh", "sq", "tr", "uk", "ur"];
  let espeak = true;
  try { execFileSync("sh", ["-c", "command -v espeak-ng"]); } catch { espeak = false; }
  const languages = await (await fetch(`${kiosk.url}/api/languages`)).json();
  assert.deepEqual(languages.map((l) => l.code), LANGUAGES, "the configured order");
  assert.deepEqual(languages.filter((l) => l.voice).map((l) => l.code).sort(), espeak ? VOICED : [],
                   "languages with a voice (espeak-ng installed: the target docintake_kiosk_audio makes their prompts)");
  if (!espeak) return;

  const page = await browser.newPage();
  await page.goto(kiosk.url);
  await page.click('[data-testid="start"]');
  assert.equal(await page.locator('[data-say="ps"]').count(), 0);
  await page.click('[data-say="ur"]');  // hear a language's name before choosing it
  await page.waitForFunction(() => document.getElementById("voice").currentSrc.endsWith("/audio/ur/language.wav"));
  await page.click('[data-lang="ps"]');
  await page.waitForSelector('html[lang="ps"] [data-screen="consent"]');
  assert.equal(await page.isHidden("#btn-listen"), true, "no voice for Pashto: no speaker button");
  await page.click("#btn-restart");
  await page.click('[data-testid="start"]');
  await page.click('[data-lang="ar"]');
  await page.waitForSelector('html[lang="ar"] [data-screen="consent"]');
  await page.click("#btn-listen");
  const audio = await page.waitForFunction(() => {
    const a = document.getElementById("voice");
    return a.currentSrc.endsWith("/audio/ar/consent.wav") && a.readyState >= 1 && { duration: a.duration, error: a.error && a.error.code };
  });
  const { duration, error } = await audio.jsonValue();
  assert.equal(error, null);
  assert.ok(duration > 5, `the consent prompt lasts ${duration} s`);
  await page.click("#btn-restart");
  await page.close();
});

test("screenshots of every screen in every language, and their layouts", async () => {
  assert.ok(reviewState && reviewState.record, "needs the English flow's review state");
  const outDir = env("DOCINTAKE_SCREENSHOT_DIR");
  const problems = [];
  problems.push(...await shoot(browser, kiosk, reviewState, { outDir, viewport: { width: 1280, height: 800 }, codes: LANGUAGES }));
  const subset = ["en", "ar", "ur", "bn", "ti", "uk"];
  problems.push(...await shoot(browser, kiosk, reviewState, { outDir, viewport: { width: 800, height: 480 }, codes: subset }));
  problems.push(...await shoot(browser, kiosk, reviewState, { outDir, viewport: { width: 1080, height: 1920 }, codes: subset }));
  await shoot(browser, kiosk, reviewState, { outDir, viewport: { width: 1280, height: 800 }, codes: ["en"], noText: true });
  // The largest text (A+ five times) in the tallest script, on the smallest screen and the usual one.
  for (const viewport of [{ width: 800, height: 480 }, { width: 1280, height: 800 }]) {
    problems.push(...await shoot(browser, kiosk, reviewState, { outDir, viewport, codes: ["ur"], screens: ["consent", "review", "keyboard"],
                                                                withCommon: false, larger: 5 }));
  }
  console.log(`# screenshots: ${LANGUAGES.length * SCREENS.length + 2 * subset.length * SCREENS.length + 12} in ${path.resolve(outDir)}, ` +
              `and ${SCREENS.length + 4} without text in 1280x800-no-text/`);
  assert.deepEqual(problems, []);
});

test("the store holds exactly the confirmed record, with the correction's previous value (checked with the CLI after SIGTERM)", async () => {
  assert.equal(confirmed.length, 1, "needs the English flow");
  const result = await kiosk.stop();
  assert.equal(result && result.code, 0, `docintake-kiosk did not exit 0 on SIGTERM: ${JSON.stringify(result)}\n${kiosk.log}`);
  const outbox = kiosk.outbox();
  assert.equal(outbox.length, 1, JSON.stringify(outbox));  // declined and cancelled sessions stored nothing
  assert.equal(outbox[0].state, "pending");
  const stored = JSON.parse(kiosk.cli("record", "show", "--store", kiosk.store, outbox[0].id));
  assert.equal(stored.fields.surname.value, confirmed[0].surname);
  assert.equal(stored.fields.surname.previous, confirmed[0].previous);
  assert.equal(stored.fields.surname.source, "typed");
  assert.ok(stored.flags.includes("protection_requested"), JSON.stringify(stored.flags));
  assert.equal(stored.consent.language, "en");
  assert.equal(stored.fields.document_number.value, truth.document_number);
});
