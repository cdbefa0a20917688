// Entry module of the map page (/) and of its embeddable variant (/embed/).
// Leaflet and Leaflet.markercluster are loaded before this module as classic scripts (they are
// UMD builds that extend `L`); nothing of ours is global.

import { formatDate } from "./atlas/dates.js";
import { evaluate, prepare } from "./atlas/filtering.js";
import { el, interpolate, listItem, popupContent, statusIcon } from "./atlas/render.js";
import { shapeMarkerClass, statusStyle } from "./atlas/shapes.js";
import { addBaseMap } from "./atlas/outline.js";
import { FACETS, filterQuery, readState, writeQuery } from "./atlas/state.js";
import { Timebar } from "./atlas/timebar.js";

const L = window.L;
const config = JSON.parse(document.getElementById("map-config").textContent);
const lang = document.documentElement.lang || "en";
const strings = config.strings;
const numbers = new Intl.NumberFormat(lang);
const plurals = new Intl.PluralRules(lang);
const statuses = Object.fromEntries(config.statuses.map((s) => [s.value, s]));
// The labels of each filter's choices, by filter name: the popup names collectives, not slugs.
const choiceLabels = Object.fromEntries(
  config.filters.map((f) => [f.name, Object.fromEntries((f.choices || []).map((c) => [c.value, c.label]))]),
);
const ctx = { statuses, shapes: config.shapes, strings, lang, siteUrl: config.siteUrl, popup: config.popup, choiceLabels };
const LIST_LIMIT = 100;

const mapElement = document.getElementById("map");
const form = document.getElementById("atlas-filters");
const total = document.getElementById("atlas-total");
const list = document.getElementById("visible-list");
const listCount = document.getElementById("visible-count");
const tableLink = document.getElementById("table-link");
const summary = document.getElementById("timebar-summary");

let state = readState(location.search);
let sites = [];
let result = { shown: [], byStatus: {}, facets: {} };
let settingView = false;

function sitesText(n) {
  const template = plurals.select(n) === "one" ? strings.sitesOne : strings.sitesOther;
  return interpolate(template, { n: numbers.format(n) });
}

// --- the map -------------------------------------------------------------------------------
// The icon of n sites grouped: by markercluster, or by the server for a very large atlas.
function clusterIcon(n) {
  const size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 48;
  return L.divIcon({
    html: `<span aria-hidden="true">${numbers.format(n)}</span><span class="visually-hidden">${sitesText(n)}</span>`,
    className: "cluster-icon",
    iconSize: [size, size],
  });
}

const map = L.map(mapElement, {
  center: config.center,
  zoom: config.zoom,
  minZoom: config.minZoom,
  maxZoom: config.maxZoom,
  preferCanvas: true,
  worldCopyJump: true,
});
addBaseMap(L, map, { tiles: config.tiles, attribution: config.attribution, maxZoom: config.maxZoom, outline: config.outline });
L.control.scale({ imperial: false }).addTo(map);
const renderer = L.canvas({ padding: 0.5 });
const ShapeMarker = shapeMarkerClass(L);
const clusters = L.markerClusterGroup({
  chunkedLoading: false,
  maxClusterRadius: 44,
  disableClusteringAtZoom: 11,
  showCoverageOnHover: false,
  spiderfyOnMaxZoom: true,
  iconCreateFunction: (cluster) => clusterIcon(cluster.getChildCount()),
});
// A very large atlas (config.dynamic) is drawn from server-side clusters of the view instead.
const areas = L.layerGroup();
map.addLayer(config.dynamic ? areas : clusters);
const onMap = new Set();

function markerFor(site) {
  if (!site.marker) {
    site.marker = new ShapeMarker([site.lat, site.lon], { renderer, ...statusStyle(statuses[site.current[2]], config.shapes) });
    site.marker.bindPopup(() => popupContent(site, ctx), { maxWidth: 300 });
    site.marker._status = site.current[2];
  }
  return site.marker;
}

