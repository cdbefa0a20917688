"""GET /api/sites/ as GeoJSON, the path the map and uMap layers take, without DRF or the ORM.

The general path (views/sites.py's SiteCollectionView through DRF: content negotiation, SiteFilter, the ORM's
compiled query) costs about 2 ms of Python before the database is even asked, which for a small
`?bbox=` answer is more than the database's own work. This lane answers the common requests,
GeoJSON with any of status, operator, country, kind, collective, q and bbox, with:

- the parameters checked by the very form fields SiteFilter declares (same messages, same order);
- a WHERE clause written here in SQL, the twin of SiteQuerySet.public/within/search/operated_by
  and SiteFilter's collective filter. tests/api/test_fast_lane.py checks that both paths return
  the same bytes for every filter, alone and combined, so a change to one that is not made to the
  other fails there;
- the response cache and conditional GET of every other endpoint (views/base.py); a `?bbox=`
  answer is kept by its process only (what one reader's map shows is rarely asked again by
  another, and the Redis round trips cost more than it takes to build a small one).

Everything else (CSV, `?at=`, other formats, OPTIONS, unknown Accept) goes to the general path.
"""

from __future__ import annotations

import functools
import math
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.request import HttpHeaders
from django.utils.cache import patch_vary_headers
from rest_framework.exceptions import NotAcceptable, NotFound
from rest_framework.negotiation import DefaultContentNegotiation

from apps.core.sql import fetch_row

from ..errors import BadParameter, bad_parameter_response
from ..exports import feature_collection, features_sql
from ..filters import SiteFilter
from ..licence import licence
from ..renderers import CSVRenderer, GeoJSONAsJSONRenderer, GeoJSONRenderer
from ..version import Built, CachedResponse, Meta, etag_for
from .base import CORS_HEADERS, conditional_response, now

RENDERERS = [GeoJSONRenderer(), GeoJSONAsJSONRenderer(), CSVRenderer()]
ALLOW = "GET, HEAD, OPTIONS"
# A map that pans (uMap's dynamic layers) asks for a new bbox each time: such answers are
# small and rarely asked twice, so they leave the cache sooner.
BBOX_CACHE_SECONDS = 300

_negotiation = DefaultContentNegotiation()

# The columns the envelope query (exports.FEATURES_SQL) reads, named as site_rows() names them.
SELECT = """
SELECT s.slug AS x_slug, s.name AS x_name, s.status AS x_status, s.status_since AS x_since,
       s.status_since_precision AS x_precision, o.name AS x_operator_name, o.slug AS x_operator_slug,
       d.name AS x_developer_name, d.slug AS x_developer_slug, s.kind AS x_kind, s.country AS x_country,
       s.municipality AS x_municipality, s.location_precision AS x_location_precision, s.location AS x_location
FROM sites_site s
LEFT JOIN companies_company o ON o.id = s.operator_id
LEFT JOIN companies_company d ON d.id = s.developer_id
WHERE s.deleted_at IS NULL
""".strip()

# Django's unaccent__icontains, written out: the text unaccented, LIKE's wildcards escaped, upper-cased.
_LIKE = r"'%%' || upper(replace(replace(replace(unaccent(%s), '\', '\\'), '%%', '\%%'), '_', '\_')) || '%%'"
SEARCHED = ("name", "municipality", "admin_area", "region")

# Each filter: its SQL condition and how many times its value is passed (positional parameters).
CONDITIONS = {
    "status": ("s.status = ANY(%s)", 1),
    "operator": (
        "s.operator_id IN (SELECT c.id FROM companies_company c LEFT JOIN companies_company p ON p.id = c.parent_id"
        " WHERE c.slug = ANY(%s) OR p.slug = ANY(%s))",
        2,
    ),
    "country": ("s.country = ANY(%s)", 1),
    "kind": ("s.kind = ANY(%s)", 1),
    "collective": (
        "EXISTS (SELECT 1 FROM collectives_opposition x JOIN collectives_collective c ON c.id = x.collective_id"
        " WHERE x.site_id = s.id AND c.slug = ANY(%s))",
        1,
    ),
    "q": ("(" + " OR ".join(f"upper(unaccent(s.{col})::text) LIKE {_LIKE}" for col in SEARCHED) + ")", len(SEARCHED)),
    "bbox": ("ST_Intersects(s.location, ST_MakeEnvelope(%s, %s, %s, %s, 4326))", 1),
}


