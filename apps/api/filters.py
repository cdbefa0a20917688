"""Query parameters of the API, validated, and applied through the domain QuerySet methods.

Each FilterSet is the one place its endpoint's filters live: the GeoJSON and CSV exports of
/api/sites/ share SiteFilter, so an export is exactly the view it was asked from.
"""

from __future__ import annotations

import django_filters as df
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend

from apps.collectives.models import Collective, Opposition
from apps.companies.models import Company, CompanyKind
from apps.press.models import PressItem, SourceKind
from apps.sites.models import Event, EventKind, FacilityKind, Site, Status

from .errors import from_form_errors
from .fields import BBoxField, CommaChoiceField, CountryField, DayField, PeriodField, SlugListField


class BBoxFilter(df.CharFilter):
    field_class = BBoxField


class CommaChoiceFilter(df.CharFilter):
    field_class = CommaChoiceField


class CountryFilter(df.CharFilter):
    field_class = CountryField


class SlugListFilter(df.CharFilter):
    field_class = SlugListField


class DayFilter(df.CharFilter):
    field_class = DayField


class PeriodFilter(df.CharFilter):
    field_class = PeriodField


class ValidatedFilterSet(df.FilterSet):
    """A FilterSet that refuses bad input with a 400 naming the parameter."""

    def validated(self) -> dict:
        if not self.is_valid():
            raise from_form_errors(self.errors)
        return self.form.cleaned_data


class ApiFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise from_form_errors(filterset.errors)
        return filterset.qs


def _opposed_by(slugs: list[str]):
    return Exists(Opposition.objects.filter(site=OuterRef("pk"), collective__slug__in=slugs))


class SiteFilter(ValidatedFilterSet):
    status = CommaChoiceFilter(
        choices=Status.choices, method="noop", help_text=_("One status or several, comma-separated.")
    )
    operator = SlugListFilter(
        method="noop", help_text=_("Company slug (its subsidiaries' sites included); several comma-separated.")
    )
    country = CountryFilter(method="noop", help_text=_("ISO 3166-1 alpha-2 code(s), comma-separated, e.g. FR,BE."))
    kind = CommaChoiceFilter(choices=FacilityKind.choices, method="noop", help_text=_("Facility kind(s)."))
    collective = SlugListFilter(method="noop", help_text=_("Slug of a collective opposing the site."))
    q = df.CharFilter(
        method="noop", max_length=200, help_text=_("Text in the name, municipality, department or region.")
    )
    bbox = BBoxFilter(method="noop", help_text=_("minLon,minLat,maxLon,maxLat (WGS84), as uMap's {bbox}."))
    at = DayFilter(
        method="noop",
        help_text=_("YYYY-MM-DD: each site with the status it had on that day; sites with no status yet are left out."),
    )

    class Meta:
        model = Site
        fields: list = []

    def noop(self, queryset, name, value):
        return queryset  # applied together, in order, by filter_queryset

    def filter_queryset(self, queryset):
        """`at` first: a status filter then applies to the status on that day."""
        data = self.form.cleaned_data
        qs = queryset
        status_field = "status"
        if data.get("at"):
            qs = qs.with_status_at(data["at"])
            status_field = "status_at"
        if data.get("status"):
            qs = qs.filter(**{f"{status_field}__in": data["status"]})
        if data.get("operator"):
            q = Q()
            for slug in data["operator"]:
                q |= Q(pk__in=Site.objects.operated_by(slug).values("pk"))
            qs = qs.filter(q) if len(data["operator"]) > 1 else qs.operated_by(data["operator"][0])
        if data.get("country"):
            qs = qs.filter(country__in=data["country"])
        if data.get("kind"):
            qs = qs.filter(kind__in=data["kind"])
        if data.get("collective"):
            qs = qs.filter(_opposed_by(data["collective"]))
        if data.get("q"):
            qs = qs.search(data["q"])
        if data.get("bbox"):
            qs = qs.within(data["bbox"])
        return qs


class EventFilter(ValidatedFilterSet):
    site = SlugListFilter(field_name="site__slug", lookup_expr="in", help_text=_("Site slug(s)."))
    collective = SlugListFilter(method="by_collective", help_text=_("Collective slug: events it took part in."))
    kind = CommaChoiceFilter(
        field_name="kind", lookup_expr="in", choices=EventKind.choices, help_text=_("Event kind(s).")
    )
    status_after = CommaChoiceFilter(
        field_name="status_after", lookup_expr="in", choices=Status.choices, help_text=_("Status the event led to.")
    )
    # `from` and `to` are Python keywords: declared through the class namespace.
    locals()["from"] = PeriodFilter(
        field_name="date", lookup_expr="gte", help_text=_("Events on or after: YYYY, YYYY-MM or YYYY-MM-DD.")
    )
    locals()["to"] = PeriodFilter(
        field_name="date",
        lookup_expr="lte",
        end=True,
        help_text=_("Events up to the end of: YYYY, YYYY-MM or YYYY-MM-DD."),
    )

    class Meta:
        model = Event
        fields: list = []

    def by_collective(self, queryset, name, value):
        return queryset.filter(
            Q(collectives__slug__in=value)
            | Q(site__in=Opposition.objects.filter(collective__slug__in=value).values("site"))
        ).distinct()


class PressFilter(ValidatedFilterSet):
    site = SlugListFilter(method="by_site", help_text=_("Site slug(s) the item is about."))
    collective = SlugListFilter(method="by_collective", help_text=_("Collective slug(s) the item is about."))
    kind = CommaChoiceFilter(
        field_name="kind", lookup_expr="in", choices=SourceKind.choices, help_text=_("Source kind(s).")
    )
    language = df.CharFilter(field_name="language", lookup_expr="iexact", help_text=_("ISO 639-1 code, e.g. fr."))
    outlet = df.CharFilter(field_name="outlet", lookup_expr="iexact", help_text=_("Outlet name, e.g. Le Soir."))
    locals()["from"] = PeriodFilter(
        field_name="published", lookup_expr="gte", help_text=_("Published on or after: YYYY, YYYY-MM or YYYY-MM-DD.")
    )
    locals()["to"] = PeriodFilter(
        field_name="published",
        lookup_expr="lte",
        end=True,
        help_text=_("Published up to the end of: YYYY, YYYY-MM or YYYY-MM-DD."),
    )

    class Meta:
        model = PressItem
        fields: list = []

    def by_site(self, queryset, name, value):
        return queryset.filter(Q(sites__slug__in=value) | Q(events__site__slug__in=value)).distinct()

    def by_collective(self, queryset, name, value):
        return queryset.filter(collectives__slug__in=value).distinct()


class CollectiveFilter(ValidatedFilterSet):
    site = SlugListFilter(
        field_name="oppositions__site__slug", lookup_expr="in", distinct=True, help_text=_("Site slug(s) opposed.")
    )
    network = SlugListFilter(
        field_name="networks__slug", lookup_expr="in", distinct=True, help_text=_("Network slug(s).")
    )
    q = df.CharFilter(field_name="name", lookup_expr="unaccent__icontains", help_text=_("Text in the name."))

    class Meta:
        model = Collective
        fields: list = []


class CompanyFilter(ValidatedFilterSet):
    kind = CommaChoiceFilter(
        field_name="kind", lookup_expr="in", choices=CompanyKind.choices, help_text=_("Company kind(s).")
    )
    group = SlugListFilter(method="by_group", help_text=_("Slug of a group: the group and its subsidiaries."))

    class Meta:
        model = Company
        fields: list = []

    def by_group(self, queryset, name, value):
        return queryset.filter(Q(slug__in=value) | Q(parent__slug__in=value))
