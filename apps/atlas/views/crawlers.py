"""What crawlers and browsers ask of every website: `/robots.txt`, `/manifest.webmanifest`,
`/favicon.ico`."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView

# Paths no crawler has business in: accounts, contributions and moderation, the admin, the
# editors' intake, following by e-mail, and the API's write paths. Public pages and the read
# API stay open. The pages are under /fr/ and /en/ (the old unprefixed addresses redirect there).
ONE_ADDRESS = ("/admin/", "/i18n/", "/api/sites/*/events/")
PER_LANGUAGE = (
    "accounts/",
    "contribute/",
    "moderation/",
    "intake/",
    "follow/",
    "sites/*/events/add/",
    "sites/*/claims/add/",
    "sites/*/press/add/",
    "sites/*/suggest/",
    "sites/*/history/",
)
DISALLOWED = (
    *ONE_ADDRESS,
    *(f"/{code}/{path}" for code, _name in settings.LANGUAGES for path in PER_LANGUAGE),
    *(f"/{path}" for path in PER_LANGUAGE),
)


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def web_manifest(request):
    icons = [
        {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {"src": static("img/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
    ]
    manifest = {
        "name": _("Hubwatch: contested logistics sites"),
        "short_name": "Hubwatch",
        "description": _("An open atlas of contested logistics sites."),
        "start_url": reverse("map"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#14213d",
        "icons": icons,
    }
    return JsonResponse(manifest, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page says; it lives with the static files."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.ico")