function syncMarkers(shown) {
  const next = new Set(shown);
  const toRemove = [];
  const toAdd = [];
  for (const site of onMap) if (!next.has(site)) toRemove.push(site);
  for (const site of shown) {
    const marker = markerFor(site);
    if (!onMap.has(site)) toAdd.push(site);
    if (marker._status !== site.current[2]) {
      marker._status = site.current[2];
      marker.setStatusStyle(statusStyle(statuses[site.current[2]], config.shapes));
    }
  }
  if (toRemove.length) clusters.removeLayers(toRemove.map((s) => s.marker));
  if (toAdd.length) clusters.addLayers(toAdd.map((s) => s.marker));
  for (const site of toRemove) onMap.delete(site);
  for (const site of toAdd) onMap.add(site);
  mapElement.dataset.markers = String(onMap.size);
}

// --- the panel -----------------------------------------------------------------------------
function renderCounts() {
  for (const node of document.querySelectorAll("[data-count-status]")) {
    const n = result.byStatus[node.dataset.countStatus] || 0;
    node.textContent = numbers.format(n);
  }
  for (const select of document.querySelectorAll("select[data-facet]")) {
    const counts = result.facets[select.dataset.facet] || {};
    for (const option of select.options) {
      if (!option.value) continue;
      const n = counts[option.value] || 0;
      option.textContent = `${option.dataset.label} (${numbers.format(n)})`;
    }
  }
  if (total) total.textContent = sitesText(result.shown.length);
  mapElement.dataset.shown = String(result.shown.length);
}

function renderSummary() {
  if (!summary) return;
  const iso = state.at || config.today;
  const date = formatDate(iso, "day", lang);
  if (!result.shown.length) {
    summary.textContent = interpolate(strings.summaryNone, { date });
    return;
  }
  const parts = [sitesText(result.shown.length)];
  const byStatus = {};
  for (const site of result.shown) byStatus[site.current[2]] = (byStatus[site.current[2]] || 0) + 1;
  for (const status of config.statuses) {
    if (byStatus[status.value]) parts.push(`${numbers.format(byStatus[status.value])} ${status.label}`);
  }
  summary.textContent = interpolate(strings.summaryAt, { date, summary: parts.join(", ") });
}

function locate(site) {
  clusters.zoomToShowLayer(site.marker, () => site.marker.openPopup());
}

function renderList() {
  if (!list) return;
  const bounds = map.getBounds();
  const inView = result.shown.filter((site) => bounds.contains([site.lat, site.lon]));
  listCount.textContent = `(${numbers.format(inView.length)})`;
  const items = inView.slice(0, LIST_LIMIT).map((site) => listItem(site, ctx, locate));
  if (!inView.length) items.push(el("li", { class: "empty" }, strings.noneInView));
  if (inView.length > LIST_LIMIT) {
    items.push(el("li", { class: "more" }, interpolate(strings.moreInView, { n: numbers.format(inView.length - LIST_LIMIT) })));
  }
  list.replaceChildren(...items);
}

function update({ announce = true, list = true } = {}) {
  if (config.dynamic) {
    if (form) form.elements.at.disabled = true;
    syncLinks();
    scheduleAreas();
    return;
  }
  result = evaluate(sites, state, state.at || config.today);
  syncMarkers(result.shown);
  renderCounts();
  // While the history replays, the list waits for the pause: rebuilding it every frame would
  // cost more than the map itself at 10,000 sites.
  if (list && (announce || !timebar.playing)) renderList();
  if (announce) renderSummary();
  mapElement.dataset.at = state.at || config.today;
  if (form) {
    // The "table" button submits the form: it carries the slider's date too.
    form.elements.at.value = state.at || "";
    form.elements.at.disabled = !state.at;
  }
  syncLinks();
}

function syncLinks() {
  // The export links (from the API surface) follow the view: same parameter names.
  for (const link of document.querySelectorAll(".downloads a[download]")) {
    const url = new URL(link.href, location.href);
    const query = filterQuery(state);
    const format = url.searchParams.get("format");
    if (format) query.set("format", format);
    url.search = query.toString();
    link.href = url.pathname + url.search;
  }
  if (tableLink) {
    const query = filterQuery(state).toString();
    tableLink.href = tableLink.pathname + (query ? `?${query}` : "");
  }
  syncImageLinks();
}

// The map as an image (PNG, PDF) and its citation keep the filters, the date and the view.
function syncImageLinks() {
  const query = writeQuery(state);
  const search = query.startsWith("?") ? query : "";
  for (const link of document.querySelectorAll("a[data-keeps-view]")) {
    const url = new URL(link.href, location.href);
    link.href = url.pathname + search;
  }
  // The citation's permalink names a day: today's when none is chosen.
  const cited = new URLSearchParams(search);
  if (!cited.get("at")) cited.set("at", config.today);
  const permalink = `${location.origin}${config.mapUrl}?${cited.toString()}`;
  for (const link of document.querySelectorAll("a[data-permalink]")) {
    link.href = permalink;
    link.textContent = permalink;
  }
}

