// Small DOM helpers: the UI is plain elements built in code, no framework.
const SVG_NS = "http://www.w3.org/2000/svg";

// h("button", {class: "big", onclick: fn}, "text", child, ...)
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "text") el.textContent = value;
    else el.setAttribute(name, value === true ? "" : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// A pictogram from the inlined sprite (pictograms.svg).
export function pict(id, extraClass = "") {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("class", `pict ${extraClass}`.trim());
  svg.setAttribute("aria-hidden", "true");
  svg.dataset.pict = id;
  const use = document.createElementNS(SVG_NS, "use");
  use.setAttribute("href", `#${id}`);
  svg.append(use);
  return svg;
}

// A Latin value (MRZ names, numbers, dates) isolated left-to-right inside any page direction.
export function ltr(text, extraClass = "") {
  return h("bdi", { dir: "ltr", class: extraClass || undefined }, text);
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}
