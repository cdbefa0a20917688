from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoDataConfig(AppConfig):
    """Synthetic demo data at scale, for benchmarks and load tests (`generate_demo_data`)."""

    name = "apps.demodata"
    label = "demodata"
    verbose_name = _("demo data")
