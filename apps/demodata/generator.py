"""Fill a scratch database with realistic synthetic data, fast and reproducibly.

Sites are drawn in Python (points must fall inside France or Belgium: Natural Earth borders from
apps/sites/geo.py) and sent with COPY. Everything that scales with sites x events is built inside
PostgreSQL with INSERT ... SELECT over generate_series, its "randomness" taken from hashtext(seed,
row): the same seed gives the same rows, whatever the order the server produces them in.

The status trigger would update a site once per inserted event (2 million updates for 100,000
sites x 20 events); the bulk load switches triggers off for its own session
(session_replication_role = replica) and then sets every status in one statement with the very
rule the trigger applies (latest published, not deleted event with a status_after, by date then
id). `status_matches_timeline()` checks that rule afterwards.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import psycopg
from django.contrib.gis.geos import GEOSGeometry, Point

from apps.sites.geo import BORDERS_FILE

from .columns import missing_required, with_extra
from .places import (
    ANCHORS,
    AREA_NAMES,
    COUNTRY_BOXES,
    COUNTRY_SHARE,
    DEMO_COMPANIES,
    KIND_LABELS,
    KIND_WEIGHTS,
)
from .safety import NotAScratchDatabase, foreign_rows
from .statements import COLLECTIVE_STATEMENTS, EVENT_STATEMENTS, PRESS_STATEMENTS, REFERENCE_STATEMENTS
from .timeline_sql import STATUS_FROM_TIMELINE_SQL

# Synthetic rows carry a fixed creation time so that two runs with one seed give equal rows.
CREATED = "2026-01-01 00:00:00+00"
INSET_DEGREES = 0.03  # keep generated points this far inside the borders

TABLES = [
    "sites_event_sources",
    "sites_event_collectives",
    "sites_event",
    "sites_claim",
    "collectives_opposition",
    "press_pressitem_sites",
    "press_pressitem_collectives",
    "press_pressitem",
    "collectives_networklink",
    "collectives_collective",
    "collectives_network",
    "sites_site",
    "companies_company",
]


@dataclass
class Plan:
    sites: int
    events_per_site: int
    press: int
    seed: int = 1
    collectives: int | None = None  # default: one per 25 sites
    timings: dict[str, float] = field(default_factory=dict)

    def marker(self) -> str:
        """A description of the generated contents (stored as the database's comment)."""
        return (
            f"hubwatch demo data: sites={self.sites} events_per_site={self.events_per_site} press={self.press} "
            f"collectives={self.collective_count} seed={self.seed}"
        )

    @property
    def collective_count(self) -> int:
        return self.collectives if self.collectives is not None else max(1, self.sites // 25)


@cache
def _inner_borders() -> dict[str, object]:
    data = json.loads(BORDERS_FILE.read_text())
    return {
        f["properties"]["iso"]: GEOSGeometry(json.dumps(f["geometry"]), srid=4326).buffer(-INSET_DEGREES).prepared
        for f in data["features"]
        if f["properties"]["iso"] in COUNTRY_BOXES
    }


def _inside(lon: float, lat: float, country: str) -> bool:
    return _inner_borders()[country].contains(Point(lon, lat, srid=4326))


def _weighted(rng: random.Random, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def site_rows(plan: Plan, company_ids: list[int]):
    """Yield the COPY rows of sites_site, ids 1..N."""
    rng = random.Random(plan.seed)  # noqa: S311 (reproducible demo data, not secrets)
    anchors_by_country = {c: [a for a in ANCHORS if a[3] == c] for c in COUNTRY_BOXES}
    anchor_weights = [a[6] for a in ANCHORS]
    for i in range(1, plan.sites + 1):
        if rng.random() < 0.8:
            anchor = rng.choices(ANCHORS, weights=anchor_weights)[0]
            country, sigma = anchor[3], 0.08 + 0.04 * anchor[6] ** 0.5
            for _ in range(30):
                lon, lat = rng.gauss(anchor[1], sigma), rng.gauss(anchor[2], sigma * 0.7)
                if _inside(lon, lat, country):
                    break
                sigma *= 0.8
            else:
                lon, lat = anchor[1], anchor[2]
        else:
            country = _weighted(rng, COUNTRY_SHARE.items())
            x0, y0, x1, y1 = COUNTRY_BOXES[country]
            while True:
                lon, lat = rng.uniform(x0, x1), rng.uniform(y0, y1)
                if _inside(lon, lat, country):
                    break
            anchor = min(anchors_by_country[country], key=lambda a: (a[1] - lon) ** 2 + (a[2] - lat) ** 2)
        kind = _weighted(rng, KIND_WEIGHTS)
        municipality, admin_area, region = anchor[0], anchor[4], anchor[5]
        name = f"{KIND_LABELS[kind]} {municipality} {rng.choice(AREA_NAMES)} {i}"
        operator = rng.choice(company_ids) if rng.random() < 0.8 else None
        developer = rng.choice(company_ids) if rng.random() < 0.5 else None
        deleted = CREATED if rng.random() < 0.005 else None
        yield (
            i,
            deleted,
            1,
            name,
            f"demo-{i}",
            f"SRID=4326;POINT({lon:.6f} {lat:.6f})",
            rng.choice(["exact", "approximate", "approximate", "municipality"]),
            municipality,
            admin_area,
            region,
            country,
            kind,
            f"Projet logistique synthétique près de {municipality} (données de démonstration).",
            "fr",
            CREATED,
            CREATED,
            operator,
            developer,
        )


SITE_COLUMNS = (
    "id, deleted_at, version, name, slug, location, location_precision, municipality, admin_area, region, "
    "country, kind, summary_fr, text_language, created, updated, operator_id, developer_id"
)


def generate(conninfo: str, plan: Plan, log: Callable[[str], None] = print) -> Plan:
    """Empty the target's domain tables and fill them as `plan` says, in one transaction."""
    t_all = time.perf_counter()
    with psycopg.connect(conninfo) as conn:
        # Client-side binding: the statements below are plain SQL text with parameters inlined.
        cur = psycopg.ClientCursor(conn)
        superuser = cur.execute("select rolsuper from pg_roles where rolname = current_user").fetchone()[0]
        if superuser:
            cur.execute("set local session_replication_role = replica")
        else:
            cur.execute("alter table sites_event disable trigger sites_event_status")
        cur.execute("set local max_parallel_workers_per_gather = 0")
        cur.execute("set local work_mem = '256MB'")

        def step(label: str, fn: Callable[[], object]):
            t0 = time.perf_counter()
            fn()
            plan.timings[label] = time.perf_counter() - t0
            log(f"  {label}: {plan.timings[label]:.1f} s")

        def run(statements):
            for table, columns, sql in statements:
                cur.execute(with_extra(cur, table, columns, sql), params)

        params = {
            "seed": str(plan.seed),
            "k": plan.events_per_site,
            "created": CREATED,
            "collectives": plan.collective_count,
            "n": plan.sites,
            "press": plan.press,
        }
        foreign = foreign_rows(cur)
        if foreign:
            raise NotAScratchDatabase(
                f"the target holds {foreign} sites, companies or collectives that this generator did not make; "
                "it is not a scratch database. Nothing was changed."
            )
        step("truncate", lambda: cur.execute(f"truncate {', '.join(TABLES)} restart identity cascade"))
        step("companies and networks", lambda: run(REFERENCE_STATEMENTS))
        step(f"{plan.sites} sites (COPY)", lambda: _copy_sites(cur, plan))
        step(f"{plan.sites * plan.events_per_site} events", lambda: run(EVENT_STATEMENTS))
        step("statuses from the timelines", lambda: cur.execute(STATUS_FROM_TIMELINE_SQL))
        step(f"{plan.collective_count} collectives", lambda: run(COLLECTIVE_STATEMENTS))
        step(f"{plan.press} press items", lambda: run(PRESS_STATEMENTS))
        for table in (
            "sites_site",
            "sites_event",
            "companies_company",
            "collectives_network",
            "collectives_collective",
            "press_pressitem",
        ):
            cur.execute(
                f"select setval(pg_get_serial_sequence('{table}', 'id'), coalesce((select max(id) from {table}), 1))"  # noqa: S608
            )
        # The bulk load ran with triggers off: advance the API's data version (apps/api) by hand so
        # that no response cached from the previous contents of this database is served again.
        if cur.execute("select to_regclass('hubwatch_data_state')").fetchone()[0]:
            cur.execute("update hubwatch_data_state set version = nextval('hubwatch_data_version')")
        conn.commit()
    with psycopg.connect(conninfo, autocommit=True) as conn:
        # The visibility map lets `?at=` read the timeline index without touching the table.
        t0 = time.perf_counter()
        conn.execute("vacuum (analyze) sites_site, sites_event, press_pressitem, collectives_opposition")
        plan.timings["vacuum analyze"] = time.perf_counter() - t0
        log(f"  vacuum analyze: {plan.timings['vacuum analyze']:.1f} s")
    plan.timings["total"] = time.perf_counter() - t_all
    return plan


def _copy_sites(cur, plan: Plan) -> None:
    extra = missing_required(cur, "sites_site", {c.strip() for c in SITE_COLUMNS.split(",")})
    company_ids = list(range(1, len(DEMO_COMPANIES) + 1))
    with cur.copy(f"copy sites_site ({SITE_COLUMNS}{extra.cols_sql()}) from stdin") as cp:
        for row in site_rows(plan, company_ids):
            cp.write_row((*row, *extra.values))


def status_matches_timeline(cursor) -> int:
    """How many sites' status differs from what the trigger's rule gives (0 when all agree)."""
    cursor.execute(
        """
        select count(*) from sites_site s left join lateral (
            select e.status_after, e.date, e.date_precision from sites_event e
            where e.site_id = s.id and e.status_after is not null and e.state = 'published'
              and e.deleted_at is null
            order by e.date desc, e.id desc limit 1
        ) t on true
        where (s.status, s.status_since, s.status_since_precision)
              is distinct from (t.status_after, t.date, t.date_precision)
        """
    )
    return cursor.fetchone()[0]


__all__ = ["Plan", "generate", "status_matches_timeline"]
