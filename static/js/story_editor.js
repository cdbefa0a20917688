// Entry module of the story step editor: moving the map sets the step's centre and zoom, the
// map previews the sites' statuses on the step's date with its filters and highlighted sites,
// and two search boxes add sites and events to the step's lists. Without it the same fields
// are typed by hand.

import { formatDate } from "./atlas/dates.js";
import { evaluate, prepare } from "./atlas/filtering.js";
import { el } from "./atlas/render.js";
import { shapeMarkerClass, statusStyle } from "./atlas/shapes.js";
import { addBaseMap } from "./atlas/outline.js";
import { readState } from "./atlas/state.js";

const L = window.L;
const config = JSON.parse(document.getElementById("map-config").textContent);
const lang = document.documentElement.lang || "en";
const statuses = Object.fromEntries(config.statuses.map((s) => [s.value, s]));
const form = document.querySelector(".step-form");
const fields = form.elements;
const mapElement = document.getElementById("step-map");
const STEP_FILTERS = ["status", "kind", "country", "operator", "operator_certainty", "collective", "q"];

for (const node of form.querySelectorAll(".js-only")) node.hidden = false;
mapElement.hidden = false;

const lat = Number.parseFloat(fields.lat.value);
const lon = Number.parseFloat(fields.lon.value);
const zoom = Number.parseInt(fields.zoom.value, 10);
const map = L.map(mapElement, {
  center: Number.isFinite(lat) && Number.isFinite(lon) ? [lat, lon] : config.center,
  zoom: Number.isFinite(zoom) ? zoom : config.zoom,
  minZoom: config.minZoom,
  maxZoom: config.maxZoom,
  preferCanvas: true,
});
addBaseMap(L, map, { tiles: config.tiles, attribution: config.attribution, maxZoom: config.maxZoom, outline: config.outline });
const renderer = L.canvas({ padding: 0.5 });
const ShapeMarker = shapeMarkerClass(L);
const layer = L.layerGroup().addTo(map);
let sites = [];

// The map writes the view; typing a view moves the map.
let typing = false;
map.on("moveend", () => {
  if (typing) return;
  const centre = map.getCenter();
  fields.lat.value = centre.lat.toFixed(4);
  fields.lon.value = centre.lng.toFixed(4);
  fields.zoom.value = String(map.getZoom());
  mapElement.dataset.view = `${fields.lat.value},${fields.lon.value},${fields.zoom.value}`;
});
for (const name of ["lat", "lon", "zoom"]) {
  fields[name].addEventListener("change", () => {
    const view = [Number.parseFloat(fields.lat.value), Number.parseFloat(fields.lon.value), Number.parseInt(fields.zoom.value, 10)];
    if (view.every(Number.isFinite)) {
      typing = true;
      map.setView([view[0], view[1]], view[2]);
      typing = false;
    }
  });
}

// "2021", "2021-11" or "2021-11-08" -> the first day it stands for.
function dayOf(text) {
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec((text || "").trim());
  if (!match) return null;
  return `${match[1]}-${match[2] || "01"}-${match[3] || "01"}`;
}

function list(name) {
  return fields[name].value.split(/[\s,]+/).filter(Boolean);
}

function preview() {
  const day = dayOf(fields.when.value) || config.today;
  const query = new URLSearchParams();
  for (const name of STEP_FILTERS) {
    for (const node of form.querySelectorAll(`[name="${name}"]`)) {
      if ((node.type === "checkbox" && !node.checked) || !node.value) continue;
      query.append(name, node.value);
    }
  }
  const { shown } = evaluate(sites, { ...readState(`?${query}`), at: day }, day);
  const highlighted = new Set(list("site_slugs"));
  layer.clearLayers();
  for (const site of shown) {
    const big = highlighted.has(site.slug);
    layer.addLayer(
      new ShapeMarker([site.lat, site.lon], { renderer, ...statusStyle(statuses[site.current[2]], config.shapes), ...(big ? { radius: 11 } : {}) }).bindTooltip(
        `${site.name}: ${statuses[site.current[2]].label}`,
      ),
    );
    if (big) layer.addLayer(L.circleMarker([site.lat, site.lon], { renderer, radius: 17, color: "#14213d", weight: 2.5, fill: false, interactive: false }));
  }
  mapElement.dataset.at = day;
  mapElement.dataset.shown = String(shown.length);
  mapElement.setAttribute("aria-label", `${mapElement.getAttribute("aria-label").split(" (")[0]} (${formatDate(day, "day", lang)})`);
}

form.addEventListener("change", preview);
form.addEventListener("input", (event) => {
  if (event.target === fields.when) preview();
});

if (fields.fit_sites) {
  const fit = () => {
    if (!fields.fit_sites.checked) return;
    const points = list("site_slugs").map((slug) => sites.find((s) => s.slug === slug)).filter(Boolean).map((s) => [s.lat, s.lon]);
    if (points.length) map.fitBounds(L.latLngBounds(points).pad(0.3), { maxZoom: 11 });
  };
  fields.fit_sites.addEventListener("change", fit);
}

// --- the search boxes ------------------------------------------------------------------------
for (const picker of form.querySelectorAll("[data-picker]")) {
  const what = picker.dataset.picker;
  const target = picker.querySelector("input:not([type=search])");
  const search = picker.querySelector("input[type=search]");
  const results = picker.querySelector(".picker-results");
  let timer = null;
  let asked = 0;
  const run = async () => {
    const mine = ++asked;
    const url = `${config.searchUrl}?what=${what}&q=${encodeURIComponent(search.value.trim())}`;
    const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok || mine !== asked) return;
    const payload = await response.json();
    results.replaceChildren(
      ...payload.results.map((item) => {
        const button = el("button", { type: "button", class: "picker-add", "data-value": item.value }, item.label);
        button.addEventListener("click", () => {
          const values = target.value.split(/[\s,]+/).filter(Boolean);
          if (!values.includes(item.value)) values.push(item.value);
          target.value = values.join(", ");
          button.disabled = true;
          preview();
        });
        return el("li", {}, button);
      }),
    );
  };
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(timer);
      run();
    }
  });
}

async function load() {
  const response = await fetch(config.dataUrl, { headers: { Accept: "application/json" } });
  if (!response.ok) return;
  sites = prepare(await response.json());
  preview();
  mapElement.dataset.state = "ready";
}

load();
