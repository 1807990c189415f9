// Starts the REAL docintake-kiosk on the bundled sample video with a temporary store, a
// config of the test's own and a free loopback port; stops it with SIGTERM.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const LANGUAGES = ["en", "fr", "de", "ar", "prs", "fa", "ps", "ur", "bn", "kmr", "ckb", "ti", "so",
                          "tr", "es", "uk", "ru", "sq", "sh", "mk"];
export const STAFF_PIN = "482913";

export function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (tests/kiosk/run.sh sets it)`);
  return value;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Kiosk {
  constructor({ inactivitySeconds = 90, doneSeconds = 10 } = {}) {
    this.options = { inactivitySeconds, doneSeconds };
    this.bin = env("DOCINTAKE_KIOSK_BIN");
    this.kioskDir = env("DOCINTAKE_KIOSK_DIR");
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "docintake-kiosk-ui-"));
    this.store = path.join(this.dir, "store");
    this.log = "";
  }

  async start() {
    const hash = execFileSync(this.bin, ["--hash-pin"], { input: `${STAFF_PIN}\n` }).toString().trim();
    const config = path.join(this.dir, "kiosk.conf");
    fs.writeFileSync(config, [
      `languages = ${LANGUAGES.join(", ")}`,
      `inactivity_seconds = ${this.options.inactivitySeconds}`,
      `done_seconds = ${this.options.doneSeconds}`,
      hash,  // "staff_pin_hash = ..."
      "",
    ].join("\n"));
    for (let attempt = 0; attempt < 3; attempt++) {
      this.port = await freePort();
      this.process = spawn(this.bin, [
        "--source", path.join(this.kioskDir, "data", "sample.avi"),
        "--store", this.store, "--port", String(this.port), "--config", config,
        "--web-root", path.join(this.kioskDir, "web"),
      ], { stdio: ["ignore", "pipe", "pipe"] });
      this.process.stdout.on("data", (d) => { this.log += d; });
      this.process.stderr.on("data", (d) => { this.log += d; });
      this.exited = new Promise((resolve) => this.process.once("exit", (code, signal) => resolve({ code, signal })));
      if (await this.waitReady(20000)) return this;
      await this.stop();  // port taken between probe and bind: try another
    }
    throw new Error(`docintake-kiosk did not start:\n${this.log}`);
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async waitReady(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.process.exitCode !== null) return false;
      try {
        const r = await fetch(`${this.url}/api/state`);
        if (r.ok) return true;
      } catch { /* not listening yet */ }
      await sleep(100);
    }
    return false;
  }

  async state() {
    return (await fetch(`${this.url}/api/state`)).json();
  }

  async event(event, value) {
    const r = await fetch(`${this.url}/api/event`, { method: "POST", headers: { "Content-Type": "application/json" },
                                                  body: JSON.stringify(value === undefined ? { event } : { event, value }) });
    return { status: r.status, body: await r.json() };
  }

  // Polls the state until pred(state) holds; returns it, or throws after timeoutMs.
  async waitState(pred, timeoutMs, what) {
    const deadline = Date.now() + timeoutMs;
    let last = null;
    while (Date.now() < deadline) {
      last = await this.state();
      if (pred(last)) return last;
      await sleep(200);
    }
    throw new Error(`timed out waiting for ${what}; last state: ${JSON.stringify(last).slice(0, 400)}`);
  }

  // Staff status over the API (counts only, no personal data).
  async staffStatus() {
    const login = await fetch(`${this.url}/api/staff/login`, { method: "POST", headers: { "Content-Type": "application/json" },
                                                              body: JSON.stringify({ pin: STAFF_PIN }) });
    if (!login.ok) throw new Error(`staff login: ${login.status}`);
    const { token } = await login.json();
    const auth = { Authorization: `Bearer ${token}` };
    const status = await (await fetch(`${this.url}/api/staff/status`, { headers: auth })).json();
    await fetch(`${this.url}/api/staff/logout`, { method: "POST", headers: auth });
    return status;
  }

  // The CLI on the kiosk's store (read-only commands).
  cli(...args) {
    return execFileSync(env("DOCINTAKE_CLI_BIN"), args, { encoding: "utf8" });
  }

  outbox() {
    return this.cli("outbox", "list", "--store", this.store).split("\n").filter(Boolean).map((l) => JSON.parse(l));
  }

  async stop() {
    if (!this.process || this.process.exitCode !== null) return this.process ? { code: this.process.exitCode } : null;
    this.process.kill("SIGTERM");
    const timeout = sleep(10000).then(() => null);
    const result = await Promise.race([this.exited, timeout]);
    if (!result) {
      this.process.kill("SIGKILL");
      return { code: null, killed: true };
    }
    return result;
  }

  cleanup() {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
