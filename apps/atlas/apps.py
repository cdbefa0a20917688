from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AtlasConfig(AppConfig):
    """The public HTML surface: the map, site and collective pages."""

    name = "apps.atlas"
    label = "atlas"
    verbose_name = _("atlas")
