"""GET /api/sites/ (GeoJSON FeatureCollection or CSV) and GET /api/sites/<slug>/ (one Feature)."""

from __future__ import annotations

import math

from django.db.models import CharField, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.views import APIView

from apps.core.http import versioned_response
from apps.core.sql import fetch_value
from apps.sites.filters import UNKNOWN_STATUS, SiteFilterSet
from apps.sites.public import LAT, LON, feature_schema

from ..errors import BadParameter
from ..exports import csv_table, geojson_collection
from ..licence import licence
from ..querysets import site_detail
from ..renderers import CSVRenderer, GeoJSONAsJSONRenderer, GeoJSONRenderer, UTF8JSONRenderer
from ..serializers import SiteDetailSerializer
from .base import PublicReadMixin

ERROR_400 = OpenApiResponse(
    description="Bad input: the message names the parameter.",
    response={"type": "object", "properties": {"error": {"type": "string"}, "parameter": {"type": "string"}}},
    examples=[
        OpenApiExample(
            "bad bbox",
            value={"error": "bbox: latitudes must be between -90 and 90.", "parameter": "bbox"},
        )
    ],
)

FEATURE_COLLECTION = {
    "type": "object",
    "description": "A GeoJSON FeatureCollection (RFC 7946) with the licence and how to cite it.",
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "license": {"type": "string", "example": "ODbL-1.0"},
        "license_url": {"type": "string", "format": "uri"},
        "attribution": {"type": "string"},
        "how_to_cite": {"type": "string"},
        "snapshot": {"type": "string", "format": "date-time"},
        "permalink": {"type": "string", "format": "uri"},
        "count": {"type": "integer"},
        "features": {"type": "array", "items": feature_schema()},
    },
}

COLLECTION_DESCRIPTION = """
Every public site as a GeoJSON FeatureCollection, or as CSV with `?format=csv`; both honour the
same filters. Combine filters freely: `?status=announced,permit_requested&country=FR`.

**As a uMap remote data layer**: in uMap, *Layer properties → Remote data*, URL
`https://<this host>/api/sites/?bbox={bbox}` (any other filter may be added), format `geojson`,
tick *Dynamic*: uMap replaces `{bbox}` with the visible area as west,south,east,north (Leaflet's
`toBBoxString()`), which is this API's `minLon,minLat,maxLon,maxLat`. The explicit form
`?bbox={west},{south},{east},{north}` (also uMap variables) says the same. The API sends
`Access-Control-Allow-Origin: *`, so uMap's proxy is not needed.

**Licence**: the data is under the licence given in `license`; cite it as `how_to_cite` says.
The CSV carries the licence and the citation in its last two columns, on every row.

Conditional requests: send back the `ETag` in `If-None-Match` to get a `304 Not Modified` when
nothing changed.
"""


def _filters_as_parameters() -> list[OpenApiParameter]:
    params = [
        OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.QUERY, description=str(f.extra.get("help_text", "")))
        for name, f in SiteFilterSet.base_filters.items()
    ]
    params.append(OpenApiParameter("format", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=["geojson", "json", "csv"]))
    return params


def _licence_link() -> str:
    spdx, _name, url = licence()
    return f'<{url}>; rel="license"; title="{spdx}"'


class SiteCollectionView(PublicReadMixin, APIView):
    renderer_classes = [GeoJSONRenderer, GeoJSONAsJSONRenderer, CSVRenderer]

    @extend_schema(
        operation_id="sites_list",
        summary="Sites (GeoJSON or CSV)",
        description=COLLECTION_DESCRIPTION,
        parameters=_filters_as_parameters(),
        responses={
            (200, "application/geo+json"): OpenApiResponse(response=FEATURE_COLLECTION),
            (200, "text/csv"): OpenApiResponse(response=OpenApiTypes.STR, description="One row per site."),
            304: OpenApiResponse(description="Not modified (If-None-Match matched)."),
            400: ERROR_400,
        },
        tags=["sites"],
    )
    def get(self, request):
        filterset = SiteFilterSet(request.query_params)
        filterset.cleaned  # bad input is a 400 before anything is read  # noqa: B018
        renderer = request.accepted_renderer
        headers = {"Link": _licence_link()}
        if renderer.format == "csv":
            headers["Content-Disposition"] = 'attachment; filename="hubwatch-sites.csv"'
            build = lambda: csv_table(filterset, request)  # noqa: E731
        else:
            build = lambda: geojson_collection(filterset, request)  # noqa: E731
        return versioned_response(
            request,
            f"sites.{renderer.format}",
            build,
            f"{renderer.media_type}; charset=utf-8",
            # A panning map asks for a new bbox each time: not worth keeping.
            keep="bbox" not in request.query_params,
            vary=("Accept",),
            headers=headers,
            # Each site's `url` is its page in the reader's language (/fr/sites/..., /en/sites/...).
            per_language=True,
        )


class SiteDetailView(PublicReadMixin, APIView):
    renderer_classes = [UTF8JSONRenderer]

    @extend_schema(
        operation_id="sites_retrieve",
        summary="One site (GeoJSON Feature) with its timeline, collectives and claims",
        responses={200: SiteDetailSerializer, 304: OpenApiResponse(description="Not modified."), 404: None},
        tags=["sites"],
    )
    def get(self, request, slug: str):
        def build() -> bytes:
            site = site_detail().filter(slug=slug).first()
            if site is None:
                raise Http404
            data = SiteDetailSerializer(site, context={"request": request}).data
            spdx, _name, url = licence()
            data["license"], data["license_url"] = spdx, url
            return UTF8JSONRenderer().render(data)

        # The timeline's dates are written in the reader's language.
        return versioned_response(
            request, "site", build, "application/geo+json; charset=utf-8", keep=False, per_language=True
        )


