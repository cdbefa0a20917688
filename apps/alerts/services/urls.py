from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    """Mails are read outside the site: links need the public base URL (SITE_URL)."""
    return settings.SITE_URL.rstrip("/") + path


def absolute_reverse(name: str, **kwargs) -> str:
    return absolute(reverse(name, kwargs=kwargs or None))
