from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """Press intake: polled feeds and articles added by URL."""

    name = "apps.intake"
    label = "intake"
    verbose_name = _("intake")
