"""The map's document, written by PostgreSQL in one statement and passed through as bytes.

One row per public site: the public record's properties (apps/sites/public.py, those marked
`in_map`) and what only the map needs: the point, the operator's group (the operator filter
takes subsidiaries too), the first sentence of the summary and the status history from the
public timeline, so the time slider never asks the server again. Rows are arrays, named once
by `columns`: {"today": ..., "columns": [...], "rows": [[...], ...]}.
"""

from __future__ import annotations

import json

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, Func, JSONField, OuterRef, TextField, Value
from django.db.models.functions import Coalesce, Left

from apps.core.sql import fetch_value
from apps.core.translation import localized_text
from apps.sites.models import Event
from apps.sites.public import LAT, LON, PROPERTIES, records

# The first sentence: up to the first ., ! or ? followed by a space or the end.
_FIRST_SENTENCE = r"^(.*?[.!?])(\s|$)"


def _history():
    """[[date, precision, status], ...] oldest first."""
    row = Func(
        Func(F("date"), Value("YYYY-MM-DD"), function="to_char", output_field=TextField()),
        F("date_precision"),
        F("status_after"),
        function="json_build_array",
        output_field=JSONField(),
    )
    return ArraySubquery(
        Event.objects.public().status_changes().filter(site=OuterRef("pk")).order_by("date", "id").values(h=row)
    )


def _teaser():
    """The summary's first sentence in the reader's language (else its original language)."""
    summary = localized_text("summary")
    return Left(
        Coalesce(Func(summary, Value(_FIRST_SENTENCE), function="substring", output_field=TextField()), summary),
        240,
    )


def map_only() -> dict:
    return {
        "lon": LON,
        "lat": LAT,
        "operator_group": F("operator__parent__slug"),
        "teaser": _teaser(),
        "history": _history(),
    }


def map_document(filterset, today: str) -> bytes:
    """The document of the sites a SiteFilterSet selects."""
    columns = {**{p.name: p.expression for p in PROPERTIES if p.in_map}, **map_only()}
    queryset = records(filterset)
    rows = queryset.values(**{f"m{i}": expression for i, expression in enumerate(columns.values())})
    inner, params = rows.query.sql_with_params()
    cells = ", ".join(f"r.m{i}" for i in range(len(columns)))
    sql = (
        "SELECT json_build_object('today', %s::text, 'columns', %s::json, "  # noqa: S608 - the ORM's compiled query; values stay parameters
        f"'rows', COALESCE(json_agg(json_build_array({cells})), '[]'::json))::text "
        f"FROM ({inner}) AS r"
    )
    return fetch_value(queryset.db, sql, [today, json.dumps(list(columns)), *params])
