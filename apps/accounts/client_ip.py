from django.conf import settings


def client_ip(request) -> str:
    """The client's network address, used to throttle logins and suggestions.

    Without a proxy it is REMOTE_ADDR. Behind TRUSTED_PROXY_COUNT proxies, each appends the address
    it received the request from to X-Forwarded-For, so the client is that many entries from the
    right; anything further left was written by the client and is not trusted."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")
