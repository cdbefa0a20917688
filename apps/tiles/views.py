"""GET /tiles/sites/{z}/{x}/{y}.pbf: the public sites of one web-mercator tile as a Mapbox Vector
Tile, built by PostGIS in one query (ST_AsMVTGeom + ST_AsMVT) and passed through as bytes.

With 100,000 sites a browser cannot hold the whole GeoJSON collection comfortably; a vector-tile
layer (MapLibre, Leaflet.VectorGrid, OpenLayers) asks only for the tiles in view. The sites are
SiteFilterSet's, as on every other surface (`?status=...` works here too), and their attributes the
public record's flat columns (apps/sites/public.py).
"""

from __future__ import annotations

import math

from django.contrib.gis.db.models import GeometryField
from django.db import connections, transaction
from django.db.models import F, Func, Value
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_safe

from apps.core.http import versioned_response
from apps.sites.filters import InvalidFilter, SiteFilterSet
from apps.sites.public import flat_columns, records

EXTENT = 4096  # tile coordinate space, the MVT default
BUFFER = 64  # pixels kept around the tile so symbols at its edge are not cut
MAX_ZOOM = 22
LAYER = "sites"
CONTENT_TYPE = "application/vnd.mapbox-vector-tile"


def tile_bbox(z: int, x: int, y: int, margin: float = 0.0) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) of tile z/x/y, grown by `margin` tile widths."""
    n = 2**z

    def lon(tx: float) -> float:
        return tx / n * 360.0 - 180.0

    def lat(ty: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * ty / n))))

    return (
        max(-180.0, lon(x - margin)),
        max(-85.0511287798, lat(y + 1 + margin)),
        min(180.0, lon(x + 1 + margin)),
        min(85.0511287798, lat(y - margin)),
    )


class TileEnvelope(Func):
    function = "ST_TileEnvelope"
    output_field = GeometryField(srid=3857)


class WebMercator(Func):
    """ST_Transform(point, 3857) written out: spherical mercator is two lines of arithmetic, and
    PROJ's general transformation costs about as much as all the rest of a tile (measured on a
    z10 tile of 2,200 points: ~50 ms of ~110). Latitudes are clamped to the mercator square."""

    template = (
        "ST_SetSRID(ST_MakePoint(ST_X(%(expressions)s) * 20037508.342789244 / 180, "
        "ln(tan(radians(90 + LEAST(GREATEST(ST_Y(%(expressions)s), -85.0511287798), 85.0511287798)) / 2)) "
        "* 6378137), 3857)"
    )
    output_field = GeometryField(srid=3857)


class AsMVTGeom(Func):
    function = "ST_AsMVTGeom"
    output_field = GeometryField(srid=3857)


def tile_queryset(filterset, z: int, x: int, y: int, request=None):
    """The rows of one tile, as the ORM selects them (the filtered sites in the tile plus its buffer)."""
    geom = AsMVTGeom(
        WebMercator("location"),
        TileEnvelope(Value(z), Value(x), Value(y)),
        Value(EXTENT),
        Value(BUFFER),
        Value(True),
    )
    return (
        records(filterset, request)
        .within(tile_bbox(z, x, y, margin=BUFFER / EXTENT))
        .order_by()
        .values(mvt_id=F("id"), mvt_geom=geom, **{f"t_{name}": column for name, column in flat_columns().items()})
    )


def render_tile(filterset, z: int, x: int, y: int, request=None) -> bytes:
    """The tile's bytes, built by one query without parallel workers.

    A tile is a small query (a dense z10 tile at 100,000 sites: 2,200 rows, ~9 ms), and for it
    PostgreSQL's default plan, a Parallel Bitmap Heap Scan with one worker, costs more in starting
    the worker than it saves: 15-20 ms instead of 8-9. So `max_parallel_workers_per_gather` is 0
    for this statement only: set with SET LOCAL in a transaction (a savepoint inside a caller's
    transaction) that is rolled back, which undoes the setting either way; the query only reads.
    """
    qs = tile_queryset(filterset, z, x, y, request)
    sql, params = qs.query.sql_with_params()
    using = qs.db
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        # `sql` is the ORM's own compiled query; every value in it stays a bound parameter.
        # The attributes named as the public record names them.
        named = ", ".join(f'r."t_{name}" AS "{name}"' for name in flat_columns())
        rows = f"SELECT r.mvt_id, r.mvt_geom, {named} FROM ({sql}) r"  # noqa: S608 - the ORM's compiled query
        cursor.execute(f"SELECT ST_AsMVT(t, %s, %s, 'mvt_geom', 'mvt_id') FROM ({rows}) t", [LAYER, EXTENT, *params])  # noqa: S608
        row = cursor.fetchone()
        transaction.set_rollback(True, using=using)
    return bytes(row[0]) if row and row[0] is not None else b""


@require_safe
def site_tile(request, z: int, x: int, y: int):
    if z > MAX_ZOOM or x >= 2**z or y >= 2**z:
        raise Http404("No such tile.")
    filterset = SiteFilterSet(request.GET)
    try:
        filterset.cleaned  # noqa: B018 - bad input is a 400 before anything is read
    except InvalidFilter as exc:
        return JsonResponse({"error": str(exc), "parameter": exc.parameter}, status=400)
    response = versioned_response(
        request, "tile", lambda: render_tile(filterset, z, x, y, request), CONTENT_TYPE, keep=z <= 8
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
