"""How to cite a page of Hubwatch: ready sentences (APA-like and Chicago-like, in the page's
language) and the files reference managers import (BibTeX, RIS, CSL-JSON). Every citation names
its access date and a permalink that keeps showing what was cited."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

AUTHOR = "Hubwatch contributors"
CONTAINER = "Hubwatch: an open atlas of contested logistics sites"
PUBLISHER = "Hubwatch"

_BIBTEX_SPECIAL = re.compile(r"([{}$&%#_])")


def _bibtex_text(value: str) -> str:
    value = value.replace("\\", r"\textbackslash ")
    value = _BIBTEX_SPECIAL.sub(r"\\\1", value)
    return value.replace("~", r"\textasciitilde ").replace("^", r"\textasciicircum ")


@dataclass(frozen=True)
class Citation:
    key: str  # a BibTeX key: letters, digits, - and :
    title: str
    url: str  # the absolute permalink
    accessed: dt.date
    licence: str = ""

    def _sentence(self, template: str, *, url_attrs: str = "") -> SafeString:
        """`template` (translated, with %(author)s, %(title)s, %(container)s, %(date)s, %(url)s)
        filled with escaped values; the URL is a link."""
        values = {
            "author": conditional_escape(AUTHOR),
            "title": conditional_escape(self.title),
            "container": format_html("<i>{}</i>", CONTAINER),
            "date": conditional_escape(date_format(self.accessed, "DATE_FORMAT")),
            "url": format_html('<a href="{}" class="cite-url"{}>{}</a>', self.url, mark_safe(url_attrs), self.url),  # noqa: S308 - our own constant attributes
        }
        return mark_safe(conditional_escape(template) % values)  # noqa: S308 - every part escaped above

    def apa(self, url_attrs: str = "") -> SafeString:
        return self._sentence(
            _("%(author)s. (n.d.). %(title)s. In %(container)s. Retrieved %(date)s, from %(url)s"), url_attrs=url_attrs
        )

    def chicago(self, url_attrs: str = "") -> SafeString:
        return self._sentence(
            _("%(author)s. “%(title)s.” %(container)s. Accessed %(date)s. %(url)s."), url_attrs=url_attrs
        )

    def bibtex(self) -> str:
        fields = [
            ("title", "{" + _bibtex_text(self.title) + "}"),
            ("author", "{" + AUTHOR + "}"),
            ("organization", PUBLISHER),
            ("howpublished", _bibtex_text(CONTAINER)),
            ("year", str(self.accessed.year)),
            ("url", self.url),
            ("urldate", self.accessed.isoformat()),
            ("note", _bibtex_text(f"Accessed {self.accessed.isoformat()}. {self.licence}".strip())),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@misc{{{self.key},\n{body}\n}}\n"

    def ris(self) -> str:
        lines = [
            ("TY", "ELEC"),
            ("AU", AUTHOR),
            ("TI", self.title),
            ("T2", CONTAINER),
            ("PB", PUBLISHER),
            ("UR", self.url),
            ("Y2", self.accessed.strftime("%Y/%m/%d")),
            ("N1", self.licence),
        ]
        text = "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines if value)
        return text + "ER  - \r\n"

    def csl(self) -> str:
        day = [self.accessed.year, self.accessed.month, self.accessed.day]
        item = {
            "id": self.key,
            "type": "webpage",
            "title": self.title,
            "author": [{"literal": AUTHOR}],
            "container-title": CONTAINER,
            "publisher": PUBLISHER,
            "URL": self.url,
            "accessed": {"date-parts": [day]},
            "note": self.licence,
        }
        return json.dumps([item], ensure_ascii=False, indent=2) + "\n"
