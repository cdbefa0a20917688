"""Query parameters of the API's lists, validated. The sites' filters are the domain's
SiteFilterSet (apps/sites/filters.py), shared with the pages, the map and the tiles."""

from __future__ import annotations

import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend

from apps.collectives.models import Collective, Opposition
from apps.companies.models import Company, CompanyKind
from apps.press.models import PressItem, SourceKind
from apps.sites.fields import PeriodField
from apps.sites.filters import CommaChoiceFilter, SlugListFilter
from apps.sites.models import Event, EventKind, Status

from .errors import from_form_errors


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
