"""Is a point inside the country it is said to be in?

Borders come from Natural Earth 1:50m (public domain, via the world-atlas npm package,
converted once into data/countries.geojson) for the countries the record touches. A margin
of about 2 km absorbs the simplification of the coastline and borders at that scale: the check
catches swapped latitude/longitude, a lost minus sign or the wrong country, not a few metres.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from django.contrib.gis.geos import GEOSGeometry, Point

BORDERS_FILE = Path(__file__).parent / "data" / "countries.geojson"
MARGIN_DEGREES = 0.02
# The form the database accepts (constraint site_country_iso2): two capital ASCII letters.
ISO_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")


def is_iso_country(code: str) -> bool:
    """A two-letter ISO 3166-1 alpha-2 code in capitals (FR, BE). Callers that accept any case
    upper-case first."""
    return bool(ISO_COUNTRY_RE.match(code))


@cache
def _borders() -> dict[str, GEOSGeometry]:
    data = json.loads(BORDERS_FILE.read_text())
    return {
        f["properties"]["iso"]: GEOSGeometry(json.dumps(f["geometry"]), srid=4326).buffer(MARGIN_DEGREES).prepared
        for f in data["features"]
    }


def known_countries() -> frozenset[str]:
    return frozenset(_borders())


def point_in_country(lon: float, lat: float, country: str) -> bool | None:
    """True/False when we have the country's borders, None when we cannot tell."""
    border = _borders().get(country)
    if border is None:
        return None
    return border.contains(Point(lon, lat, srid=4326))
