"""The site collection as GeoJSON (written by PostgreSQL in one statement) or CSV, from the
public record declared in apps/sites/public.py."""

from __future__ import annotations

import csv
import datetime as dt
import io

from apps.core.sql import fetch_value
from apps.sites.public import csv_rows, geojson_statement, records

from .licence import licence_metadata


def geojson_collection(filterset, request) -> bytes:
    head = {"type": "FeatureCollection", **licence_metadata(request.build_absolute_uri(), _now())}
    sql, params = geojson_statement(filterset, request, head)
    return fetch_value(filterset.qs.db, sql, params)


def csv_table(filterset, request) -> bytes:
    queryset = records(filterset, request)
    meta = licence_metadata(request.build_absolute_uri(), _now())
    header, rows = csv_rows(queryset)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    # The licence and the citation on every row, so they survive any cut of the file.
    writer.writerow([*header, "license", "how_to_cite"])
    for row in rows:
        *values, lon, lat = row
        writer.writerow(["" if v is None else v for v in values] + [f"{lon:.6f}", f"{lat:.6f}"]
                        + [meta["license"], meta["how_to_cite"]])  # fmt: skip
    return out.getvalue().encode()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
