"""Build the site collection as GeoJSON (inside PostgreSQL, in one query) or CSV.

The filtered QuerySet comes from SiteFilter; its SQL is wrapped in a json_agg query so PostGIS
writes the whole FeatureCollection and no model object is ever instantiated for it.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json

from django.db.models import F, FloatField, Func
from django.urls import reverse

from apps.core.sql import fetch_row

from .licence import licence_metadata

# Status columns without and with ?at= (with_status_at annotates the status on that day).
_CURRENT = ("status", "status_since", "status_since_precision")
_AT = ("status_at", "status_at_since", "status_at_precision")


def page_url_prefix(request, permalink: str | None = None) -> str:
    """The absolute URL of a site page, less the slug: https://host/sites/. From `permalink`,
    the request's own absolute URL, when the caller has it."""
    if permalink is None:
        return request.build_absolute_uri(_page_path_prefix())
    scheme, _, rest = permalink.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}{_page_path_prefix()}"


@functools.cache
def _page_path_prefix() -> str:
    return reverse("sites:detail", kwargs={"slug": "-"})[: -len("-/")]


def site_rows(queryset, at: bool, *, lon_lat: bool = False):
    """The columns an export needs, aliased so they cannot clash with the model's fields: the
    geometry for GeoJSON, or longitude and latitude as numbers for CSV."""
    status, since, precision = _AT if at else _CURRENT
    if lon_lat:
        geometry = {
            "x_lon": Func(F("location"), function="ST_X", output_field=FloatField()),
            "x_lat": Func(F("location"), function="ST_Y", output_field=FloatField()),
        }
    else:
        geometry = {"x_location": F("location")}
    return queryset.order_by().values(
        x_slug=F("slug"),
        x_name=F("name"),
        x_status=F(status),
        x_since=F(since),
        x_precision=F(precision),
        x_operator_name=F("operator__name"),
        x_operator_slug=F("operator__slug"),
        x_developer_name=F("developer__name"),
        x_developer_slug=F("developer__slug"),
        x_kind=F("kind"),
        x_country=F("country"),
        x_municipality=F("municipality"),
        x_location_precision=F("location_precision"),
        **geometry,
    )


def _at_precision_sql(date: str, precision: str) -> str:
    """A date as ISO 8601 at its precision: '2021', '2021-06' or '2021-06-24'. JSON writes
    dates in ISO whatever the session's DateStyle; cutting that text is cheaper than to_char."""
    return f"left(to_json({date}) #>> '{{}}', CASE {precision} WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END)"


def _company_sql(name: str, slug: str) -> str:
    return f"CASE WHEN {slug} IS NULL THEN NULL ELSE json_build_object('name', {name}, 'slug', {slug}) END"


# PostgreSQL writes the whole document: the envelope given as the first parameter (ending with
# `"count": `), the count, the features and the closing brace. Python receives it as bytes
# (apps/core/sql.py) and hands them to the response without a copy. The last column is the data
# version of the same snapshot (apps/api/version.py): what the body may be cached under.
FEATURES_SQL = """
SELECT count(*), %s::text || count(*) || ', "features": ' || COALESCE(json_agg(json_build_object(
    'type', 'Feature',
    'id', s.x_slug,
    'geometry', ST_AsGeoJSON(s.x_location, 6)::json,
    'properties', json_build_object(
        'slug', s.x_slug,
        'name', s.x_name,
        'status', s.x_status,
        'status_since', {since},
        'status_since_precision', s.x_precision,
        'operator', {operator},
        'developer', {developer},
        'kind', s.x_kind,
        'country', s.x_country,
        'municipality', s.x_municipality,
        'location_precision', s.x_location_precision,
        'url', %s::text || s.x_slug || '/'
    )
) ORDER BY s.x_name, s.x_slug), '[]'::json)::text || '}}',
(SELECT version FROM hubwatch_data_state)
FROM ({inner}) AS s
""".strip()


def iso_at_precision(value: dt.date | None, precision: str | None) -> str | None:
    if value is None:
        return None
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def features_sql(inner: str) -> str:
    """The whole document's statement around `inner`, a SELECT of the columns site_rows() names."""
    return FEATURES_SQL.format(
        inner=inner,
        since=_at_precision_sql("s.x_since", "s.x_precision"),
        operator=_company_sql("s.x_operator_name", "s.x_operator_slug"),
        developer=_company_sql("s.x_developer_name", "s.x_developer_slug"),
    )


def feature_collection(
    sql: str,
    params: list,
    request,
    snapshot: dt.datetime,
    *,
    server_binding: bool = False,
    permalink: str | None = None,
) -> tuple[bytes, memoryview, int]:
    """(the FeatureCollection built by `sql` (from features_sql), its data without the snapshot
    time: what the ETag hashes, a view into the body, no copy; the data version it was built at).
    `permalink`: the request's absolute URL, if the caller has it already."""
    permalink = permalink or request.build_absolute_uri()
    head = {"type": "FeatureCollection", **licence_metadata(permalink, snapshot)}
    prefix = json.dumps(head, ensure_ascii=False)[:-1] + ', "count": '
    count, body, version = fetch_row(
        sql, [prefix, page_url_prefix(request, permalink), *params], server_binding=server_binding
    )
    start = len(prefix.encode()) + len(str(count)) + len(b', "features": ')
    return body, memoryview(body)[start:-1], version


def geojson_collection(queryset, at: bool, request, snapshot: dt.datetime) -> tuple[bytes, memoryview]:
    """The FeatureCollection of a QuerySet (the general path), and what the ETag hashes."""
    inner, params = site_rows(queryset, at).query.sql_with_params()
    body, features, _version = feature_collection(features_sql(inner), list(params), request, snapshot)
    return body, features


CSV_COLUMNS = [
    "slug",
    "name",
    "lon",
    "lat",
    "location_precision",
    "status",
    "status_since",
    "status_since_precision",
    "operator",
    "operator_slug",
    "developer",
    "developer_slug",
    "kind",
    "country",
    "municipality",
    "url",
    # Carried on every row so the licence and the citation survive any cut of the file.
    "license",
    "how_to_cite",
]


def csv_table(queryset, at: bool, request, snapshot: dt.datetime) -> tuple[bytes, bytes]:
    """(the CSV table, its data without the snapshot time: what the ETag hashes)."""
    prefix = page_url_prefix(request)
    meta = licence_metadata(request.build_absolute_uri(), snapshot)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in site_rows(queryset, at, lon_lat=True).order_by("name", "slug").values_list(
        "x_slug", "x_name", "x_lon", "x_lat", "x_location_precision", "x_status", "x_since", "x_precision",
        "x_operator_name", "x_operator_slug", "x_developer_name", "x_developer_slug", "x_kind", "x_country",
        "x_municipality",
    ):  # fmt: skip
        slug, name, lon, lat, loc_precision, status, since, precision, *rest = row
        writer.writerow(
            [
                slug,
                name,
                f"{lon:.6f}",
                f"{lat:.6f}",
                loc_precision,
                status,
                iso_at_precision(since, precision),
                precision,
                *(value or "" for value in rest),
                prefix + slug + "/",
                meta["license"],
                meta["how_to_cite"],
            ]
        )
    body = out.getvalue().encode()
    return body, body.replace(meta["how_to_cite"].encode(), b"")
