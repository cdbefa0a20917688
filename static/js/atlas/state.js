// The view lives in the query string: filters, date, centre and zoom. The same parameter names
// drive the /sites/ table on the server, so a link works in both.

import { isValidIso } from "./dates.js";

export const FACETS = ["operator", "country", "kind", "collective"];

export function readState(search) {
  const params = new URLSearchParams(search);
  const at = params.get("at");
  const lat = Number.parseFloat(params.get("lat"));
  const lon = Number.parseFloat(params.get("lon"));
  const zoom = Number.parseInt(params.get("z"), 10);
  const state = {
    statuses: params.getAll("status").filter(Boolean),
    q: (params.get("q") || "").trim(),
    at: isValidIso(at) ? at : null,
    view: Number.isFinite(lat) && Number.isFinite(lon) && Number.isFinite(zoom) ? { lat, lon, zoom } : null,
  };
  for (const facet of FACETS) state[facet] = (params.get(facet) || "").trim();
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
