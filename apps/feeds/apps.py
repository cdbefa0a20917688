from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    """Atom and iCalendar feeds."""

    name = "apps.feeds"
    label = "feeds"
    verbose_name = _("feeds")
