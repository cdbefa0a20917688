"""GET /api/docs/: Swagger UI from our own static files (drf-spectacular-sidecar), under a
"Cite this" box for the data set.

The split view serves its start-up script from this same URL (?script) instead of inline, so
the page runs under the site's Content-Security-Policy (script-src 'self' + nonce) unchanged.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView

from apps.core.citation import Citation

from ..licence import licence


class ApiDocsView(SpectacularSwaggerSplitView):
    url_name = "api:schema"
    title = "Hubwatch API"
    template_name = "api/docs.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is None:
            today = timezone.localdate()
            _spdx, name, url = licence()
            citation = Citation(
                key=f"hubwatch-data-{today.isoformat()}",
                title=_("Hubwatch open data: contested logistics sites (API)"),
                url=request.build_absolute_uri(reverse("api:sites")) + f"?at={today.isoformat()}",
                accessed=today,
                licence=f"Data: {name}",
            )
            response.data.update(apa=citation.apa(), chicago=citation.chicago(), licence_name=name, licence_url=url)
        return response
