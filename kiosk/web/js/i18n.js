// Catalogs (kiosk/i18n/<code>.json, served as /i18n/<code>.json). English is the fallback
// for a missing key, so a catalog being edited never leaves a blank button.
import { getCatalog } from "./api.js";

const catalogs = new Map();
let current = "en";

export async function loadCatalog(code) {
  if (!catalogs.has(code)) catalogs.set(code, await getCatalog(code));
  return catalogs.get(code);
}

export function catalog(code) {
  return catalogs.get(code) || null;
}

export function setLanguage(code) {
  current = catalogs.has(code) ? code : "en";
  const meta = meta_(current);
  document.documentElement.lang = current;
  document.documentElement.dir = meta.dir === "rtl" ? "rtl" : "ltr";
}

export function language() {
  return current;
}

function meta_(code) {
  const c = catalogs.get(code);
  return (c && c._meta) || { dir: "ltr", reviewed: false };
}
export const meta = () => meta_(current);

// t("inactivity.body", {n: 12}) in the current language (or `code`).
export function t(key, vars = {}, code = current) {
  const c = catalogs.get(code);
  const en = catalogs.get("en");
  let text = (c && c[key]) || (en && en[key]) || key;
  for (const [name, value] of Object.entries(vars)) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

// Fills the static elements of index.html that name a key.
export function translateStatic(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-label]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nLabel));
    el.title = t(el.dataset.i18nLabel);
  }
}
