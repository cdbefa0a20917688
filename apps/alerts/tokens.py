"""Signed links: confirm a subscription (expires), unsubscribe (never expires, so an old
message's link still works). They carry primary keys only, never the address."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "hubwatch.alerts.confirm"
UNSUBSCRIBE_SALT = "hubwatch.alerts.unsubscribe"


def confirm_token(subscription_id: int) -> str:
    return signing.dumps(subscription_id, salt=CONFIRM_SALT)


def read_confirm_token(token: str) -> int | None:
    max_age = getattr(settings, "ALERTS_CONFIRM_MAX_AGE", 7 * 24 * 3600)
    try:
        value = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    return value if isinstance(value, int) else None


def unsubscribe_token(subscriber_id: int) -> str:
    return signing.dumps(subscriber_id, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
