// Entry module of a site's page: a small map of the site (and its footprint when known).

import { addBaseMap } from "./atlas/outline.js";
import { shapeMarkerClass, statusStyle } from "./atlas/shapes.js";

const L = window.L;
const data = JSON.parse(document.getElementById("site-map-data").textContent);
const statuses = Object.fromEntries(JSON.parse(document.getElementById("status-legend").textContent).map((s) => [s.value, s]));
const shapes = JSON.parse(document.getElementById("status-shapes").textContent);
const element = document.getElementById("site-map");

const map = L.map(element, { center: [data.lat, data.lon], zoom: 12, scrollWheelZoom: false, preferCanvas: true });
addBaseMap(L, map, { tiles: data.tiles, attribution: data.attribution, maxZoom: 19, outline: data.outline });
if (data.footprint) {
  const footprint = L.geoJSON(JSON.parse(data.footprint), { style: { color: "#0b5cad", weight: 2, fillOpacity: 0.15 } }).addTo(map);
  map.fitBounds(footprint.getBounds().pad(0.5), { maxZoom: 15 });
}
// A location known only to the municipality is drawn as an area, not a precise point.
if (data.precision !== "exact") {
  L.circle([data.lat, data.lon], { radius: data.precision === "municipality" ? 2500 : 800, color: "#555", weight: 1, dashArray: "4 4", fillOpacity: 0.05, interactive: false }).addTo(map);
}
const ShapeMarker = shapeMarkerClass(L);
const style = data.status ? statusStyle(statuses[data.status], shapes) : { fillColor: "#555", color: "#fff" };
new ShapeMarker([data.lat, data.lon], { ...style, radius: 9, interactive: false }).addTo(map);
element.dataset.state = "ready";
