"""The choices offered by the filter forms (map and table), read from the public data."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.collectives.models import Collective, Opposition
from apps.companies.models import Company
from apps.core.http import per_version
from apps.sites.filters import SiteFilterSet
from apps.sites.models import Certainty, FacilityKind, Site

from .legend import status_legend

# The countries the atlas covers or is likely to; any other code is shown as is.
COUNTRY_NAMES = {
    "AT": _("Austria"),
    "BE": _("Belgium"),
    "CH": _("Switzerland"),
    "CZ": _("Czechia"),
    "DE": _("Germany"),
    "ES": _("Spain"),
    "FR": _("France"),
    "GB": _("United Kingdom"),
    "HU": _("Hungary"),
    "IE": _("Ireland"),
    "IT": _("Italy"),
    "LU": _("Luxembourg"),
    "NL": _("Netherlands"),
    "PL": _("Poland"),
    "PT": _("Portugal"),
    "SK": _("Slovakia"),
}


def country_name(code: str) -> str:
    return str(COUNTRY_NAMES.get(code, code))


def filter_options() -> dict:
    """Three small queries: operators (and their groups), countries, collectives."""
    public_sites = Site.objects.public()
    # IN (subquery) rather than joins + DISTINCT: at 10,000 sites the joins cost far more.
    operators = list(
        Company.objects.filter(
            Q(id__in=public_sites.values("operator")) | Q(id__in=public_sites.values("operator__parent"))
        )
        .order_by("name")
        .values("slug", "name")
    )
    countries = sorted(
        (
            {"value": code, "label": country_name(code)}
            for code in public_sites.order_by().values_list("country", flat=True).distinct()
        ),
        key=lambda c: c["label"],
    )
    collectives = list(
        Collective.objects.public()
        .filter(id__in=Opposition.objects.filter(site__in=public_sites).values("collective"))
        .order_by("name")
        .values("slug", "name")
    )
    return {
        "statuses": status_legend(),
        "operators": [{"value": o["slug"], "label": o["name"]} for o in operators],
        "countries": countries,
        "kinds": [{"value": value, "label": str(label)} for value, label in FacilityKind.choices],
        "certainties": [{"value": value, "label": str(label)} for value, label in Certainty.choices],
        "collectives": [{"value": c["slug"], "label": c["name"]} for c in collectives],
    }


def cached_filter_options() -> dict:
    """filter_options(), computed once per data version and language (its labels are translated):
    at 100,000 sites its queries cost some 120 ms a page."""
    return per_version("atlas-options", get_language(), filter_options)


# How the forms show each filter of SiteFilterSet; those not named here are not in the forms.
WIDGETS = {"status": "checkboxes", "q": "search", "operator": "select", "operator_certainty": "select",
           "country": "select", "kind": "select", "collective": "select", "at": "date"}  # fmt: skip
EMPTY_CHOICE = {
    "operator": _("All operators"),
    "operator_certainty": _("Confirmed or not"),
    "country": _("All countries"),
    "kind": _("All kinds of facility"),
    "collective": _("Any collective"),
}


def filter_description(options: dict) -> list[dict]:
    """SiteFilterSet's filters as the table and the map show them: name, label, widget and
    choices (`options`: cached_filter_options()). The map's script reads it (static/js/atlas/state.js)."""
    choices = {
        "status": options["statuses"],
        "operator": options["operators"],
        "operator_certainty": options["certainties"],
        "country": options["countries"],
        "kind": options["kinds"],
        "collective": options["collectives"],
    }
    description = []
    for name, declared in SiteFilterSet.base_filters.items():
        if name not in WIDGETS:
            continue
        entry = {"name": name, "label": str(declared.label), "widget": WIDGETS[name]}
        if name in choices:
            entry["choices"] = choices[name]
        if name in EMPTY_CHOICE:
            entry["empty"] = str(EMPTY_CHOICE[name])
        description.append(entry)
    return description