// --- state <-> URL and form ----------------------------------------------------------------
function saveUrl(push) {
  const url = writeQuery(state);
  if (url === location.search || (url === location.pathname && !location.search)) return;
  history[push ? "pushState" : "replaceState"](null, "", url);
}

function stateToForm() {
  if (!form) return;
  for (const box of form.querySelectorAll('input[name="status"]')) box.checked = state.statuses.includes(box.value);
  for (const facet of FACETS) {
    const select = form.elements[facet];
    if (select) select.value = state[facet];
  }
  form.elements.q.value = state.q;
}

function formToState() {
  state.statuses = [...form.querySelectorAll('input[name="status"]:checked')].map((box) => box.value);
  for (const facet of FACETS) state[facet] = form.elements[facet].value;
  state.q = form.elements.q.value.trim();
}

function applyView() {
  settingView = true;
  if (state.view) {
    map.setView([state.view.lat, state.view.lon], state.view.zoom, { animate: false });
  } else if (sites.length) {
    map.fitBounds(L.latLngBounds(sites.map((s) => [s.lat, s.lon])).pad(0.1), { animate: false, maxZoom: 8 });
  }
  settingView = false;
}

if (form) {
  let typing = null;
  form.addEventListener("change", (event) => {
    if (event.target.name === "q") return;
    formToState();
    update();
    saveUrl(true);
  });
  form.elements.q.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      formToState();
      update();
      saveUrl(false);
    }, 200);
  });
  form.addEventListener("submit", (event) => {
    // Enter in the search box filters the map; only the "table" button leaves the page.
    if (!event.submitter || event.submitter.type !== "submit") {
      event.preventDefault();
      formToState();
      update();
      saveUrl(true);
    }
  });
  document.getElementById("atlas-reset")?.addEventListener("click", (event) => {
    event.preventDefault();
    state = { ...readState(""), view: state.view };
    stateToForm();
    timebar.iso = null;
    update();
    saveUrl(true);
  });
}

const timebar = new Timebar(document.querySelector(".timebar"), {
  strings,
  formatDay: (iso) => formatDate(iso, "day", lang),
  onChange(iso, { commit }) {
    state.at = iso;
    update({ announce: commit });
    if (commit) saveUrl(true);
  },
});

// The list is rebuilt in a task of its own: run inside moveend it would add its time to
// markercluster's and the canvas's, and a pan or zoom at 10,000 sites would freeze the page
// for over 100 ms in one piece.
let listTimer = null;
map.on("moveend", () => {
  clearTimeout(listTimer);
  if (config.dynamic) scheduleAreas();
  else listTimer = setTimeout(renderList, 0);
  if (settingView) return;
  const centre = map.getCenter();
  state.view = { lat: centre.lat, lon: centre.lng, zoom: map.getZoom() };
  saveUrl(false);
  syncImageLinks();
});

window.addEventListener("popstate", () => {
  state = readState(location.search);
  stateToForm();
  timebar.iso = state.at;
  applyView();
  update();
});

// --- data ----------------------------------------------------------------------------------
async function fetchJson(url) {
  try {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return await response.json();
  } catch (error) {
    mapElement.dataset.state = "error";
    if (total) total.textContent = strings.loadError;
    throw error;
  }
}

async function load() {
  performance.mark("map-data-requested");
  const payload = await fetchJson(config.dataUrl);
  performance.mark("map-data-received");
  sites = prepare(payload);
  const firsts = sites.filter((s) => s.history.length).map((s) => s.history[0][0]);
  const first = firsts.length ? firsts.reduce((a, b) => (a < b ? a : b)) : payload.today;
  timebar.setRange(first, config.today);
  timebar.iso = state.at;
  stateToForm();
  applyView();
  performance.mark("map-view-set");
  // The markers first; the list of sites in view follows once they are on screen.
  update({ list: false });
  performance.mark("map-markers-added");
  // The canvas draws on the next animation frame: "drawn" means the markers are on screen.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      performance.mark("map-markers-drawn");
      renderList();
      mapElement.dataset.state = "ready";
    }),
  );
}

