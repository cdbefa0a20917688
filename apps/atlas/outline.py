"""The outline base map: Natural Earth's country outlines at 1:50m, from the npm package
`world-atlas` (TopoJSON, pinned in package.json, copied into static/vendor/ by
scripts/vendor_assets.py). The browser draws them under the markers when no tile server answers
(static/js/atlas/outline.js); the image renderer (apps/atlas/render/) draws them here."""

from __future__ import annotations

import functools
import json

from django.contrib.staticfiles import finders
from django.templatetags.static import static

COUNTRIES = "vendor/world-atlas/countries-50m.json"
ATTRIBUTION = "Natural Earth"


def outline_config() -> dict:
    """What the map scripts need to draw the outlines."""
    return {"url": static(COUNTRIES), "attribution": f"Outlines: {ATTRIBUTION}"}


Ring = list[tuple[float, float]]


@functools.cache
def country_rings() -> tuple[tuple[tuple[float, float, float, float], Ring], ...]:
    """Every ring of every country as (bbox, [(lon, lat), ...]), decoded from the TopoJSON once
    per process (quantized arcs, delta-encoded, as the TopoJSON specification says)."""
    path = finders.find(COUNTRIES)
    if not path:
        raise FileNotFoundError(f"{COUNTRIES}: run scripts/bootstrap.sh (npm ci, then scripts/vendor_assets.py)")
    with open(path, encoding="utf-8") as handle:
        topology = json.load(handle)
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> Ring:
        points: Ring = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc[1:] if points else arc)
        return points

    rings = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        polygons = [geometry["arcs"]] if kind == "Polygon" else geometry["arcs"] if kind == "MultiPolygon" else []
        for polygon in polygons:
            for indexes in polygon:
                points = ring(indexes)
                xs = [p[0] for p in points]
                ys = [p[1] for p in points]
                rings.append(((min(xs), min(ys), max(xs), max(ys)), points))
    return tuple(rings)
