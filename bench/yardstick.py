"""The yardstick: the least PostgreSQL has to do to build a FeatureCollection of the public sites.

One hand-written statement, run over a bare psycopg connection and fetched as text: what the
API's answers are compared with. Its properties are those of a feature the API returned, in the
same order, so the yardstick keeps up when a property is added: each is written in SQL from
PROPERTIES below, or read from the sites_site column of the same name. The features are ordered
as the API orders them (name, slug), and `difference()` checks that both give the same features.
"""

from __future__ import annotations

import json

import psycopg
from psycopg import sql

# An API property -> its SQL over s (sites_site), o (the operator), d (the developer).
PROPERTIES = {
    "status_since": (
        "CASE s.status_since_precision WHEN 'year' THEN to_char(s.status_since, 'YYYY')"
        " WHEN 'month' THEN to_char(s.status_since, 'YYYY-MM') ELSE s.status_since::text END"
    ),
    "operator": (
        "CASE WHEN o.id IS NULL THEN NULL"
        " ELSE json_build_object('name', o.name, 'slug', o.slug, 'certainty', s.operator_certainty) END"
    ),
    "developer": (
        "CASE WHEN d.id IS NULL THEN NULL"
        " ELSE json_build_object('name', d.name, 'slug', d.slug, 'certainty', s.developer_certainty) END"
    ),
    "collectives": (
        "ARRAY(SELECT c.slug FROM collectives_opposition x JOIN collectives_collective c ON c.id = x.collective_id"
        " WHERE x.site_id = s.id AND c.deleted_at IS NULL ORDER BY 1)"
    ),
}

STATEMENT = """
SELECT json_build_object('type', 'FeatureCollection', 'features', COALESCE(json_agg(json_build_object(
    'type', 'Feature',
    'id', s.slug,
    'geometry', ST_AsGeoJSON(s.location, 6)::json,
    'properties', json_build_object({properties})
) ORDER BY s.name, s.slug), '[]'))::text
FROM sites_site s
LEFT JOIN companies_company o ON o.id = s.operator_id
LEFT JOIN companies_company d ON d.id = s.developer_id
WHERE s.deleted_at IS NULL {where}
"""

BBOX = "AND ST_Intersects(s.location, ST_MakeEnvelope(%s, %s, %s, %s, 4326))"


def statement(conn: psycopg.Connection, feature: dict, where: str = "") -> tuple[str, list[str]]:
    """(the statement for the properties of `feature`, one feature as the API returned it;
    the properties it cannot write: neither in PROPERTIES nor a column of sites_site)."""
    columns = {
        row[0]
        for row in conn.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'sites_site'")
    }
    pairs, unknown = [], []
    for name, value in feature["properties"].items():
        if name == "url":  # the site page's absolute URL: the API's own prefix, then the slug
            prefix = value.removesuffix("/").removesuffix(feature["properties"].get("slug", feature["id"]))
            expr = f"{sql.Literal(prefix).as_string(conn)} || s.slug || '/'"
        elif name in PROPERTIES:
            expr = PROPERTIES[name]
        elif name in columns:
            expr = f"s.{sql.Identifier(name).as_string(conn)}"
        else:
            unknown.append(name)
            continue
        pairs.append(f"{sql.Literal(name).as_string(conn)}, {expr}")
    return STATEMENT.format(properties=", ".join(pairs), where=where), unknown


def run(conn: psycopg.Connection, statement: str, params=None) -> str:
    return conn.execute(statement, params).fetchone()[0]


def difference(ours: bytes | str, raw: str) -> str | None:
    """None when both documents hold the same features in the same order, else the first difference."""
    a, b = json.loads(ours)["features"], json.loads(raw)["features"]
    if len(a) != len(b):
        return f"{len(a)} features from the API, {len(b)} from the yardstick"
    for fa, fb in zip(a, b, strict=True):
        if fa != fb:
            keys = [k for k in fa.get("properties", {}) if fa["properties"].get(k) != fb.get("properties", {}).get(k)]
            return f"feature {fa.get('id')}: differs in {keys or 'id/geometry/order'}"
    return None