// --- a very large atlas: clusters computed by the server for the view -----------------------
// Above config.dynamicAbove sites the browser would hold and cluster them all; the server groups
// the sites of the view instead (/api/sites/clusters/, with the same filters) and a cell holding
// one site comes as that site. The time slider needs every timeline in the browser: it is hidden.
let areaTimer = null;
let areaRequest = 0;

function scheduleAreas() {
  clearTimeout(areaTimer);
  areaTimer = setTimeout(fetchAreas, 150);
}

function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}

function areaMarker([x, y, n, slug, name, status]) {
  if (n === 1) {
    const marker = new ShapeMarker([y, x], { renderer, ...statusStyle(statuses[status], config.shapes) });
    const href = config.siteUrl.replace("__slug__", slug);
    marker.bindPopup(
      () => el("div", { class: "popup" }, el("strong", {}, name), el("p", {}, statuses[status].label), el("a", { href }, strings.openSite)),
      { maxWidth: 300 },
    );
    return marker;
  }
  const marker = L.marker([y, x], {
    icon: clusterIcon(n),
    keyboard: true,
    title: sitesText(n),
  });
  marker.on("click", () => map.setView([y, x], Math.min(map.getZoom() + 2, config.maxZoom)));
  return marker;
}

function drawAreas(payload) {
  const singles = payload.clusters.filter((cluster) => cluster[2] === 1);
  areas.clearLayers();
  for (const cluster of payload.clusters) areas.addLayer(areaMarker(cluster));
  mapElement.dataset.markers = String(payload.clusters.length);
  mapElement.dataset.shown = String(payload.count);
  if (total) total.textContent = sitesText(payload.count);
  if (!list) return;
  listCount.textContent = `(${numbers.format(payload.count)})`;
  const items = singles.slice(0, LIST_LIMIT).map(([, , , slug, name, status]) =>
    el(
      "li",
      {},
      el("a", { href: config.siteUrl.replace("__slug__", slug) }, name),
      " ",
      statusIcon(statuses[status], config.shapes),
      " ",
      statuses[status].label,
    ),
  );
  if (!payload.count) items.push(el("li", { class: "empty" }, strings.noneInView));
  const unlisted = payload.count - Math.min(singles.length, LIST_LIMIT);
  if (unlisted > 0) items.push(el("li", { class: "more" }, interpolate(strings.moreInView, { n: numbers.format(unlisted) })));
  list.replaceChildren(...items);
}

let areasDrawn = false;

async function fetchAreas() {
  const asked = ++areaRequest;
  if (asked === 1) performance.mark("map-data-requested");
  const bounds = map.getBounds().pad(0.1);
  const query = filterQuery(state);
  query.delete("at");
  const box = [
    clamp(bounds.getWest(), -180, 180),
    clamp(bounds.getSouth(), -90, 90),
    clamp(bounds.getEast(), -180, 180),
    clamp(bounds.getNorth(), -90, 90),
  ];
  query.set("bbox", box.map((v) => v.toFixed(4)).join(","));
  query.set("zoom", String(map.getZoom()));
  const payload = await fetchJson(`${config.clustersUrl}?${query}`);
  if (asked !== areaRequest) return; // the view moved on meanwhile: a newer answer is coming
  if (areasDrawn) {
    drawAreas(payload);
    return;
  }
  // The first answer drawn: the same marks as the full map's, for bench/map_load.py.
  areasDrawn = true;
  performance.mark("map-data-received");
  drawAreas(payload);
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      performance.mark("map-markers-drawn");
      mapElement.dataset.state = "ready";
    }),
  );
}

function startDynamic() {
  mapElement.dataset.mode = "dynamic";
  state.at = null;
  if (form) form.elements.at.disabled = true;
  const timebarElement = document.querySelector(".timebar");
  if (timebarElement) timebarElement.hidden = true;
  for (const node of document.querySelectorAll("[data-count-status]")) node.textContent = "";
  total?.after(el("p", { class: "dynamic-note" }, interpolate(strings.dynamicNote, { n: numbers.format(config.dynamicAbove) })));
  stateToForm();
  applyView();
  syncLinks();
  fetchAreas();
}

if (config.dynamic) startDynamic();
else load();
