"""Title, outlet, date, language, description and canonical address of an article page, read
from its metadata: OpenGraph, article:*, Dublin Core, JSON-LD, then plain <title> and <html lang>."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.utils.dateparse import parse_date, parse_datetime

from .sanitize import plain_text

_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "date",
    "pubdate",
    "publish-date",
    "sailthru.date",
)


@dataclass
class PageMetadata:
    title: str = ""
    outlet: str = ""
    published: dt.date | None = None
    language: str = ""
    description: str = ""
    canonical: str = ""


class _MetaParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.lang = ""
        self.canonical = ""
        self.title_parts: list[str] = []
        self.json_ld: list[str] = []
        self._in_title = False
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and a.get("lang"):
            self.lang = a["lang"]
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key and "content" in a and key not in self.meta:
                self.meta[key] = a["content"].strip()
            if a.get("http-equiv", "").lower() == "content-language" and not self.lang:
                self.lang = a.get("content", "")
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = a.get("href", "")
        elif tag == "title":
            self._in_title = True
        elif tag == "script" and a.get("type", "").lower() == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")
        elif tag == "time" and a.get("datetime") and "time" not in self.meta:
            self.meta["time"] = a["datetime"]

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_title:
            self.title_parts.append(data)
        elif self._in_json_ld:
            self.json_ld[-1] += data


def parse_any_date(value: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        moment = parse_datetime(value.replace(" ", "T", 1)) if len(value) > 10 else None
        if moment is not None:
            return moment.date()
        return parse_date(value[:10])
    except ValueError:
        return None


def _json_ld_fields(blocks: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for block in blocks:
        try:
            data = json.loads(block)
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if not isinstance(item, dict):
                continue
            for key in ("headline", "datePublished", "inLanguage"):
                if isinstance(item.get(key), str):
                    found.setdefault(key.lower(), item[key])
            publisher = item.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                found.setdefault("publisher", publisher["name"])
    return found


def extract(html: str, url: str) -> PageMetadata:
    parser = _MetaParser()
    parser.feed(html)
    parser.close()
    meta = parser.meta
    ld = _json_ld_fields(parser.json_ld)

    def first(*keys: str) -> str:
        for key in keys:
            value = meta.get(key) or ld.get(key)
            if value and value.strip():
                return plain_text(value)
        return ""

    title = first("og:title", "twitter:title", "dc.title", "headline") or plain_text("".join(parser.title_parts))
    outlet = first("og:site_name", "publisher", "application-name") or (urlsplit(url).hostname or "").removeprefix(
        "www."
    )
    published = None
    for key in (*_DATE_KEYS, "time"):
        published = parse_any_date(meta.get(key) or ld.get(key, ""))
        if published:
            break
    language = parser.lang or first("og:locale", "inlanguage", "language", "dc.language")
    language = language.replace("_", "-").split("-")[0].strip().lower()[:8]
    canonical = parser.canonical or meta.get("og:url", "")
    canonical = urljoin(url, canonical) if canonical else ""
    if urlsplit(canonical).scheme not in ("http", "https"):
        canonical = ""
    return PageMetadata(
        title=title[:400],
        outlet=outlet[:200],
        published=published,
        language=language,
        description=first("og:description", "description", "twitter:description", "dc.description")[:1000],
        canonical=canonical,
    )
