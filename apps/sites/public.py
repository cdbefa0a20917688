"""A site's public record, declared once.

Each `Property` names one public property of a site: its expression over a public Site queryset,
its JSON schema and its description. From this list come the GeoJSON collection (written by
PostgreSQL in one statement), the CSV columns, the map document, the vector-tile attributes and
the OpenAPI schema; tests build their expectations from it. Adding a property here adds it
everywhere.

Expressions read four aliases that `_with_aliases()` sets: the status, its date and precision
(today's, or those on the `at` day of a SiteFilterSet) and the absolute URL prefix of site pages.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, F, FloatField, Func, JSONField, OuterRef, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Concat, JSONObject
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.collectives.models import Collective, Opposition
from apps.core.dates import DatePrecision

from .models import Certainty, FacilityKind, LocationPrecision, Status


class FuzzyDate(Func):
    """A date written at its precision: '2021', '2021-06' or '2021-06-24'."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra):
        (date, date_params), (precision, precision_params) = (compiler.compile(e) for e in self.source_expressions)
        length = f"CASE {precision} WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END"
        sql = f"left(to_char({date}, 'YYYY-MM-DD'), {length})"
        return sql, (*date_params, *precision_params)


def company(field: str):
    """{"name", "slug", "certainty"} of a company, or null: how sure the attribution is."""
    return Case(
        When(
            **{f"{field}__isnull": False},
            then=JSONObject(name=F(f"{field}__name"), slug=F(f"{field}__slug"), certainty=F(f"{field}_certainty")),
        ),
        output_field=JSONField(),
    )


def opposing_collectives():
    """The slugs of the public collectives opposing the site, in order."""
    return ArraySubquery(
        Opposition.objects.filter(site=OuterRef("pk"), collective__in=Collective.objects.public().values("pk"))
        .order_by("collective__slug")
        .values("collective__slug")
    )


# A site's point as two numbers (CSV, the map document, the clusters).
LON = Func(F("location"), function="ST_X", output_field=FloatField())
LAT = Func(F("location"), function="ST_Y", output_field=FloatField())

STRING = {"type": "string"}
COMPANY = {
    "type": "object",
    "nullable": True,
    "properties": {
        "name": {"type": "string"},
        "slug": {"type": "string"},
        # confirmed: stated by the company or an official document; reported: by others only;
        # denied: reported, then denied by the company.
        "certainty": {"type": "string", "enum": Certainty.values},
    },
}


@dataclass(frozen=True)
class Property:
    name: str
    expression: object
    schema: dict
    description: Promise
    label: Promise | None = None  # shown under this label in the map's popup
    choices: str = ""  # the SiteFilterSet filter whose choices give the values' labels
    in_map: bool = True  # carried by the map document


PROPERTIES: tuple[Property, ...] = (
    Property("slug", F("slug"), STRING, _("Stable identifier, used in URLs.")),
    Property("name", F("name"), STRING, _("Name of the site or project.")),
    Property(
        "status",
        F("r_status"),
        {"type": "string", "nullable": True, "enum": [*Status.values, None]},
        _("Current status (or on the `at` day), derived from the timeline."),
        in_map=False,
    ),
    Property(
        "status_since",
        FuzzyDate(F("r_since"), F("r_precision")),
        {"type": "string", "nullable": True},
        _("Since when, at its precision: 2021, 2021-06 or 2021-06-24."),
        in_map=False,
    ),
    Property(
        "status_since_precision",
        F("r_precision"),
        {"type": "string", "nullable": True, "enum": [*DatePrecision.values, None]},
        _("Precision of status_since."),
        in_map=False,
    ),
    Property(
        "operator",
        company("operator"),
        COMPANY,
        _("Company running the site, and how sure that is (confirmed, reported or denied)."),
        label=_("Operator"),
    ),
    Property("developer", company("developer"), COMPANY, _("Company building the site, and how sure that is.")),
    Property("kind", F("kind"), {"type": "string", "enum": FacilityKind.values}, _("Facility kind.")),
    Property("country", F("country"), STRING, _("ISO 3166-1 alpha-2 country code.")),
    Property("municipality", F("municipality"), STRING, _("Municipality.")),
    Property(
        "location_precision",
        F("location_precision"),
        {"type": "string", "enum": LocationPrecision.values},
        _("How precise the point is."),
    ),
    Property(
        "collectives",
        opposing_collectives(),
        {"type": "array", "items": STRING},
        _("Slugs of the collectives opposing the site."),
        label=_("Opposed by"),
        choices="collective",
    ),
    # Both languages, in every export: the collection does not depend on the reader's language.
    Property(
        "summary_en",
        F("summary_en"),
        STRING,
        _("Summary in English (empty when not written or translated yet)."),
        in_map=False,
    ),
    Property(
        "summary_fr",
        F("summary_fr"),
        STRING,
        _("Summary in French (empty when not written or translated yet)."),
        in_map=False,
    ),
    Property(
        "text_language",
        F("text_language"),
        {"type": "string", "enum": ["en", "fr"]},
        _("The language the summary was written in; the other one is a translation."),
        in_map=False,
    ),
    Property(
        "url",
        Concat(F("r_site_url"), F("slug"), Value("/"), output_field=TextField()),
        {"type": "string", "format": "uri"},
        _("The site's page."),
        in_map=False,
    ),
)