def negotiated_renderer(request):
    """The renderer DRF's negotiation would choose (same rules: ?format=, then Accept), or None
    when it would refuse the request (the general path then answers with its error)."""
    return _negotiated(request.GET.get("format"), request.META.get("HTTP_ACCEPT", "*/*"))


@functools.lru_cache(maxsize=256)
def _negotiated(fmt: str | None, accept: str):
    """DRF's choice depends on these two strings only: made once per pair seen (at most 256 kept,
    each no longer than the server lets a header be)."""
    query = {"format": fmt} if fmt else {}
    try:
        meta = {"HTTP_ACCEPT": accept}
        shim = SimpleNamespace(query_params=query, META=meta, headers=HttpHeaders(meta))
        renderer, _media = _negotiation.select_renderer(shim, RENDERERS)
    except (NotAcceptable, NotFound, Http404):  # an unknown ?format= is a 404 in DRF, a 400 in the general path
        return None
    return renderer


@functools.cache
def _absent() -> dict:
    """What each of SiteFilter's fields cleans an absent parameter to (nothing, an empty list)."""
    return {name: declared.field.clean(None) for name, declared in SiteFilter.base_filters.items()}


def cleaned_filters(query) -> dict:
    """SiteFilter's parameters, each cleaned by the form field SiteFilter declares for it; the
    first invalid one, in declaration order (as the form reports it), is a 400 naming it. Their
    widgets read their own parameter only, so an absent one is what it always cleans to."""
    # Copies: a caller may change a list it was given without changing it for the next request.
    data = {name: value.copy() if isinstance(value, list) else value for name, value in _absent().items()}
    for name, declared in SiteFilter.base_filters.items():
        if name not in query:
            continue
        field = declared.field
        try:
            data[name] = field.clean(field.widget.value_from_datadict(query, {}, name))
        except ValidationError as exc:
            raise BadParameter(name, " ".join(exc.messages)) from None
    return data


@functools.cache
def statement(shape: tuple[str, ...]) -> str:
    """The whole statement for one combination of filters (a handful exist): built once."""
    return features_sql(" AND ".join([SELECT, *(CONDITIONS[name][0] for name in shape)]))


def parameters(data: dict) -> tuple[tuple[str, ...], list]:
    shape, params = [], []
    for name in CONDITIONS:
        value = data.get(name)
        if not value:
            continue
        shape.append(name)
        if name == "bbox":
            params.extend(value)
        else:
            params.extend([value] * CONDITIONS[name][1])
    return tuple(shape), params


def build_collection(request, data: dict, media_type: str, permalink: str) -> Built:
    snapshot = now()
    shape, params = parameters(data)
    body, features, version = feature_collection(
        statement(shape), params, request, snapshot, server_binding=True, permalink=permalink
    )
    # The ETag hashes the features alone, not the snapshot time.
    meta = Meta(media_type + "; charset=utf-8", etag_for(features, weak=True), snapshot.timestamp())
    return Built(meta, body, version)


def fast_collection(request, answer_errors: bool = True) -> HttpResponse | None:
    """The answer to GET /api/sites/ in GeoJSON, or None for what the general path must answer.
    `answer_errors=False`: None for bad input too (FastLaneMiddleware leaves errors to the whole
    stack, whose LocaleMiddleware translates their messages)."""
    if request.method not in ("GET", "HEAD") or request.GET.get("at"):
        return None
    renderer = negotiated_renderer(request)
    if renderer is None or renderer.format == "csv":
        return None
    headers = {"Allow": ALLOW, **CORS_HEADERS}
    try:
        # Checked before the cache is read: bad input is never cached, and costs no round trip.
        data = cleaned_filters(request.GET) if request.GET else {}
    except BadParameter as exc:
        if not answer_errors:
            return None
        response = bad_parameter_response(exc)
        for name, value in headers.items():
            response.headers[name] = value
        patch_vary_headers(response, ("Accept",))
        return response
    permalink = request.build_absolute_uri()
    cached = CachedResponse(
        f"sites.{renderer.format}",
        permalink,
        lambda: build_collection(request, data, renderer.media_type, permalink),
        BBOX_CACHE_SECONDS if data.get("bbox") else None,
        # A panning map asks for the bbox in view: another process will hardly ask the same.
        shared=not data.get("bbox"),
        versioned=True,
    )
    spdx, _name, url = licence()
    headers["Link"] = f'<{url}>; rel="license"; title="{spdx}"'
    return conditional_response(request, cached, headers)


