"""The choices offered by the filter forms (map and table), read from the public data."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.api.version import per_version
from apps.collectives.models import Collective, Opposition
from apps.companies.models import Company
from apps.sites.models import FacilityKind, Site

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
        "collectives": [{"value": c["slug"], "label": c["name"]} for c in collectives],
    }


def cached_filter_options() -> dict:
    """filter_options(), computed once per data version and language (its labels are translated):
    at 100,000 sites its queries cost some 120 ms a page."""
    return per_version("atlas-options", get_language(), filter_options)
