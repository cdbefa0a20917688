"""The map (`/`), its embeddable variant (`/embed/`) and its data (`/map/sites.json`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from apps.api.licence import licence
from apps.core.citation import Citation
from apps.core.http import per_version, versioned_response
from apps.sites.filters import InvalidFilter, SiteFilterSet
from apps.sites.models import Site
from apps.sites.public import PROPERTIES

from ..legend import SHAPES
from ..mapdata import map_document
from ..options import cached_filter_options, filter_description
from ..outline import outline_config
from ..render.mapimage import MapRequest
from ..sharing import map_description
from .cite import cite_context


def _js_strings() -> dict:
    """The map's interface text, translated here so the scripts need no catalogue."""
    return {
        "sitesOne": ngettext("%(n)s site", "%(n)s sites", 1),
        "sitesOther": ngettext("%(n)s site", "%(n)s sites", 2),
        "summaryAt": _("On %(date)s: %(summary)s."),
        "summaryNone": _("On %(date)s: no site matches."),
        "play": _("Play the history"),
        "pause": _("Pause"),
        "since": _("since %(date)s"),
        "unknown": _("unknown"),
        "openSite": _("Open the site page"),
        "moreInView": _("and %(n)s more: narrow the filters or zoom in"),
        "noneInView": _("No site in view matches these filters."),
        "loading": _("Loading the sites…"),
        "loadError": _("The map data could not be loaded. The list of sites still works."),
        "inView": _("%(n)s in view"),
        "today": _("today"),
        "locate": _("Locate"),
        "dynamicNote": _(
            "More than %(n)s sites: the map groups them by area; zoom in to see each one. "
            "The time slider and the counts per status are not shown at this size."
        ),
    }


def map_config(request, options: dict) -> dict:
    leaflet = settings.LEAFLET_CONFIG
    center = leaflet.get("DEFAULT_CENTER", (48.5, 3.5))
    return {
        "dataUrl": reverse("map-data"),
        "siteUrl": reverse("sites:detail", kwargs={"slug": "__slug__"}),
        "mapUrl": reverse("map"),
        "tiles": settings.MAP_TILES_URL,
        "attribution": settings.MAP_TILES_ATTRIBUTION,
        "outline": outline_config(),
        "center": [center[0], center[1]],
        "zoom": leaflet.get("DEFAULT_ZOOM", 5),
        "minZoom": leaflet.get("MIN_ZOOM", 3),
        "maxZoom": leaflet.get("MAX_ZOOM", 18),
        "today": dt.date.today().isoformat(),
        "strings": _js_strings(),
        # A very large atlas is drawn from server-side clusters of the view (static/js/map.js).
        "dynamic": per_version("atlas-site-count", "", Site.objects.public().count) > settings.MAP_DYNAMIC_ABOVE,
        "dynamicAbove": settings.MAP_DYNAMIC_ABOVE,
        "clustersUrl": reverse("api:site-clusters"),
        "filters": filter_description(options),
        # What the popup shows of the public record, beyond the name, place and status.
        "popup": [{"name": p.name, "label": str(p.label), "choices": p.choices} for p in PROPERTIES if p.label],
    }


def _image_query_is_valid(query) -> bool:
    try:
        MapRequest.from_query(query)
    except InvalidFilter:
        return False
    return True


def map_cite(request, filters: dict) -> dict:
    """The map's citation: its permalink keeps the filters and the view, and the day (today's
    when none is chosen, so the link keeps showing what was cited). The map's script keeps the
    link on the view on screen (static/js/map.js)."""
    query = request.GET.copy()
    if not filters.get("at"):
        query["at"] = timezone.localdate().isoformat()
    _spdx, name, _url = licence()
    citation = Citation(
        key=f"hubwatch-map-{timezone.localdate().isoformat()}",
        title=_("Map of contested logistics sites"),
        url=request.build_absolute_uri(reverse("map")) + "?" + query.urlencode(),
        accessed=timezone.localdate(),
        licence=f"Data: {name}",
    )
    return cite_context(citation, url_attrs=" data-permalink")


class MapView(TemplateView):
    template_name = "atlas/map.html"
    embed = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        options = cached_filter_options()
        query = self.request.GET.urlencode()
        try:
            filters = SiteFilterSet(self.request.GET).cleaned
        except InvalidFilter:
            # The map shows everything rather than fail; the script reports nothing odd either.
            filters, query = {}, ""
        if query and not _image_query_is_valid(self.request.GET):
            query = ""
        config = map_config(self.request, options)
        context.update(
            options=options,
            filters=filters,
            filter_description=config["filters"],
            statuses=options["statuses"],
            config=config | {"statuses": options["statuses"], "shapes": SHAPES, "embed": self.embed},
            embed=self.embed,
            share_description=map_description(filters),
            cite=map_cite(self.request, filters),
            # The preview of a shared map link is that view drawn (the view's lat/lon/z included).
            # In the page's language: a crawler fetching it sends no Accept-Language.
            share_image=reverse("map-png") + "?" + "&".join(filter(None, [query, f"lang={get_language()}"])),
        )
        return context


@method_decorator(xframe_options_exempt, name="dispatch")
class EmbedView(MapView):
    """The map for other websites' iframes: the only page that may be framed."""

    template_name = "atlas/embed.html"
    embed = True

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}
        return response


@require_safe
def map_data(request):
    """The public sites (SiteFilterSet's filters apply) with their status history, as one JSON
    document written by PostgreSQL; kept in the cache per data version, release and day."""
    try:
        filterset = SiteFilterSet(request.GET)
        filterset.cleaned  # noqa: B018 - bad input is a 400 before anything is read
    except InvalidFilter as exc:
        return JsonResponse({"error": str(exc), "parameter": exc.parameter}, status=400)
    today = dt.date.today().isoformat()
    return versioned_response(
        request, f"atlas-map:{today}", lambda: map_document(filterset, today), "application/json", per_language=True
    )
