"""Text from feeds and pages is untrusted HTML: nh3 (an allow-list HTML sanitizer) removes
scripts, event handlers and dangerous URLs; excerpts are then kept as plain text."""

from __future__ import annotations

import html
import re

import nh3

_TAGS = {"p", "br", "a", "em", "strong", "i", "b", "ul", "ol", "li", "blockquote"}


def clean_html(value: str) -> str:
    """Rich text safe to show: a few tags, links http(s) only, rel=noopener noreferrer nofollow."""
    return nh3.clean(
        value or "",
        tags=_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
    )


def plain_text(value: str) -> str:
    """Text without any markup, entities decoded, whitespace collapsed."""
    text = nh3.clean(value or "", tags=set())
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def excerpt(value: str, limit: int = 600) -> str:
    text = plain_text(value)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"
