"""The map (`/`), its embeddable variant (`/embed/`) and its data (`/map/sites.json`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.text import compress_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from apps.api.version import cache_key, data_version

from ..filters import FilterError, SiteFilters
from ..legend import SHAPES
from ..mapdata import map_json
from ..options import filter_options


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
    }


class MapView(TemplateView):
    template_name = "atlas/map.html"
    embed = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        options = filter_options()
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


def _map_body(day: str) -> tuple[bytes, bytes, str]:
    """The body, its gzip and its ETag, cached per data version: every write to the domain tables
    advances the version (see apps/api/version.py), so a cached body is never stale; at 10,000
    sites this skips a 0.4-0.9 s query and the compression of 4 MB on every visit."""
    version = data_version()
    key = cache_key("atlas-map", version, day)
    cached = cache.get(key)
    if cached is None:
        body = ('{"today":"%s","sites":%s}' % (day, map_json())).encode()  # noqa: UP031
        cached = (body, compress_string(body), f'"atlas-{version}-{day}"')
        cache.set(key, cached, settings.API_CACHE_SECONDS)
    return cached


@require_GET
def map_data(request):
    """Every public site with its status history, as one JSON document made by PostgreSQL."""
    body, gzipped, etag = _map_body(dt.date.today().isoformat())
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    elif "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(gzipped, content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = "public, max-age=60"
    return response
