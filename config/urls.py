from django.contrib import admin
from django.urls import include, path

from apps.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("apps.accounts.urls")),
    path("api/", include("apps.api.urls")),
    path("tiles/", include("apps.tiles.urls")),
    path("", include("apps.feeds.urls")),
    path("", include("apps.contributions.urls")),
    path("", include("apps.alerts.urls")),
    path("", include("apps.intake.urls")),
    path("", include("apps.atlas.urls")),
]
