"""What needs work on the record (`/quality/`): readable by everyone, sortable like /sites/."""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from apps.sites.models import Site
from apps.sites.quality import CHECK_EVERY, overdue, totals, with_quality

from .paging import PageParameterMixin

# column -> (header, ordering expression)
COLUMNS = {
    "name": (_("Site"), F("name")),
    "checked": (_("Last checked"), F("checked_at")),
    "reported": (_("Reported only"), F("q_reported")),
    "claims": (_("Claims reported"), F("q_reported_claims")),
    "titles": (_("Titles unchecked"), F("q_unchecked_titles")),
    "year": (_("Year only"), F("q_year_only")),
    "single": (_("One source"), F("q_single_source")),
    "dead": (_("Dead links"), F("q_dead_links")),
}
DEFAULT_SORT = "checked"


class QualityView(PageParameterMixin, ListView):
    template_name = "atlas/quality.html"
    context_object_name = "sites"
    paginate_by = 100

    def get_sort(self) -> tuple[str, bool]:
        raw = self.request.GET.get("sort", DEFAULT_SORT)
        key = raw.lstrip("-")
        if key not in COLUMNS:
            return DEFAULT_SORT, False
        return key, raw.startswith("-")

    def get_queryset(self):
        key, descending = self.get_sort()
        expression = COLUMNS[key][1]
        # Never checked sorts as the oldest check.
        order = expression.desc(nulls_last=True) if descending else expression.asc(nulls_first=True)
        return with_quality(Site.objects.public()).annotate(q_overdue=overdue()).order_by(order, "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        key, descending = self.get_sort()
        columns = []
        for column, (header, _expression) in COLUMNS.items():
            next_sort = f"-{column}" if column == key and not descending else column
            columns.append(
                {
                    "key": column,
                    "header": header,
                    "url": f"?sort={next_sort}",
                    "aria_sort": ("descending" if descending else "ascending") if column == key else None,
                }
            )
        context.update(columns=columns, totals=totals(), check_days=CHECK_EVERY.days)
        return context
