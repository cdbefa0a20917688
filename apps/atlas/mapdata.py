"""The map's data, built by PostgreSQL in one query and passed through as bytes.

One row per public site with everything the map needs client-side, including its status
history from the public timeline, so the time slider never asks the server again. Rows are
objects with short keys (the payload for 10,000 sites stays around 2 MB before gzip):

    s slug, n name, x lon, y lat, m municipality, c country, k facility kind,
    o operator slug, on operator name, g operator's parent slug, t first sentence of the summary,
    cl collective slugs, h status history [[date, precision, status], ...] oldest first.
"""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import F, FloatField, Func, JSONField, OuterRef, TextField, Value
from django.db.models.functions import Coalesce, Left

from apps.collectives.models import Opposition
from apps.sites.models import Event, Site

# The first sentence: up to the first ., ! or ? followed by a space or the end.
_FIRST_SENTENCE = r"^(.*?[.!?])(\s|$)"


def _history():
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


def map_rows():
    return (
        Site.objects.public()
        .order_by("name")
        .values(
            s=F("slug"),
            n=F("name"),
            x=Func(F("location"), function="ST_X", output_field=FloatField()),
            y=Func(F("location"), function="ST_Y", output_field=FloatField()),
            m=F("municipality"),
            c=F("country"),
            k=F("kind"),
            o=F("operator__slug"),
            on=F("operator__name"),
            g=F("operator__parent__slug"),
            t=Left(
                Coalesce(
                    Func(F("summary"), Value(_FIRST_SENTENCE), function="substring", output_field=TextField()),
                    F("summary"),
                ),
                240,
            ),
            cl=ArraySubquery(
                Opposition.objects.filter(site=OuterRef("pk"), collective__deleted_at__isnull=True)
                .order_by("collective__slug")
                .values("collective__slug")
            ),
            h=_history(),
        )
    )


def map_json() -> str:
    """The JSON array of map rows, as text made by PostgreSQL."""
    sql, params = map_rows().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(json_agg(row), '[]'::json)::text FROM ({sql}) AS row", params)  # noqa: S608
        return cursor.fetchone()[0]
