"""The one vocabulary of site filters: the /sites/ table, the map and its document, the API
(GeoJSON, CSV, clusters) and the vector tiles all read their query string with SiteFilterSet.

Every value may be given comma-separated or repeated (`status=a,b` or `status=a&status=b`, what
a form with checkboxes sends). `at` first: a status filter then applies to the status on that day.
"""

from __future__ import annotations

import django_filters as df
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from apps.collectives.models import Opposition

from .fields import BBoxField, CommaChoiceField, CountryField, DayField, SlugListField
from .models import Certainty, FacilityKind, Site, Status

# `status=unknown`: the sites whose current status no source gives (status NULL).
UNKNOWN_STATUS = "unknown"


class InvalidFilter(ValueError):
    """A query parameter that cannot be understood, with the parameter's name."""

    def __init__(self, parameter: str, message: str):
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


class CommaChoiceFilter(df.CharFilter):
    field_class = CommaChoiceField


class CountryFilter(df.CharFilter):
    field_class = CountryField


class SlugListFilter(df.CharFilter):
    field_class = SlugListField


class BBoxFilter(df.CharFilter):
    field_class = BBoxField


class DayFilter(df.CharFilter):
    field_class = DayField


class SiteFilterSet(df.FilterSet):
    status = CommaChoiceFilter(
        choices=[*Status.choices, (UNKNOWN_STATUS, _("status unknown"))],
        method="applied_in_order",
        label=_("Status"),
        help_text=_("One status or several, comma-separated; `unknown` for the sites whose current status is unknown."),
    )
    q = df.CharFilter(
        method="applied_in_order",
        max_length=200,
        label=_("Search a place or a name"),
        help_text=_("Text in the name, municipality, department or region."),
    )
    operator = SlugListFilter(
        method="applied_in_order",
        label=_("Operator"),
        help_text=_("Company slug (its subsidiaries' sites included); several comma-separated."),
    )
    operator_certainty = CommaChoiceFilter(
        choices=Certainty.choices,
        method="applied_in_order",
        label=_("Operator attribution"),
        help_text=_("How sure the operator is: confirmed, reported or denied; sites without an operator are left out."),
    )
    country = CountryFilter(
        method="applied_in_order",
        label=_("Country"),
        help_text=_("ISO 3166-1 alpha-2 code(s), comma-separated, e.g. FR,BE."),
    )
    kind = CommaChoiceFilter(
        choices=FacilityKind.choices, method="applied_in_order", label=_("Facility"), help_text=_("Facility kind(s).")
    )
    collective = SlugListFilter(
        method="applied_in_order", label=_("Opposed by"), help_text=_("Slug of a collective opposing the site.")
    )
    bbox = BBoxFilter(method="applied_in_order", help_text=_("minLon,minLat,maxLon,maxLat (WGS84), as uMap's {bbox}."))
    at = DayFilter(
        method="applied_in_order",
        label=_("Date"),
        help_text=_("YYYY-MM-DD: each site with the status it had on that day; sites with no status yet are left out."),
    )

    class Meta:
        model = Site
        fields: list = []

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset=Site.objects.public() if queryset is None else queryset, **kwargs)

    def applied_in_order(self, queryset, name, value):
        return queryset  # see filter_queryset

    @property
    def cleaned(self) -> dict:
        """The cleaned values; InvalidFilter names the first bad parameter."""
        if not self.is_bound:
            return {}
        if not self.is_valid():
            parameter, messages = next(iter(self.errors.items()))
            raise InvalidFilter(parameter, " ".join(str(m) for m in messages))
        return self.form.cleaned_data

    @property
    def day(self):
        """The `at` day, or None: the status is then the one on that day."""
        return self.cleaned.get("at")

    def filter_queryset(self, queryset):
        data = self.cleaned
        status_field = "status"
        if data.get("at"):
            queryset = queryset.with_status_at(data["at"])
            status_field = "status_at"
        if data.get("status"):
            wanted = Q(**{f"{status_field}__in": [s for s in data["status"] if s != UNKNOWN_STATUS]})
            if UNKNOWN_STATUS in data["status"]:  # no source gives the site's current status
                wanted |= Q(**{f"{status_field}__isnull": True})
            queryset = queryset.filter(wanted)
        if data.get("operator"):
            queryset = queryset.filter(
                Q(operator__slug__in=data["operator"]) | Q(operator__parent__slug__in=data["operator"])
            )
        if data.get("operator_certainty"):
            queryset = queryset.filter(operator__isnull=False, operator_certainty__in=data["operator_certainty"])
        if data.get("country"):
            queryset = queryset.filter(country__in=data["country"])
        if data.get("kind"):
            queryset = queryset.filter(kind__in=data["kind"])
        if data.get("collective"):
            queryset = queryset.filter(
                Exists(Opposition.objects.filter(site=OuterRef("pk"), collective__slug__in=data["collective"]))
            )
        if data.get("q"):
            queryset = queryset.search(data["q"])
        if data.get("bbox"):
            queryset = queryset.within(data["bbox"])
        return queryset


def filtered_sites(query, queryset=None):
    """(the public sites `query` selects, its SiteFilterSet); InvalidFilter for bad input."""
    filterset = SiteFilterSet(query, queryset=queryset)
    return filterset.qs, filterset
