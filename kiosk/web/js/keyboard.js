// The kiosk's own on-screen keyboard: `cage` shows no system keyboard, and MRZ names are
// Latin, so the keys are Latin capitals, digits, space and hyphen in every language.
import { h, pict, ltr, replace } from "./dom.js";
import { t } from "./i18n.js";

const ROWS = ["1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM-"];
const MAX_LENGTH = 44;

// Opens the keyboard in `layer` for one field. onOk(value) resolves to true when the value
// was accepted (the dialog closes) or false (an error is shown and the person can fix it).
export function openKeyboard(layer, { label, value, onOk, onClose }) {
  let text = value || "";
  const display = h("div", { class: "kb-display", dir: "ltr", "data-testid": "kb-display" });
  const error = h("p", { class: "kb-error", role: "alert" });
  const show = () => replace(display, text);

  const type = (ch) => { if (text.length < MAX_LENGTH) { text += ch; error.textContent = ""; show(); } };
  const close = () => { layer.hidden = true; layer.replaceChildren(); onClose && onClose(); };
  const rows = ROWS.map((row) => h("div", { class: "kb-row" },
    [...row].map((ch) => h("button", { type: "button", "data-key": ch, onclick: () => type(ch) }, ch))));
  rows.push(h("div", { class: "kb-row" },
    h("button", { type: "button", class: "wide", "data-key": "space", onclick: () => type(" ") }, t("keyboard.space")),
    h("button", { type: "button", "data-key": "backspace", "aria-label": t("keyboard.backspace"),
                  onclick: () => { text = text.slice(0, -1); show(); } }, pict("p-backspace"))));
  const actions = h("div", { class: "kb-row" },
    h("button", { type: "button", class: "wide", "data-key": "cancel", onclick: close }, pict("p-decline"), " ", t("keyboard.cancel")),
    h("button", { type: "button", class: "wide ok", "data-key": "ok", onclick: async () => {
      if (await onOk(text.trim())) close();
      else error.textContent = t("keyboard.invalid");
    } }, pict("p-agree"), " ", t("keyboard.ok")));

  show();
  replace(layer, h("div", { class: "box keyboard-box", role: "dialog", "aria-modal": "true" },
    h("h2", {}, pict("p-edit"), " ", t("keyboard.title"), ": ", label),
    display, error, h("div", { class: "kb" }, rows, actions)));
  layer.hidden = false;
}