def site_url_prefix(request) -> str:
    """https://host/sites/: a site page's absolute URL, less its slug."""
    return request.build_absolute_uri(reverse("sites:detail", kwargs={"slug": "-"})[: -len("-/")])


def _with_aliases(queryset, day, site_url: str):
    at = bool(day)
    return queryset.alias(
        r_status=F("status_at" if at else "status"),
        r_since=F("status_at_since" if at else "status_since"),
        r_precision=F("status_at_precision" if at else "status_since_precision"),
        r_site_url=Value(site_url, output_field=TextField()),
    ).order_by("name", "slug")


def records(filterset, request=None):
    """The sites a SiteFilterSet selects, in name order, with the aliases the expressions read:
    the status on the filter's `at` day if it has one, and the site pages' URL prefix."""
    return _with_aliases(filterset.qs, filterset.day, site_url_prefix(request) if request else "")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- GeoJSON ---------------------------------------------------------------------------------


def geojson_statement(filterset, request, head: dict) -> tuple[str, list]:
    """One statement writing the whole FeatureCollection of the sites a SiteFilterSet selects:
    `head` (licence, citation...), the count and the features in name order. Its single column
    is the document.

    Each request compiles only its selection (which sites); the records of the selected sites,
    the costly part to compile, are compiled once per day and URL prefix (`_selected_records`)."""
    selection, selection_params = filterset.qs.order_by().values("pk").query.sql_with_params()
    inner, params = _selected_records(filterset.day, site_url_prefix(request))
    properties = ", ".join(f"'{p.name}', r.{_quoted('p_' + p.name)}" for p in PROPERTIES)
    prefix = json.dumps(head, ensure_ascii=False)[:-1] + ', "count": '
    sql = (
        f"WITH hw_selection (id) AS ({selection}) "  # noqa: S608 - compiled by the ORM; values stay parameters
        "SELECT %s::text || count(*) || ', \"features\": ' || COALESCE(json_agg(json_build_object("
        "'type', 'Feature', 'id', r.p_slug, 'geometry', r.r_geometry::json, "
        f"'properties', json_build_object({properties}))), '[]'::json)::text || '}}' "
        f"FROM ({inner}) AS r"
    )
    return sql, [*selection_params, prefix, *params]


@functools.lru_cache(maxsize=64)
def _selected_records(day, site_url: str) -> tuple[str, tuple]:
    """The public record of each site in `hw_selection`, in name order, as compiled SQL (kept
    for the life of the process: a release starts new processes)."""
    from .models import Site

    sites = Site.objects.filter(pk__in=RawSQL("SELECT hw_selection.id FROM hw_selection", ()))
    if day:
        sites = sites.with_status_at(day)
    rows = _with_aliases(sites, day, site_url).values(
        **{f"p_{p.name}": p.expression for p in PROPERTIES}, r_geometry=AsGeoJSON("location", precision=6)
    )
    return rows.query.sql_with_params()


# --- Flat columns: CSV and vector tiles ------------------------------------------------------


def flat_columns() -> dict[str, object]:
    """Each property as scalar columns: an object's first key under the property's name, its
    other keys as name_key; a list as its items joined by commas."""
    columns = {}
    for p in PROPERTIES:
        if p.schema["type"] == "object":
            first, *others = p.schema["properties"]
            columns[p.name] = KeyTextTransform(first, p.expression)
            for key in others:
                columns[f"{p.name}_{key}"] = KeyTextTransform(key, p.expression)
        elif p.schema["type"] == "array":
            columns[p.name] = Func(p.expression, Value(","), function="array_to_string", output_field=TextField())
        else:
            columns[p.name] = p.expression
    return columns


def csv_rows(queryset):
    """(header, rows): the flat columns, then lon and lat."""
    columns = flat_columns()
    lon_lat = {"lon": LON, "lat": LAT}
    rows = queryset.annotate(**{f"c_{name}": expr for name, expr in {**columns, **lon_lat}.items()})
    names = [*columns, *lon_lat]
    return names, rows.values_list(*(f"c_{name}" for name in names))


# --- The OpenAPI schema ----------------------------------------------------------------------


def feature_schema() -> dict:
    return {
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": "string"},
            "geometry": {"type": "object", "description": "A GeoJSON Point, WGS84 [lon, lat]."},
            "properties": {
                "type": "object",
                "properties": {p.name: {**p.schema, "description": str(p.description)} for p in PROPERTIES},
            },
        },
    }