CLUSTERS = {
    "type": "object",
    "properties": {
        "count": {"type": "integer", "description": "Sites in the view (with a status), all clusters together."},
        "clusters": {
            "type": "array",
            "description": "[lon, lat, n, slug, name, status]: the centre of the cell's sites, how many; "
            "slug, name and status only for a cell holding one site (null otherwise).",
            "items": {"type": "array", "items": {}},
        },
    },
}


# The sites with a status (what the map shows), grouped on a grid of square cells in degrees; a
# cell holding one site gives that site.
CLUSTERS_SQL = """
WITH f AS ({sites}), c AS (
    SELECT count(*) AS n, avg(x) AS x, avg(y) AS y, min(slug) AS slug, min(name) AS name, min(shown_status) AS status
    FROM f GROUP BY floor(x / %s), floor(y / %s)
)
SELECT json_build_object(
    'count', (SELECT count(*) FROM f),
    'clusters', COALESCE(json_agg(json_build_array(
        round(x::numeric, 6), round(y::numeric, 6), n,
        CASE WHEN n = 1 THEN slug END, CASE WHEN n = 1 THEN name END, CASE WHEN n = 1 THEN status END
    ) ORDER BY n DESC, slug), '[]'::json)
)::text FROM c
"""
CLUSTER_CELL_PX = 80  # a cluster stands for the sites of a square this many pixels wide (icons are up to 48)
MAX_ZOOM = 22
# Up to this zoom a view covers whole regions and readers' views, snapped to the cell grid,
# coincide: such answers are worth keeping.
SHARED_CLUSTER_ZOOM = 8


def cell_degrees(zoom: int) -> float:
    """The width in degrees of CLUSTER_CELL_PX pixels at `zoom` (256-pixel web-mercator tiles)."""
    return 360 / (256 * 2**zoom) * CLUSTER_CELL_PX


def snapped(bbox: tuple[float, float, float, float], cell: float) -> str:
    """The bbox grown to whole cells of the grid: no cell is cut by the edge of the view (its
    count and centre are the whole cell's), and nearby views ask for the same box."""
    west, south, east, north = bbox
    box = (
        max(-180.0, round(math.floor(west / cell) * cell, 6)),
        max(-90.0, round(math.floor(south / cell) * cell, 6)),
        min(180.0, round(math.ceil(east / cell) * cell, 6)),
        min(90.0, round(math.ceil(north / cell) * cell, 6)),
    )
    return ",".join(repr(v) for v in box)


def _zoom(query) -> int:
    raw = query.get("zoom", "")
    if not raw.isdigit() or int(raw) > MAX_ZOOM:
        raise BadParameter("zoom", f"expected a whole number from 0 to {MAX_ZOOM}, got {raw!r}.")
    return int(raw)


class SiteClustersView(PublicReadMixin, APIView):
    renderer_classes = [UTF8JSONRenderer]

    @extend_schema(
        operation_id="sites_clusters",
        summary="Sites of a map view grouped by area",
        description=(
            "What a map of a very large atlas draws: the sites in `bbox`, grouped on a grid of cells "
            "80 pixels wide at `zoom` (web-mercator, 256-pixel tiles); a cell holding one site gives "
            "that site. The view is grown to whole cells. Takes the filters of /api/sites/ except `at`."
        ),
        parameters=[
            OpenApiParameter("bbox", OpenApiTypes.STR, OpenApiParameter.QUERY, required=True,
                             description="minLon,minLat,maxLon,maxLat (WGS84)."),
            OpenApiParameter("zoom", OpenApiTypes.INT, OpenApiParameter.QUERY, required=True,
                             description=f"The map's zoom level, 0 to {MAX_ZOOM}."),
            *[p for p in _filters_as_parameters() if p.name not in ("bbox", "at", "format")],
        ],
        responses={
            200: OpenApiResponse(response=CLUSTERS),
            304: OpenApiResponse(description="Not modified (If-None-Match matched)."),
            400: ERROR_400,
        },
        tags=["sites"],
    )  # fmt: skip
    def get(self, request):
        data = SiteFilterSet(request.query_params).cleaned
        if data.get("at"):
            raise BadParameter("at", "clusters give the sites as they are today; use /api/sites/?at= for a past day.")
        if not data.get("bbox"):
            raise BadParameter("bbox", "required: minLon,minLat,maxLon,maxLat.")
        zoom = _zoom(request.query_params)
        cell = cell_degrees(zoom)
        query = request.query_params.copy()
        query["bbox"] = snapped(data["bbox"], cell)

        def build() -> bytes:
            # A site with no known status is drawn as "unknown", as on the map of all sites.
            shown = Coalesce("status", Value(UNKNOWN_STATUS), output_field=CharField())
            sites = SiteFilterSet(query).qs.order_by().values("slug", "name", x=LON, y=LAT, shown_status=shown)
            inner, params = sites.query.sql_with_params()
            return fetch_value(sites.db, CLUSTERS_SQL.format(sites=inner), [*params, cell, cell])

        return versioned_response(
            request,
            "sites.clusters",
            build,
            "application/json; charset=utf-8",
            keep=zoom <= SHARED_CLUSTER_ZOOM,
            identity=f"{request.path}?{query.urlencode()}",  # nearby views, snapped, are one answer
        )
