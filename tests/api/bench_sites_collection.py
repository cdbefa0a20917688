"""Benchmark of GET /api/sites/ against the raw PostGIS query building the same collection.

Not part of the suite (its name does not start with test_); run it explicitly:

    DJANGO_SETTINGS_MODULE=config.settings.test TEST_DATABASE_NAME=test_hw_api \\
        .venv/bin/pytest tests/api/bench_sites_collection.py -q -s

It prints median times (ms) for 1,000 and 10,000 sites: the raw json_agg query, the endpoint on a
cache miss (a new data version each time), a cache hit, a gzip hit, and a 304.
"""

import random
import statistics
import time

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from apps.sites.models import Site
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

RAW = """
SELECT json_build_object('type', 'FeatureCollection', 'features', COALESCE(json_agg(json_build_object(
    'type', 'Feature', 'geometry', ST_AsGeoJSON(s.location)::json, 'properties', json_build_object(
        'slug', s.slug, 'name', s.name, 'status', s.status, 'status_since', s.status_since,
        'status_since_precision', s.status_since_precision,
        'operator', json_build_object('name', o.name, 'slug', o.slug),
        'developer', json_build_object('name', d.name, 'slug', d.slug),
        'kind', s.kind, 'country', s.country, 'municipality', s.municipality,
        'url', 'http://testserver/en/sites/' || s.slug || '/'))
    ORDER BY s.name), '[]'::json))::text
FROM sites_site s
LEFT JOIN companies_company o ON o.id = s.operator_id
LEFT JOIN companies_company d ON d.id = s.developer_id
WHERE s.deleted_at IS NULL
"""


def median_ms(fn, n=15) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


@pytest.mark.parametrize("n", [1000, 10000])
def test_bench(client, n):
    companies = [CompanyFactory() for _ in range(20)]
    rnd = random.Random(1)
    Site.objects.bulk_create(
        Site(
            name=f"Site {i}", slug=f"s-{i}", municipality="Town", country="FR",
            location=Point(rnd.uniform(-4, 8), rnd.uniform(42, 51), srid=4326),
            operator=rnd.choice(companies), developer=rnd.choice(companies),
        )
        for i in range(n)
    )  # fmt: skip

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW)
            return cursor.fetchone()[0]

    def miss():
        with connection.cursor() as cursor:
            # As if the data had changed:
            cursor.execute("UPDATE hubwatch_data_state SET version = nextval('hubwatch_data_version')")
        assert client.get("/api/sites/").status_code == 200

    def hit():
        assert client.get("/api/sites/").status_code == 200

    def hit_gzip():
        assert client.get("/api/sites/", HTTP_ACCEPT_ENCODING="gzip").status_code == 200

    results = {"raw": median_ms(raw), "miss": median_ms(miss), "hit": median_ms(hit), "gzip hit": median_ms(hit_gzip)}
    etag = client.get("/api/sites/")["ETag"]
    results["304"] = median_ms(lambda: client.get("/api/sites/", HTTP_IF_NONE_MATCH=etag))
    print(f"\n{n} sites, {len(raw()) // 1024} KiB: " + ", ".join(f"{k} {v:.1f} ms" for k, v in results.items()))
