"""Renderers for content negotiation (?format= or Accept) and the schema. The site collection
is built as bytes beforehand; these only name the formats and pass bytes through."""

import json

from rest_framework.renderers import BaseRenderer, JSONRenderer


class PassThroughRenderer(BaseRenderer):
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Bodies built beforehand pass through; anything else DRF produces (OPTIONS metadata, an
        # error) is written as JSON.
        return data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()


class GeoJSONRenderer(PassThroughRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class GeoJSONAsJSONRenderer(PassThroughRenderer):
    """?format=json and Accept: application/json get the same GeoJSON (uMap asks for either)."""

    media_type = "application/json"
    format = "json"


class CSVRenderer(PassThroughRenderer):
    media_type = "text/csv"
    format = "csv"


class UTF8JSONRenderer(JSONRenderer):
    """JSON with accents as they are ("Liège", not "Li\\u00e8ge")."""

    ensure_ascii = False
