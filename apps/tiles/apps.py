from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TilesConfig(AppConfig):
    """Vector tiles of the sites, built by PostGIS (ST_AsMVT), for maps with very many points."""

    name = "apps.tiles"
    label = "tiles"
    verbose_name = _("vector tiles")
