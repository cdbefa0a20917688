// The view lives in the query string: filters, date, centre and zoom. The same parameter names
// drive the /sites/ table on the server, so a link works in both.

import { isValidIso } from "./dates.js";

// The filters come from the server's description of its one filter vocabulary (the
// SiteFilterSet, written into the page as #map-config's `filters`): the selects are facets.
const config = JSON.parse(document.getElementById("map-config").textContent);
export const FACETS = config.filters.filter((f) => f.widget === "select").map((f) => f.name);

export function readState(search) {
  const params = new URLSearchParams(search);
  const at = params.get("at");
  const lat = Number.parseFloat(params.get("lat"));
  const lon = Number.parseFloat(params.get("lon"));
  const zoom = Number.parseInt(params.get("z"), 10);
  const state = {
    statuses: params.getAll("status").flatMap((v) => v.split(",")).filter(Boolean),
    q: (params.get("q") || "").trim(),
    at: isValidIso(at) ? at : null,
    view: Number.isFinite(lat) && Number.isFinite(lon) && Number.isFinite(zoom) ? { lat, lon, zoom } : null,
  };
  // The map's selects hold one value; the API's `a,b` form keeps the first.
  for (const facet of FACETS) state[facet] = (params.get(facet) || "").split(",")[0].trim();
  if (state.country) state.country = state.country.toUpperCase();
  return state;
}

export function filterQuery(state) {
  const params = new URLSearchParams();
  for (const status of state.statuses) params.append("status", status);
  for (const facet of FACETS) if (state[facet]) params.set(facet, state[facet]);
  if (state.q) params.set("q", state.q);
  if (state.at) params.set("at", state.at);
  return params;
}

export function writeQuery(state) {
  const params = filterQuery(state);
  if (state.view) {
    params.set("lat", state.view.lat.toFixed(4));
    params.set("lon", state.view.lon.toFixed(4));
    params.set("z", String(state.view.zoom));
  }
  const text = params.toString();
  return text ? `?${text}` : location.pathname;
}
