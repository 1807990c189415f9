// The kiosk server's HTTP API (docs: kiosk-api contract). Same origin, loopback only.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function request(method, path, body, token) {
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store" });
  let data = null;
  try { data = await response.json(); } catch { data = null; }
  if (!response.ok) throw new ApiError(response.status, (data && data.error) || response.statusText);
  return data;
}

export const getState = () => request("GET", "/api/state");
export const getLanguages = () => request("GET", "/api/languages");
// Catalogs are static files: the browser's cache (and index.html's preload of en.json) may serve them.
export async function getCatalog(code) {
  const response = await fetch(`/i18n/${encodeURIComponent(code)}.json`);
  if (!response.ok) throw new ApiError(response.status, response.statusText);
  return response.json();
}

// Sends one flow event; resolves to the new state, rejects with ApiError (400) when refused.
export function sendEvent(event, value) {
  const body = value === undefined ? { event } : { event, value };
  return request("POST", "/api/event", body);
}

// Calls onState with every state the server pushes (SSE); EventSource reconnects by itself.
export function subscribe(onState, onDown) {
  const source = new EventSource("/api/events");
  source.addEventListener("state", (e) => {
    try { onState(JSON.parse(e.data)); } catch { /* a torn message: the next one comes within a second */ }
  });
  source.onerror = () => onDown && onDown();
  return source;
}

export const staffLogin = (pin) => request("POST", "/api/staff/login", { pin });
export const staffStatus = (token) => request("GET", "/api/staff/status", undefined, token);
export const staffResend = (token) => request("POST", "/api/staff/resend", {}, token);
export const staffPurge = (token) => request("POST", "/api/staff/purge", {}, token);
export const staffSelfTest = (token) => request("POST", "/api/staff/selftest", {}, token);
export const staffSelfTestStatus = (token) => request("GET", "/api/staff/selftest", undefined, token);
export const staffLogout = (token) => request("POST", "/api/staff/logout", {}, token);
