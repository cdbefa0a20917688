"""Canonical form of an article URL, the key for deduplication: the same article reached
through a newsletter, a social network or with and without "www." is one article."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Parameters that track the reader, not select the content.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "mc_cid",
        "mc_eid", "_ga", "_gl", "ocid", "cmpid", "xtor", "xtref", "ref", "ref_src", "ref_url", "source",
        "sr_share", "at_medium", "at_campaign", "at_platform", "at_send_date", "at_recipient_id", "at_link",
        "at_creation", "at_ptr_name", "at_format", "s_cid", "smid", "ns_source", "ns_mchannel", "ns_campaign",
        "ito", "partner", "spm", "share", "mkt_tok", "vero_id", "hsenc", "_hsenc", "_hsmi", "__s", "oly_enc_id",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "matomo_", "hsa_", "itm_")


def is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """https, lower-case host without "www." and default port, no fragment, tracking
    parameters removed and the others sorted, no trailing slash (except the root)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").rstrip(".").lower()
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k))
    # Both schemes count as one: sites serve the same page over http and https.
    return urlunsplit(("https", netloc, path, urlencode(query), ""))
