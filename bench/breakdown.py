"""Where the time of a cold small bbox goes, stage by stage, printed as medians in milliseconds.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=postgis://.../hubwatch_scratch_10k \
        .venv/bin/python -m bench.breakdown [--rounds 300]

The same request as measurement 3 of bench/inprocess.py; each stage is timed by wrapping the
function that does it (nested stages are included in their parent). A diagnostic to explain
target 3, not a target itself.
"""

from __future__ import annotations

import argparse
import collections
import functools
import itertools
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

import psycopg  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db.backends.postgresql.base import DatabaseWrapper  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

from apps.api import exports  # noqa: E402
from apps.api.views import sites as site_views  # noqa: E402
from apps.core import http  # noqa: E402

from .inprocess import box_holding  # noqa: E402
from .scratch import conninfo  # noqa: E402
from .wsgi import wsgi_get  # noqa: E402

STAGES = [
    (APIView, "dispatch", "DRF dispatch (the view and everything below)"),
    (site_views, "SiteFilterSet", "SiteFilterSet() (its filters copied)"),
    (site_views.SiteFilterSet, "cleaned", None),  # a property: timed below
    (http, "data_state", "data version read (a round trip)"),
    (DatabaseWrapper, "is_usable", "connection health check (a round trip)"),
    (exports, "geojson_statement", "compile the selection"),
    (exports, "fetch_value", "run the statement, receive the bytes"),
]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args(argv)
    spent: dict[str, float] = {}

    def timed(label, fn):
        @functools.wraps(fn)
        def wrapper(*a, **kw):
            t0 = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                spent[label] = spent.get(label, 0.0) + (time.perf_counter() - t0) * 1000

        return wrapper

    for owner, name, label in STAGES:
        if label is None:  # the FilterSet's validation, a property
            prop = getattr(owner, name)
            setattr(owner, name, property(timed("validate the query string (form)", prop.fget)))
        else:
            setattr(owner, name, timed(label, getattr(owner, name)))

    with psycopg.connect(conninfo(os.environ["DATABASE_URL"]), autocommit=True) as conn:
        box, _ = box_holding(conn, 0.01)
    nudge = itertools.count(1)
    handler = WSGIHandler()
    medians = collections.defaultdict(list)
    for i in range(args.rounds + 30):  # the first 30 warm up
        b = [box[0], box[1], box[2], box[3] + next(nudge) * 1e-9]
        spent.clear()
        t0 = time.perf_counter()
        response = wsgi_get(handler, "/api/sites/?bbox=" + ",".join(f"{v:.9f}" for v in b))
        spent["the whole request (WSGI handler)"] = (time.perf_counter() - t0) * 1000
        if response.status_code != 200:
            raise SystemExit(f"answered {response.status_code}: {response.content[:300]!r}")
        if i >= 30:
            for label, ms in spent.items():
                medians[label].append(ms)
    print(f"load {os.getloadavg()[0]:.2f}, {args.rounds} rounds, median ms per request:")
    for label, values in sorted(medians.items(), key=lambda item: -statistics.median(item[1])):
        print(f"  {statistics.median(values):6.3f}  {label}")


if __name__ == "__main__":
    main()
