from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from apps.core.dates import format_fuzzy_date, iso_at_precision
from apps.core.translation import text_in
from apps.sites.models import Status

from ..legend import UNKNOWN, UNKNOWN_STATUS, status_style, svg_points

register = template.Library()


@register.simple_tag
def status_icon(status: str | None, size: int = 16):
    """The status's shape in its colour, as decorative inline SVG (the label is always beside it)."""
    style = status_style(status) if status != "" else None
    if style is None:
        return ""
    colour, shape = style
    half = size / 2
    if shape in ("circle", "ring"):
        fill = "none" if shape == "ring" else colour
        body = format_html(
            '<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="{}" stroke-width="2.5"/>',
            half,
            half,
            half * 0.72,
            fill,
            colour,
        )
    else:
        body = format_html(
            '<polygon points="{}" fill="{}" stroke="#fff" stroke-width="1"/>', svg_points(shape, size), colour
        )
    return format_html(
        '<svg class="status-icon" width="{}" height="{}" viewBox="0 0 {} {}" aria-hidden="true" focusable="false">'
        "{}</svg>",
        size,
        size,
        size,
        size,
        body,
    )


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None or "" removes them)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def query_without_page(context):
    query = context["request"].GET.copy()
    query.pop("page", None)
    return query.urlencode()


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def status_label(value: str | None) -> str:
    if value in Status.values:
        return str(Status(value).label).capitalize()
    if value == UNKNOWN:
        return str(UNKNOWN_STATUS).capitalize()
    return ""


@register.filter
def status_at_since(site) -> str:
    """The date of the status a site had on the table's chosen day, at its precision."""
    return format_fuzzy_date(getattr(site, "status_at_since", None), getattr(site, "status_at_precision", None))


@register.filter
def datetime_attr(value, precision: str | None) -> str:
    """A date as a <time datetime> value at its precision: "2019", "2019-11" or "2019-11-05".

    Usage: <time datetime="{{ event.date|datetime_attr:event.date_precision }}">
    """
    return iso_at_precision(value, precision) if value else ""


@register.simple_tag(takes_context=True)
def absolute_uri(context, path: str) -> str:
    """`path` (a URL path, with its query if any) as an absolute URL on the host asked."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[dict]:
    """This page's absolute address in each language, then `x-default`: its old unprefixed
    address, which redirects to the reader's language (as django.contrib.sitemaps writes it), for
    `<link rel="alternate" hreflang>`; nothing for an address without a language or no page."""
    request = context.get("request")
    if request is None or not translation.get_language_from_path(request.path_info):
        return []
    try:
        resolve(request.path_info)
    except Resolver404:
        return []
    links = [
        {"hreflang": code, "href": request.build_absolute_uri(translate_url(request.path, code))}
        for code, _name in settings.LANGUAGES
    ]
    unprefixed = translate_url(request.path, settings.LANGUAGE_CODE).replace(f"/{settings.LANGUAGE_CODE}/", "/", 1)
    return [*links, {"hreflang": "x-default", "href": request.build_absolute_uri(unprefixed)}]


@register.filter
def fuzzy_date(value, precision: str | None) -> str:
    """A date at its precision, in the active language: "2019", "November 2019", "Nov. 5, 2019"."""
    return format_fuzzy_date(value, precision)


@register.simple_tag
def oembed_href(page_url: str) -> str:
    """The oEmbed discovery URL of an absolute page URL."""
    return reverse("oembed") + "?" + urlencode({"url": page_url, "format": "json"})


# A fallback text is marked in its own language: readers of either language recognise it, and
# its `lang` attribute tells screen readers and browsers' translators what it is.
FALLBACK_MARKERS = {"en": "in English", "fr": "en français"}


@register.simple_tag
def text_of(obj, name: str):
    """The record's text `name` in the page's language, or its original when not translated."""
    return text_in(obj, name)


@register.simple_tag
def translated(obj, name: str, element: str = "span", css: str = "", paragraphs: bool = False):
    """The text in the page's language; a fallback gets `lang` and a visible marker."""
    text = text_in(obj, name)
    if not text:
        return ""
    body = linebreaks_filter(text.text, autoescape=True) if paragraphs else conditional_escape(text.text)
    attrs = format_html(' class="{}"', css) if css else ""
    if not text.fallback:
        return format_html("<{0}{1}>{2}</{0}>", element, attrs, mark_safe(body))  # noqa: S308 - escaped above
    return format_html(
        '<{0}{1} lang="{2}">{3} <small class="fallback-marker" title="{4}">({5})</small></{0}>',
        element,
        attrs,
        text.lang,
        mark_safe(body),  # noqa: S308 - escaped above
        _("Not translated yet: the original text is shown."),
        FALLBACK_MARKERS[text.lang],
    )
