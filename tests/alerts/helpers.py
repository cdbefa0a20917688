import re

from django.db import transaction
from django.utils import timezone

from apps.alerts.models import Subscriber, Subscription


def follower(email="reader@example.net", language="en", *, site=None, collective=None, confirmed=True):
    """A subscriber with one subscription, confirmed now (or not)."""
    subscriber, _ = Subscriber.objects.get_or_create(email=email, defaults={"language": language})
    return Subscription.objects.create(
        subscriber=subscriber, site=site, collective=collective, confirmed_at=timezone.now() if confirmed else None
    )


def publish(factory, **kwargs):
    """Create a published event in its own transaction, as a request would."""
    with transaction.atomic():
        return factory(**kwargs)


def links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)