# --- Clusters: what a map of a very large atlas draws (GET /api/sites/clusters/) -------------

CLUSTER_CELL_PX = 80  # a cluster stands for the sites of a square this many pixels wide (icons are up to 48)
MAX_ZOOM = 22
# Up to this zoom a view covers whole regions, and readers' views, snapped to the cell grid,
# coincide: such answers are shared through Redis. Closer in, each reader's view is its own.
SHARED_CLUSTER_ZOOM = 8

# The sites with a status (what the map shows), grouped on a grid of square cells in degrees; a
# cell holding one site gives that site.
CLUSTERS_SQL = """
WITH f AS (
    SELECT s.slug, s.name, s.status, s.location FROM sites_site s
    WHERE s.deleted_at IS NULL AND s.status IS NOT NULL{conditions}
), c AS (
    SELECT count(*) AS n, avg(ST_X(location)) AS x, avg(ST_Y(location)) AS y,
           min(slug) AS slug, min(name) AS name, min(status) AS status
    FROM f GROUP BY floor(ST_X(location) / %s), floor(ST_Y(location) / %s)
)
SELECT json_build_object(
    'count', (SELECT count(*) FROM f),
    'clusters', COALESCE(json_agg(json_build_array(
        round(x::numeric, 6), round(y::numeric, 6), n,
        CASE WHEN n = 1 THEN slug END, CASE WHEN n = 1 THEN name END, CASE WHEN n = 1 THEN status END
    ) ORDER BY n DESC, slug), '[]'::json)
)::text, (SELECT version FROM hubwatch_data_state) FROM c
"""


@functools.cache
def clusters_statement(shape: tuple[str, ...]) -> str:
    return CLUSTERS_SQL.format(conditions="".join(f" AND {CONDITIONS[name][0]}" for name in shape))


def cell_degrees(zoom: int) -> float:
    """The width in degrees of CLUSTER_CELL_PX pixels at `zoom` (256-pixel web-mercator tiles)."""
    return 360 / (256 * 2**zoom) * CLUSTER_CELL_PX


def snapped(bbox: tuple[float, float, float, float], cell: float) -> tuple[float, float, float, float]:
    """The bbox grown to whole cells of the grid: no cell is cut by the edge of the view (its
    count and centre are the whole cell's), and nearby views ask for the same box."""
    west, south, east, north = bbox
    return (
        max(-180.0, round(math.floor(west / cell) * cell, 6)),
        max(-90.0, round(math.floor(south / cell) * cell, 6)),
        min(180.0, round(math.ceil(east / cell) * cell, 6)),
        min(90.0, round(math.ceil(north / cell) * cell, 6)),
    )


def _cleaned_zoom(query) -> int:
    raw = query.get("zoom", "")
    if not raw.isdigit() or int(raw) > MAX_ZOOM:
        raise BadParameter("zoom", f"expected a whole number from 0 to {MAX_ZOOM}, got {raw!r}.")
    return int(raw)


def clusters_response(request) -> HttpResponse:
    """The sites in `bbox` grouped by area for a map at `zoom` (see CLUSTERS_SQL). It takes the
    collection's filters (the same WHERE clause as the fast lane) and leaves out, as the map does,
    the sites with no status yet. Bad input raises BadParameter (views/sites.py's
    SiteClustersView turns it into a 400)."""
    data = cleaned_filters(request.GET)
    if data.get("at"):
        raise BadParameter("at", "clusters give the sites as they are today; use /api/sites/?at= for a past day.")
    if not data.get("bbox"):
        raise BadParameter("bbox", "required: minLon,minLat,maxLon,maxLat.")
    zoom = _cleaned_zoom(request.GET)
    cell = cell_degrees(zoom)
    data["bbox"] = snapped(data["bbox"], cell)

    def build() -> Built:
        shape, params = parameters(data)
        body, version = fetch_row(clusters_statement(shape), [*params, cell, cell], server_binding=True)
        meta = Meta("application/json; charset=utf-8", etag_for(body, weak=True), now().timestamp())
        return Built(meta, body, version)

    identity = f"z{zoom} " + " ".join(f"{name}={value!r}" for name, value in sorted(data.items()) if value)
    shared = zoom <= SHARED_CLUSTER_ZOOM
    timeout = None if shared else BBOX_CACHE_SECONDS
    cached = CachedResponse("sites.clusters", identity, build, timeout, shared=shared, versioned=True)
    return conditional_response(request, cached)
