"""The press review (`/press/`): newest first, filterable, paginated."""

from __future__ import annotations

from django.db.models import Prefetch
from django.views.generic import ListView

from apps.collectives.models import Collective
from apps.press.models import PressItem
from apps.sites.models import Site

from .paging import PageParameterMixin


class PressListView(PageParameterMixin, ListView):
    template_name = "atlas/press_list.html"
    context_object_name = "items"
    paginate_by = 25

    def get_filters(self) -> dict[str, str]:
        return {
            key: self.request.GET.get(key, "").strip()[:200] for key in ("site", "collective", "outlet", "language")
        }

    def get_queryset(self):
        filters = self.get_filters()
        items = PressItem.objects.public().newest_first()
        if filters["site"]:
            items = items.filter(sites__slug=filters["site"])
        if filters["collective"]:
            items = items.filter(collectives__slug=filters["collective"])
        if filters["outlet"]:
            items = items.filter(outlet=filters["outlet"])
        if filters["language"]:
            items = items.filter(language=filters["language"])
        return items.distinct().prefetch_related(
            Prefetch("sites", queryset=Site.objects.public().only("slug", "name").order_by("name"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        public = PressItem.objects.public()
        context.update(
            filters=self.get_filters(),
            site_choices=Site.objects.public()
            .filter(press_items__in=public)
            .distinct()
            .order_by("name")
            .values_list("slug", "name"),
            collective_choices=Collective.objects.public()
            .filter(press_items__in=public)
            .distinct()
            .order_by("name")
            .values_list("slug", "name"),
            outlet_choices=public.exclude(outlet="").order_by("outlet").values_list("outlet", flat=True).distinct(),
            language_choices=public.exclude(language="")
            .order_by("language")
            .values_list("language", flat=True)
            .distinct(),
        )
        return context
