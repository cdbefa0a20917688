"""Every page has one address per language, /fr/... and /en/... (i18n_patterns); the open data
(API, tiles, map documents and images, the embed, sitemap.xml, robots.txt, oEmbed) keeps its
unprefixed address and takes ?lang=. An old unprefixed page address answers 301 to the reader's
language (apps.core.middleware.LocaleMiddleware); the feeds also keep answering at their old
addresses, as feed readers do not always follow redirects."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from apps.alerts import views as alerts
from apps.atlas import urls as atlas
from apps.core.views import healthz, set_language

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", include("apps.api.urls")),
    path("tiles/", include("apps.tiles.urls")),
    path("", include(atlas.document_patterns)),
    # Today's feed addresses, in the reader's language (?lang=, Accept-Language).
    path("", include("apps.feeds.urls", namespace="feeds-unprefixed")),
    # Links in e-mails sent before the addresses had a language: one-click unsubscribe POSTs here.
    path("follow/confirm/<str:token>/", alerts.confirm),
    path("follow/unsubscribe/<str:token>/", alerts.unsubscribe),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("apps.accounts.urls")),
    path("", include("apps.feeds.urls")),
    path("", include("apps.contributions.urls")),
    path("", include("apps.alerts.urls")),
    path("", include("apps.intake.urls")),
    path("", include(atlas.page_patterns)),
)
