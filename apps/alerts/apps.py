from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """E-mail subscriptions and the outbox of work for Celery."""

    name = "apps.alerts"
    label = "alerts"
    verbose_name = _("alerts")

    def ready(self):
        from . import signals

        signals.connect()
