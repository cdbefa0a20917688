// Entry module of a story (/stories/<slug>/ and /embed/stories/<slug>/): scrolling through the
// steps (scrollama), the Previous/Next buttons or the arrow keys move the map and the time
// slider to each step's view and date, the statuses replaying on the way; the step's sites are
// highlighted. The steps are written in the page (the whole story without this script); this
// only adds the map beside them. Leaflet, topojson and scrollama are classic scripts loaded
// before this module.

import { dayToIso, formatDate, isoToDay } from "./atlas/dates.js";
import { evaluate, prepare } from "./atlas/filtering.js";
import { el, interpolate, popupContent, statusIcon } from "./atlas/render.js";
import { shapeMarkerClass, statusStyle } from "./atlas/shapes.js";
import { addBaseMap } from "./atlas/outline.js";
import { readState } from "./atlas/state.js";
import { Timebar } from "./atlas/timebar.js";

const L = window.L;
const config = JSON.parse(document.getElementById("map-config").textContent);
const story = JSON.parse(document.getElementById("story-data").textContent);
const lang = document.documentElement.lang || "en";
const strings = { ...config.strings, ...config.story };
const statuses = Object.fromEntries(config.statuses.map((s) => [s.value, s]));
const ctx = { statuses, shapes: config.shapes, strings, lang, siteUrl: config.siteUrl, popup: config.popup, choiceLabels: {} };
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
const ANIMATION_MS = 1400;

const root = document.getElementById("story");
const steps = [...root.querySelectorAll(".story-step")];
const mapSection = root.querySelector(".story-map");
const mapElement = document.getElementById("map");
const prevButton = document.getElementById("story-prev");
const nextButton = document.getElementById("story-next");
const position = document.getElementById("story-position");
const siteList = document.getElementById("story-sites");

mapSection.hidden = false;
root.classList.add("is-scrolly");
for (const node of root.querySelectorAll(".js-only")) node.hidden = false;

const map = L.map(mapElement, { center: config.center, zoom: config.zoom, minZoom: config.minZoom, maxZoom: config.maxZoom, preferCanvas: true, scrollWheelZoom: false });
addBaseMap(L, map, { tiles: config.tiles, attribution: config.attribution, maxZoom: config.maxZoom, outline: config.outline });
const renderer = L.canvas({ padding: 0.5 });
const ShapeMarker = shapeMarkerClass(L);
const markers = L.layerGroup().addTo(map);
const halos = L.layerGroup().addTo(map);
const onMap = new Set();

let sites = [];
let bySlug = new Map();
let current = -1;
let filterState = readState("");
let highlighted = new Set();
let shownIso = null;
let animation = null;

// --- drawing one day -------------------------------------------------------------------------
function markerFor(site) {
  if (!site.marker) {
    site.marker = new ShapeMarker([site.lat, site.lon], { renderer, ...statusStyle(statuses[site.current[2]], config.shapes) });
    site.marker.bindPopup(() => popupContent(site, ctx), { maxWidth: 300 });
  }
  return site.marker;
}

function draw(iso) {
  shownIso = iso;
  // A dated view, as the map's ?at=: a site no source gives a status to is left out.
  const { shown } = evaluate(sites, { ...filterState, at: iso }, iso);
  const next = new Set(shown);
  for (const site of onMap) {
    if (!next.has(site)) {
      markers.removeLayer(site.marker);
      onMap.delete(site);
    }
  }
  halos.clearLayers();
  for (const site of shown) {
    const marker = markerFor(site);
    const big = highlighted.has(site.slug);
    marker.setStatusStyle({ ...statusStyle(statuses[site.current[2]], config.shapes), ...(big ? { radius: 11 } : {}) });
    if (!onMap.has(site)) {
      markers.addLayer(marker);
      onMap.add(site);
    }
    if (big) halos.addLayer(L.circleMarker([site.lat, site.lon], { renderer, radius: 17, color: "#14213d", weight: 2.5, fill: false, interactive: false }));
  }
  mapElement.dataset.at = iso;
  mapElement.dataset.markers = String(onMap.size);
  renderSites(iso);
}

// The highlighted sites under the map, each with its status on the day shown.
function renderSites(iso) {
  const items = [...highlighted].map((slug) => {
    const site = bySlug.get(slug);
    if (!site) return null;
    const entry = site.current;
    const href = config.siteUrl.replace("__slug__", encodeURIComponent(slug));
    if (!entry) {
      return el("li", { "data-slug": slug, "data-status": "" }, el("a", { href }, site.name), `: ${strings.noStatusYet}`);
    }
    const status = statuses[entry[2]];
    const since = entry[0] ? ` (${interpolate(strings.since, { date: formatDate(entry[0], entry[1], lang) })})` : "";
    return el("li", { "data-slug": slug, "data-status": entry[2] }, el("a", { href }, site.name), ": ", statusIcon(status, config.shapes), " ", el("strong", {}, status.label), since);
  });
  siteList.replaceChildren(...items.filter(Boolean));
  siteList.dataset.at = iso;
}

// --- moving between steps --------------------------------------------------------------------
function animateTo(iso, instant) {
  cancelAnimationFrame(animation);
  const from = isoToDay(shownIso || iso);
  const to = isoToDay(iso);
  if (instant || reducedMotion || from === to) {
    timebar.iso = iso;
    draw(iso);
    return;
  }
  const start = performance.now();
  const frame = (now) => {
    const t = Math.min((now - start) / ANIMATION_MS, 1);
    const eased = t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
    const day = dayToIso(Math.round(from + (to - from) * eased));
    if (day !== shownIso || t === 1) {
      timebar.iso = day;
      draw(t === 1 ? iso : day);
    }
    if (t < 1) animation = requestAnimationFrame(frame);
  };
  animation = requestAnimationFrame(frame);
}

