// The outline base map: Natural Earth's country outlines (world-atlas, vendored from npm), drawn
// under the markers when there is no tile server (MAP_TILES_URL empty) or when its tiles fail to
// load (offline, blocked, down). topojson-client is loaded before as a classic script.

const STYLE = { color: "#7a8591", weight: 0.8, fillColor: "#f7f5ef", fillOpacity: 1, interactive: false };

let countries = null; // one download per page, shared by every map on it

function loadCountries(url) {
  if (!countries) {
    countries = fetch(url)
      .then((response) => {
        if (!response.ok) throw new Error(`outline: ${response.status}`);
        return response.json();
      })
      .then((topology) => window.topojson.feature(topology, topology.objects.countries));
  }
  return countries;
}

function draw(L, map, options) {
  if (map._outlineDrawn) return;
  map._outlineDrawn = true;
  const element = map.getContainer();
  element.classList.add("map-outline");
  const pane = map.createPane("outline");
  pane.style.zIndex = 150; // above the tiles (200 is the tile pane's; failed tiles are empty), under the markers
  pane.style.pointerEvents = "none";
  map.getPane("tilePane").style.zIndex = 100;
  loadCountries(options.url)
    .then((geojson) => {
      L.geoJSON(geojson, { pane: "outline", style: STYLE }).addTo(map);
      map.attributionControl.addAttribution(options.attribution);
      element.dataset.basemap = "outline";
    })
    .catch(() => {
      element.dataset.basemap = "none";
    });
}

// The tile layer when there is one, falling back to the outlines on the first tile that fails;
// the outlines alone when there is none.
export function addBaseMap(L, map, { tiles, attribution, maxZoom, outline }) {
  if (!tiles) {
    draw(L, map, outline);
    return null;
  }
  const layer = L.tileLayer(tiles, { attribution, maxZoom });
  layer.on("tileerror", () => draw(L, map, outline));
  layer.on("load", () => {
    if (!map._outlineDrawn) map.getContainer().dataset.basemap = "tiles";
  });
  return layer.addTo(map);
}
