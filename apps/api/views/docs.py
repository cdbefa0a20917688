"""GET /api/docs/: Swagger UI from our own static files (drf-spectacular-sidecar).

The split view serves its start-up script from this same URL (?script) instead of inline, so
the page runs under the site's Content-Security-Policy (script-src 'self' + nonce) unchanged.
"""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    url_name = "api:schema"
    title = "Hubwatch API"
