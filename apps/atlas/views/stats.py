"""The conflicts in numbers (`/stats/`): four charts, each with its data table under it."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, F, Min, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from apps.sites.models import Event, Site, Status

from ..legend import STATUS_STYLE, UNKNOWN_STATUS, UNKNOWN_STYLE
from ..options import country_name

OUTCOME_COLOURS = {"announced": "#e0a100", "operational": "#1b1b1b", "stopped": "#2e7d32"}


def _by_status(sites) -> dict:
    counts = dict(sites.values_list("status").annotate(n=Count("id")).order_by())
    rows = [(str(status.label), counts.get(status.value, 0), STATUS_STYLE[status][0]) for status in Status]
    rows.append((str(UNKNOWN_STATUS), counts.get(None, 0), UNKNOWN_STYLE[0]))
    rows = [r for r in rows if r[1]]
    return {
        "id": "by-status",
        "title": _("Sites by current status"),
        "columns": [_("Status"), _("Sites")],
        "rows": [[label, n] for label, n, _colour in rows],
        "chart": {
            "type": "bar",
            "labels": [r[0] for r in rows],
            "datasets": [{"label": _("Sites"), "data": [r[1] for r in rows], "backgroundColor": [r[2] for r in rows]}],
        },
    }


def _simple(id_: str, title: str, header: str, pairs: list[tuple[str, int]], colour: str) -> dict:
    return {
        "id": id_,
        "title": title,
        "columns": [header, _("Sites")],
        "rows": [[label, n] for label, n in pairs],
        "chart": {
            "type": "bar",
            "indexAxis": "y",
            "labels": [label for label, _n in pairs],
            "datasets": [{"label": _("Sites"), "data": [n for _label, n in pairs], "backgroundColor": colour}],
        },
    }


def _per_year(sites) -> dict:
    """Per year: sites that first appeared (their first status), and outcomes reached."""
    firsts = sites.annotate(
        first=Min(
            "events__date",
            filter=Q(events__status_after__isnull=False, events__state="published", events__deleted_at__isnull=True),
        )
    ).values_list("first", flat=True)
    outcomes = (
        Event.objects.public()
        .filter(site__in=sites, status_after__in=[Status.OPERATIONAL, Status.ABANDONED, Status.REFUSED])
        .annotate(year=ExtractYear("date"))
        .values_list("year", "status_after")
        .annotate(n=Count("site", distinct=True))
        .order_by()
    )
    announced = dict(Counter(day.year for day in firsts if day))
    operational: dict[int, int] = {}
    stopped: dict[int, int] = {}
    for year, status, n in outcomes:
        target = operational if status == Status.OPERATIONAL else stopped
        target[year] = target.get(year, 0) + n
    years = sorted(set(announced) | set(operational) | set(stopped))
    if years:
        years = list(range(years[0], years[-1] + 1))
    series = [
        (_("First reported"), announced, OUTCOME_COLOURS["announced"]),
        (_("Became operational"), operational, OUTCOME_COLOURS["operational"]),
        (_("Abandoned or refused"), stopped, OUTCOME_COLOURS["stopped"]),
    ]
    return {
        "id": "per-year",
        "title": _("Announcements and outcomes per year"),
        "columns": [_("Year")] + [label for label, _d, _c in series],
        "rows": [[str(year)] + [data.get(year, 0) for _l, data, _c in series] for year in years],
        "chart": {
            "type": "bar",
            "labels": [str(year) for year in years],
            "datasets": [
                {"label": label, "data": [data.get(year, 0) for year in years], "backgroundColor": colour}
                for label, data, colour in series
            ],
        },
    }


class StatsView(TemplateView):
    template_name = "atlas/stats.html"

    def get_context_data(self, **kwargs):
        sites = Site.objects.public()
        operators = (
            sites.annotate(group=Coalesce(F("operator__parent__name"), F("operator__name")))
            .values_list("group")
            .annotate(n=Count("id"))
            .order_by("-n", "group")
        )
        countries = sites.values_list("country").annotate(n=Count("id")).order_by("-n", "country")
        tables = [
            _by_status(sites),
            _simple(
                "by-operator",
                _("Sites by operator (group)"),
                _("Operator"),
                [(name or _("unknown"), n) for name, n in operators],
                "#0b5cad",
            ),
            _simple(
                "by-country",
                _("Sites by country"),
                _("Country"),
                [(country_name(c), n) for c, n in countries],
                "#6a4c93",
            ),
            _per_year(sites),
        ]
        return super().get_context_data(**kwargs) | {"tables": tables, "total": sites.count()}
