from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The open data API (/api/): GeoJSON, CSV, OpenAPI."""

    name = "apps.api"
    label = "api"
    verbose_name = _("api")
