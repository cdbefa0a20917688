"""The map (`/`), its embeddable variant (`/embed/`) and its data (`/map/sites.json`)."""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from apps.api.version import Built, CachedResponse, Meta, etag_for, per_version
from apps.sites.models import Site

from ..filters import FilterError, SiteFilters
from ..legend import SHAPES
from ..mapdata import map_json
from ..options import cached_filter_options


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
        "operatorIs": _("Operator: %(name)s"),
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


def map_config(request) -> dict:
    leaflet = settings.LEAFLET_CONFIG
    center = leaflet.get("DEFAULT_CENTER", (48.5, 3.5))
    return {
        "dataUrl": reverse("map-data"),
        "siteUrl": reverse("sites:detail", kwargs={"slug": "__slug__"}),
        "mapUrl": reverse("map"),
        "tiles": settings.MAP_TILES_URL,
        "attribution": settings.MAP_TILES_ATTRIBUTION,
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
    }


class MapView(TemplateView):
    template_name = "atlas/map.html"
    embed = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        options = cached_filter_options()
        try:
            filters = SiteFilters.from_query(self.request.GET)
        except FilterError:
            # The map shows everything rather than fail; the script reports nothing odd either.
            filters = SiteFilters()
        context.update(
            options=options,
            filters=filters,
            statuses=options["statuses"],
            config=map_config(self.request) | {"statuses": options["statuses"], "shapes": SHAPES, "embed": self.embed},
            embed=self.embed,
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


def _map_document(day: str) -> CachedResponse:
    """The document, cached per data version like the API's answers (apps/api/version.py): every
    write to the domain tables advances the version, so a cached body is never stale; at 10,000
    sites this skips a 0.3-0.9 s query on every visit, and the gzip body is made once."""

    def build() -> Built:
        body = ('{"today":"%s","sites":%s}' % (day, map_json())).encode()  # noqa: UP031
        return Built(Meta("application/json", etag_for(body), time.time()), body)

    return CachedResponse("atlas-map", day, build)


@require_GET
def map_data(request):
    """Every public site with its status history, as one JSON document made by PostgreSQL."""
    document = _map_document(dt.date.today().isoformat())
    meta = document.meta()
    if meta.etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
        response = HttpResponse(document.body(gzipped), content_type=meta.content_type)
        if gzipped:
            response["Content-Encoding"] = "gzip"
    response["ETag"] = meta.etag
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = "public, max-age=60"
    return response
