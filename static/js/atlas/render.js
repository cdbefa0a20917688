// DOM builders for the popup, the list and the status icons. Data is set as text, never as
// HTML: names and summaries come from contributors.

import { formatDate } from "./dates.js";

const SVG = "http://www.w3.org/2000/svg";

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

export function statusIcon(status, shapes, size = 14) {
  const svg = document.createElementNS(SVG, "svg");
  for (const [k, v] of Object.entries({ width: size, height: size, viewBox: `0 0 ${size} ${size}`, "aria-hidden": "true", focusable: "false", class: "status-icon" })) {
    svg.setAttribute(k, v);
  }
  const half = size / 2;
  let shape;
  if (status.shape === "circle" || status.shape === "ring") {
    shape = document.createElementNS(SVG, "circle");
    shape.setAttribute("cx", half);
    shape.setAttribute("cy", half);
    shape.setAttribute("r", half * 0.72);
    shape.setAttribute("fill", status.shape === "ring" ? "none" : status.colour);
    shape.setAttribute("stroke", status.colour);
    shape.setAttribute("stroke-width", "2.5");
  } else {
    shape = document.createElementNS(SVG, "polygon");
    const points = shapes[status.shape].map(([x, y]) => `${(half + x * half * 0.8).toFixed(2)},${(half + y * half * 0.8).toFixed(2)}`);
    shape.setAttribute("points", points.join(" "));
    shape.setAttribute("fill", status.colour);
    shape.setAttribute("stroke", "#fff");
  }
  svg.append(shape);
  return svg;
}

export function interpolate(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, key) => String(values[key] ?? ""));
}

export function statusLine(site, ctx) {
  const [date, precision, value] = site.current;
  const status = ctx.statuses[value];
  return el(
    "span",
    { class: "status-line" },
    statusIcon(status, ctx.shapes),
    ` ${status.label} `,
    date ? el("span", { class: "since" }, interpolate(ctx.strings.since, { date: formatDate(date, precision, ctx.lang) })) : null,
  );
}

// About one line of a popup: cut at a word, marked with an ellipsis.
export function oneLine(text, limit = 140) {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), limit / 2)).replace(/[,;:]$/, "")}…`;
}

// A property of the public record as text: a company by its name, a list by its items'
// labels (the choices of the filter named in `choices`, e.g. collectives' names).
function propertyText(value, property, ctx) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) {
    const labels = ctx.choiceLabels[property.choices] || {};
    return value.map((item) => labels[item] || item).join(", ");
  }
  if (typeof value !== "object") return String(value);
  // A company attribution says how sure it is when it is not confirmed: "Amazon (reported)".
  const certainty = value.certainty && value.certainty !== "confirmed" ? (ctx.choiceLabels[`${property.name}_certainty`] || {})[value.certainty] : null;
  return certainty ? `${value.name} (${certainty})` : value.name;
}

export function popupContent(site, ctx) {
  const href = ctx.siteUrl.replace("__slug__", encodeURIComponent(site.slug));
  // The public record's labelled properties (apps/sites/public.py), each on a line of its own.
  const lines = ctx.popup.map((property) => {
    const text = propertyText(site[property.name], property, ctx);
    return text ? el("p", { class: `popup-property popup-${property.name}` }, `${property.label}: ${text}`) : null;
  });
  return el(
    "div",
    { class: "popup" },
    el("h2", { class: "popup-title" }, el("a", { href }, site.name)),
    el("p", { class: "popup-place" }, site.municipality + (site.country ? ` (${site.country})` : "")),
    ...lines,
    site.current ? el("p", { class: "popup-status" }, statusLine(site, ctx)) : null,
    site.teaser ? el("p", { class: "popup-summary" }, oneLine(site.teaser)) : null,
    el("p", {}, el("a", { href, class: "popup-link" }, ctx.strings.openSite)),
  );
}

export function listItem(site, ctx, onLocate) {
  const href = ctx.siteUrl.replace("__slug__", encodeURIComponent(site.slug));
  // The visible word starts the accessible name; the site's name completes it for screen readers.
  const locate = el("button", { type: "button", class: "locate" }, ctx.strings.locate, el("span", { class: "visually-hidden" }, ` ${site.name}`));
  locate.addEventListener("click", () => onLocate(site));
  return el(
    "li",
    {},
    el("a", { href }, site.name),
    el("span", { class: "visible-place" }, ` ${site.municipality}`),
    el("span", { class: "visible-status" }, statusLine(site, ctx)),
    locate,
  );
}