function moveMap(step, instant) {
  const options = { animate: !(instant || reducedMotion), duration: 1.2 };
  if (step.view) {
    map.flyTo([step.view.lat, step.view.lon], step.view.zoom, options);
    return;
  }
  const points = step.sites.map((slug) => bySlug.get(slug)).filter(Boolean).map((s) => [s.lat, s.lon]);
  if (!points.length) return;
  // The sites are framed in the part of the map that the overlays (the buttons, the list of
  // sites, the time slider) leave free.
  const mapBox = mapElement.getBoundingClientRect();
  const below = (node) => (node && !node.hidden ? Math.max(node.getBoundingClientRect().bottom - mapBox.top, 0) : 0);
  const timebarTop = mapSection.querySelector(".timebar").getBoundingClientRect().top - mapBox.top;
  const wide = mapBox.width > 600;
  const padding = {
    paddingTopLeft: [30, (wide ? below(prevButton.parentElement) : below(siteList)) + 20],
    paddingBottomRight: [(wide ? siteList.getBoundingClientRect().width : 0) + 30, Math.max(mapBox.height - timebarTop, 0) + 20],
  };
  map.flyToBounds(L.latLngBounds(points), { ...options, ...padding, maxZoom: 11 });
}

function go(index, { instant = false } = {}) {
  if (index < 0 || index >= steps.length || index === current) return;
  current = index;
  const step = story.steps[index];
  steps.forEach((node, i) => {
    node.classList.toggle("is-active", i === index);
    if (i === index) node.setAttribute("aria-current", "step");
    else node.removeAttribute("aria-current");
  });
  prevButton.disabled = index === 0;
  nextButton.disabled = index === steps.length - 1;
  position.textContent = interpolate(strings.stepOf, { n: index + 1, total: steps.length });
  root.dataset.step = String(index + 1);
  filterState = readState(step.filters ? `?${step.filters}` : "");
  highlighted = new Set(step.sites);
  // The list of the step's sites first: the map frames them in the room it leaves.
  if (shownIso) renderSites(shownIso);
  else draw(step.date);
  moveMap(step, instant);
  animateTo(step.date, instant);
  const hash = `#step-${step.n}`;
  if (location.hash !== hash) history.replaceState(null, "", hash);
}

// Buttons and keys jump to a step: the page scrolls to it (scrollama then agrees) and the
// step takes the focus, so a screen reader reads it.
let target = null;
let targetTimer = null;

function jump(index) {
  if (index < 0 || index >= steps.length) return;
  target = index;
  clearTimeout(targetTimer);
  targetTimer = setTimeout(() => (target = null), 1500);
  go(index);
  steps[index].scrollIntoView({ behavior: reducedMotion ? "auto" : "smooth", block: "start" });
  steps[index].focus({ preventScroll: true });
}

prevButton.addEventListener("click", () => jump(current - 1));
nextButton.addEventListener("click", () => jump(current + 1));
document.addEventListener("keydown", (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target;
  // Typing, the slider and the map (whose arrows pan it) keep their keys.
  if (target.closest("input, select, textarea, .leaflet-container") || target.isContentEditable) return;
  if (["ArrowRight", "ArrowDown", "j"].includes(event.key)) jump(current + 1);
  else if (["ArrowLeft", "ArrowUp", "k"].includes(event.key)) jump(current - 1);
  else return;
  event.preventDefault();
});

const timebar = new Timebar(mapSection.querySelector(".timebar"), {
  strings,
  formatDay: (iso) => formatDate(iso, "day", lang),
  onChange(iso) {
    // The reader moving the slider (or playing the history) leaves the step's date.
    cancelAnimationFrame(animation);
    draw(iso || config.today);
  },
});

// While a jump scrolls smoothly past other steps, scrollama reports them: the step jumped to
// is already shown, and the ones passed on the way are ignored until the scroll settles.
let jumping = null;
function stepFromScroll(index) {
  if (target !== null && index !== target) return;
  clearTimeout(jumping);
  jumping = setTimeout(() => go(index), 120);
}

function stepFromHash() {
  const match = /^#step-(\d+)$/.exec(location.hash);
  if (!match) return null;
  const index = story.steps.findIndex((s) => s.n === Number(match[1]));
  return index >= 0 ? index : null;
}

window.addEventListener("hashchange", () => {
  const index = stepFromHash();
  if (index !== null) jump(index);
});

async function load() {
  let payload;
  try {
    const response = await fetch(config.dataUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    payload = await response.json();
  } catch (error) {
    mapElement.dataset.state = "error";
    position.textContent = strings.loadError;
    throw error;
  }
  sites = prepare(payload);
  bySlug = new Map(sites.map((s) => [s.slug, s]));
  const firsts = sites.filter((s) => s.history.length).map((s) => s.history[0][0]);
  const first = [...firsts, ...story.steps.map((s) => s.date)].reduce((a, b) => (a < b ? a : b), config.today);
  timebar.setRange(first, config.today);
  const start = stepFromHash() ?? 0;
  go(start, { instant: true });
  if (start > 0) steps[start].scrollIntoView({ block: "start" });
  // Only now: the first scroll events must find the step asked for in the address shown.
  window.scrollama().setup({ step: ".story-step", offset: 0.55 }).onStepEnter(({ index }) => stepFromScroll(index));
  window.addEventListener("resize", () => map.invalidateSize());
  requestAnimationFrame(() => {
    mapElement.dataset.state = "ready";
    root.dataset.state = "ready";
  });
}

load();
