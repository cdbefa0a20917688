// Which sites show, and the counts beside each filter, for a state and a date. Pure functions
// over the map data so they are cheap enough to run on every frame of the replay.

import { FACETS } from "./state.js";

export function normalise(text) {
  return (text || "").normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
}

// The status a site had on `iso` (a [date, precision, status] entry), or null if none yet.
export function statusAt(site, iso) {
  const history = site.history;
  for (let i = history.length - 1; i >= 0; i--) {
    if (history[i][0] <= iso) return history[i];
  }
  return null;
}

function facetValues(site, facet) {
  switch (facet) {
    case "operator": // its group's filter takes the subsidiaries' sites too
      return [site.operator?.slug, site.operator_group].filter(Boolean);
    case "operator_certainty": // how sure the operator is; a site without one has none
      return [site.operator?.certainty].filter(Boolean);
    case "collective":
      return site.collectives;
    default:
      return [site[facet]];
  }
}

function matches(site, state, needle, except) {
  for (const facet of FACETS) {
    if (facet === except || !state[facet]) continue;
    if (!facetValues(site, facet).includes(state[facet])) return false;
  }
  return !needle || site._search.includes(needle);
}

// The map document's rows ({columns, rows}) as objects named by its columns.
export function prepare(payload) {
  const columns = payload.columns;
  return payload.rows.map((row) => {
    const site = {};
    for (let i = 0; i < columns.length; i++) site[columns[i]] = row[i];
    site.collectives = site.collectives || [];
    site.history = site.history || [];
    site._search = normalise(`${site.name} ${site.municipality} ${site.teaser || ""}`);
    return site;
  });
}

const UNKNOWN_ENTRY = [null, null, "unknown"];

// -> { shown: [sites], byStatus: {status: n}, facets: {facet: {value: n}} }
export function evaluate(sites, state, iso) {
  const needle = normalise(state.q);
  const wanted = state.statuses.length ? new Set(state.statuses) : null;
  const byStatus = {};
  const facets = Object.fromEntries(FACETS.map((f) => [f, {}]));
  const shown = [];
  for (const site of sites) {
    // A site no source gives a status to is shown as "status unknown" in today's view; on a
    // past day it is left out, as the server's `at` filter does.
    const entry = statusAt(site, iso) || (!site.history.length && !state.at ? UNKNOWN_ENTRY : null);
    site.current = entry;
    if (!entry) continue;
    const status = entry[2];
    const statusOk = !wanted || wanted.has(status);
    const base = matches(site, state, needle, null);
    if (base) byStatus[status] = (byStatus[status] || 0) + 1;
    if (!statusOk) continue;
    if (base) shown.push(site);
    for (const facet of FACETS) {
      if (!(base || matches(site, state, needle, facet))) continue;
      for (const value of facetValues(site, facet)) facets[facet][value] = (facets[facet][value] || 0) + 1;
    }
  }
  return { shown, byStatus, facets };
}
