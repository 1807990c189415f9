// Debian's chromium driven by playwright-core (playwright's own browser download is not used).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--autoplay-policy=no-user-gesture-required"];

export async function launch() {
  const pw = await import(pathToFileURL(path.join(process.env.PLAYWRIGHT_CORE_DIR || "node_modules/playwright-core", "index.mjs")).href);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "docintake-chromium-"));
  const context = await pw.chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    async newPage(viewport = { width: 1280, height: 800 }) {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      page.on("pageerror", (e) => { page.errors = (page.errors || []).concat(e.message); });
      return page;
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
