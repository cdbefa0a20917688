"""{% sites_export_url request "csv" %}: the API URL that exports exactly the current view."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from apps.sites.filters import SiteFilterSet

register = template.Library()


@register.simple_tag
def sites_export_url(request, fmt: str = "geojson") -> str:
    """The page's filters that the API knows (status, operator, country, kind, collective, q,
    bbox, at), in the page's order; anything else on the page (page number, tabs) is dropped."""
    params = request.GET.copy() if request is not None else None
    query = []
    if params is not None:
        for name in params:
            if name in SiteFilterSet.base_filters:
                query += [(name, value) for value in params.getlist(name) if value]
    if fmt != "geojson":
        query.append(("format", fmt))
    encoded = urlencode(query)
    return reverse("api:sites") + (f"?{encoded}" if encoded else "")
