from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    """Collectives' contributions, moderation, history and reverts."""

    name = "apps.contributions"
    label = "contributions"
    verbose_name = _("contributions")
