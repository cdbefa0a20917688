"""Which sites a text mentions: by site name (and the parts of a name such as "Liège Airport"
in "Cainiao eHub, Liège Airport") and by municipality; accents and case ignored, whole words
only, so "Briec" matches "à Briec," but not "Briecville"."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

# Words too common to stand for a site on their own, whatever the data says.
_TOO_GENERIC = frozenset(
    {"amazon", "alibaba", "cainiao", "site", "hub", "entrepot", "warehouse", "aeroport", "airport"}
)
_MIN_LENGTH = 4
# Combining marks left by NFKD decomposition (the accents of Latin letters and the others).
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower-case, without accents, with apostrophes, dashes and spaces made uniform."""
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    text = text.replace("\u2019", "'").replace("\u2010", "-").replace("\u2011", "-").replace("\u2013", "-")
    return re.sub(r"\s+", " ", text).casefold()


def _usable(term: str) -> bool:
    return len(term) >= _MIN_LENGTH and term not in _TOO_GENERIC


def _name_parts(name: str) -> set[str]:
    parts = {fold(p.strip()) for p in re.split(r"[,/()\u2013\u2014:]| - ", name)}
    return {p for p in parts if _usable(p)}


@dataclass(frozen=True)
class Match:
    site_id: int
    terms: tuple[str, ...]


class SiteMatcher:
    """Built once per batch from (site id, name, municipality) rows; `match()` is one regex
    pass over the folded text."""

    def __init__(self, sites: list[tuple[int, str, str]]):
        self._sites_by_term: dict[str, set[int]] = defaultdict(set)
        parts: dict[str, set[int]] = defaultdict(set)
        for site_id, name, municipality in sites:
            for term in (fold(name), fold(municipality or "")):
                if _usable(term):
                    self._sites_by_term[term].add(site_id)
            for part in _name_parts(name):
                parts[part].add(site_id)
        # A part of a name shared by several sites ("Amazon delivery station") names none of them.
        for part, site_ids in parts.items():
            if len(site_ids) == 1:
                self._sites_by_term[part] |= site_ids
        terms = sorted(self._sites_by_term, key=len, reverse=True)  # longest first: "Liège Airport" before "Liège"
        self._pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(t) for t in terms) + r")(?!\w)") if terms else None

    @classmethod
    def from_database(cls) -> SiteMatcher:
        from apps.sites.models import Site

        return cls(list(Site.objects.public().values_list("pk", "name", "municipality")))

    def match(self, *texts: str) -> list[Match]:
        if self._pattern is None:
            return []
        found: dict[int, set[str]] = defaultdict(set)
        for text in texts:
            for m in self._pattern.finditer(fold(text or "")):
                for site_id in self._sites_by_term[m.group(1)]:
                    found[site_id].add(m.group(1))
        return [Match(site_id, tuple(sorted(terms))) for site_id, terms in sorted(found.items())]
