"""GET /api/sites/ (GeoJSON FeatureCollection or CSV) and GET /api/sites/<slug>/ (one Feature)."""

from __future__ import annotations

from django.http import Http404
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.views import APIView

from apps.sites.models import Site

from ..exports import csv_table, geojson_collection
from ..filters import SiteFilter
from ..licence import licence
from ..querysets import site_detail
from ..renderers import CSVRenderer, GeoJSONAsJSONRenderer, GeoJSONRenderer, UTF8JSONRenderer
from ..serializers import SiteDetailSerializer
from ..version import Built, CachedResponse, Meta, etag_for
from .base import PublicReadMixin, conditional_response, now
from .collection import BBOX_CACHE_SECONDS, MAX_ZOOM, clusters_response, fast_collection

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
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "id": {"type": "string"},
                    "geometry": {"type": "object", "description": "A GeoJSON Point, WGS84 [lon, lat]."},
                    "properties": {
                        "type": "object",
                        "properties": {
                            "slug": {"type": "string"},
                            "name": {"type": "string"},
                            "status": {"type": "string", "nullable": True},
                            "status_since": {
                                "type": "string",
                                "nullable": True,
                                "description": "At its precision: 2021, 2021-06 or 2021-06-24.",
                            },
                            "status_since_precision": {
                                "type": "string",
                                "nullable": True,
                                "enum": ["day", "month", "year", None],
                            },
                            "operator": {
                                "type": "object",
                                "nullable": True,
                                "properties": {"name": {"type": "string"}, "slug": {"type": "string"}},
                            },
                            "developer": {
                                "type": "object",
                                "nullable": True,
                                "properties": {"name": {"type": "string"}, "slug": {"type": "string"}},
                            },
                            "kind": {"type": "string"},
                            "country": {"type": "string"},
                            "municipality": {"type": "string"},
                            "location_precision": {"type": "string"},
                            "url": {"type": "string", "format": "uri"},
                        },
                    },
                },
            },
        },
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
        for name, f in SiteFilter.base_filters.items()
    ]
    params.append(OpenApiParameter("format", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=["geojson", "json", "csv"]))
    return params


def _filtered(request):
    if not request.query_params:
        # The whole collection, what the map loads: no filter to validate or apply.
        return Site.objects.public(), {}
    filterset = SiteFilter(request.query_params, queryset=Site.objects.public())
    data = filterset.validated()
    return filterset.qs, data


class SiteCollectionView(PublicReadMixin, APIView):
    """GeoJSON requests take the fast lane (views/collection.py); CSV, ?at= and anything
    unusual come here, through DRF and the ORM. Both give the same bytes (tests/api/test_fast_lane.py)."""

    renderer_classes = [GeoJSONRenderer, GeoJSONAsJSONRenderer, CSVRenderer]

    def dispatch(self, request, *args, **kwargs):
        response = fast_collection(request)
        return super().dispatch(request, *args, **kwargs) if response is None else response

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
        fmt = request.accepted_renderer.format
        csv = fmt == "csv"

        # Validation runs in build(): only a URL that passed it is ever cached, so a cache hit
        # needs none (it costs more than the hit itself), and bad input fails before anything
        # is cached.
        def build() -> Built:
            queryset, data = _filtered(request)
            at = bool(data.get("at"))
            snapshot = now()
            if csv:
                body, fingerprint = csv_table(queryset, at, request, snapshot)
                content_type = "text/csv; charset=utf-8"
            else:
                body, fingerprint = geojson_collection(queryset, at, request, snapshot)
                content_type = request.accepted_renderer.media_type + "; charset=utf-8"
            return Built(Meta(content_type, etag_for(fingerprint, weak=True), snapshot.timestamp()), body)

        timeout = BBOX_CACHE_SECONDS if request.query_params.get("bbox") else None
        cached = CachedResponse(f"sites.{fmt}", request.build_absolute_uri(), build, timeout)
        spdx, _name, url = licence()
        headers = {"Link": f'<{url}>; rel="license"; title="{spdx}"'}
        if csv:
            headers["Content-Disposition"] = 'attachment; filename="hubwatch-sites.csv"'
        return conditional_response(request, cached, headers)


class SiteDetailView(PublicReadMixin, APIView):
    renderer_classes = [UTF8JSONRenderer]

    @extend_schema(
        operation_id="sites_retrieve",
        summary="One site (GeoJSON Feature) with its timeline, collectives and claims",
        responses={200: SiteDetailSerializer, 304: OpenApiResponse(description="Not modified."), 404: None},
        tags=["sites"],
    )
    def get(self, request, slug: str):
        def build() -> Built:
            site = site_detail().filter(slug=slug).first()
            if site is None:
                raise Http404
            data = SiteDetailSerializer(site, context={"request": request}).data
            spdx, _name, url = licence()
            data["license"], data["license_url"] = spdx, url
            body = UTF8JSONRenderer().render(data)
            return Built(Meta("application/geo+json; charset=utf-8", etag_for(body), now().timestamp()), body)

        # The timeline's dates are displayed in the reader's language: one cache entry per language.
        cached = CachedResponse("site", f"{get_language()} {request.build_absolute_uri()}", build)
        response = conditional_response(request, cached)
        patch_vary_headers(response, ("Accept-Language",))
        return response


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
        return clusters_response(request)
