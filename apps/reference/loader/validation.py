"""Validating the reference files before anything is written: every problem is collected with
the file and the record it comes from."""

from __future__ import annotations

import datetime as dt
import decimal
from pathlib import Path
from typing import Any

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError

from apps.collectives.models import NetworkLink
from apps.companies.models import CompanyKind
from apps.core.dates import parse_fuzzy_date
from apps.core.translation import LANGUAGES
from apps.press.models import SourceKind, http_url_validator
from apps.sites.geo import is_iso_country, point_in_country
from apps.sites.models import Certainty, ClaimantKind, ClaimFigure, EventKind, FacilityKind, LocationPrecision, Status

from .files import FILES, ReferenceDataError
from .stories import validate_stories


class _Validator:
    """Collects problems as 'file: record: message'."""

    def __init__(self):
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def required(self, where: str, record: dict, key: str) -> Any:
        value = record.get(key)
        if value in (None, ""):
            self.add(where, f"missing '{key}'")
        return value

    def choice(self, where: str, value: Any, choices, what: str, optional: bool = False):
        if value in (None, "") and optional:
            return None
        if value not in choices.values:
            self.add(where, f"unknown {what} {value!r}; expected one of: {', '.join(choices.values)}")
            return None
        return value

    def date(self, where: str, value: Any, what: str = "date") -> tuple[dt.date | None, str | None]:
        if value in (None, ""):
            return None, None
        try:
            return parse_fuzzy_date(value)
        except ValueError as exc:
            self.add(where, f"{what}: {exc}")
            return None, None

    def url(self, where: str, value: Any, what: str = "url") -> str:
        if value in (None, ""):
            return ""
        try:
            http_url_validator(str(value))
        except ValidationError:
            self.add(where, f"{what} {value!r} is not an http(s) URL")
        return str(value)

    def texts(self, where: str, record: dict, names: tuple[str, ...], required: tuple[str, ...] = ()) -> dict:
        """The record's translatable texts as columns (`title_en`, `title_fr`) with the language
        they were written in (`text_language`, default en). A text is either a string (in the
        original language) or a mapping {en: ..., fr: ...}."""
        original = record.get("text_language", "en")
        if original not in LANGUAGES:
            self.add(where, f"unknown text_language {original!r}; expected one of: {', '.join(LANGUAGES)}")
            original = "en"
        values: dict[str, Any] = {"text_language": original}
        for name in names:
            raw = record.get(name)
            if raw is None or raw == "":
                raw = {}
            elif not isinstance(raw, dict):
                raw = {original: raw}
            unknown = set(raw) - set(LANGUAGES)
            if unknown:
                self.add(where, f"{name}: unknown language(s) {', '.join(sorted(map(str, unknown)))}")
            for lang in LANGUAGES:
                text = raw.get(lang)
                if text is not None and not isinstance(text, str):
                    self.add(where, f"{name}.{lang} must be a text")
                values[f"{name}_{lang}"] = str(text or "")
            if name in required and not values[f"{name}_{original}"]:
                self.add(where, f"missing '{name}' in its original language ({original})")
        return values

    def number(self, where: str, value: Any, what: str) -> decimal.Decimal | None:
        if value is None or value == "":
            return None
        try:
            return decimal.Decimal(str(value))
        except decimal.InvalidOperation:
            self.add(where, f"{what} {value!r} is not a number")
            return None


def _first_text(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("en") or next(iter(value.values()), ""))
    return str(value or "")


def _label(directory: Path, name: str, index: int, record: dict, key: str = "slug") -> str:
    ident = record.get(key) or record.get("name") or f"#{index + 1}"
    return f"{directory / (name + '.yaml')}: {name[:-1]} {ident!r}"


class _Check:
    """One validation run: the parsed files, the problems found, the cleaned records."""

    def __init__(self, directory: Path, data: dict[str, list[dict]]):
        self.v = _Validator()
        self.directory = directory
        self.data = data
        self.clean: dict[str, list[dict]] = {name: [] for name in FILES}
        self.company_slugs = {r.get("slug") for r in data["companies"]}
        self.network_slugs = {r.get("slug") for r in data["networks"]}
        self.collective_slugs = {r.get("slug") for r in data["collectives"]}
        self.site_slugs = {r.get("slug") for r in data["sites"]}
        self.source_keys: set = set()

    def sources(self) -> None:
        """Citable documents: keys unique, http(s) URLs, each URL once."""
        v, directory, data, clean = self.v, self.directory, self.data, self.clean
        source_keys = set()
        for i, r in enumerate(data["sources"]):
            where = _label(directory, "sources", i, r, key="key")
            key = v.required(where, r, "key")
            if key in source_keys:
                v.add(where, "duplicate key")
            source_keys.add(key)
            published, precision = v.date(where, r.get("published"), "published")
            authors = str(r.get("authors") or "")
            # A document without a known address (a research article) is cited by its authors.
            url = v.url(where, r.get("url") if authors else v.required(where, r, "url")) or None
            title_checked = r.get("title_checked", True)
            if not isinstance(title_checked, bool):
                v.add(where, f"title_checked must be true or false, not {title_checked!r}")
            clean["sources"].append(
                {
                    "key": key,
                    "url": url,
                    "authors": authors,
                    "title_checked": title_checked is not False,
                    "related": r.get("related"),
                    "archived_url": v.url(where, r.get("archived_url"), "archived_url"),
                    "title": str(v.required(where, r, "title") or ""),
                    "outlet": r.get("outlet") or "",
                    "kind": v.choice(where, r.get("kind", "article"), SourceKind, "source kind"),
                    "published": published,
                    "published_precision": precision or "day",
                    "language": r.get("language") or "",
                    "excerpt": r.get("excerpt") or "",
                    "sites": r.get("sites") or [],
                    "collectives": r.get("collectives") or [],
                    "_where": where,
                }
            )
        urls = [s["url"] for s in clean["sources"] if s["url"]]
        titles = [s["title"] for s in clean["sources"] if not s["url"]]
        for s in clean["sources"]:
            if s["url"] and urls.count(s["url"]) > 1:
                v.add(s["_where"], f"URL {s['url']} appears more than once")
            if not s["url"] and titles.count(s["title"]) > 1:
                v.add(s["_where"], "two sources without an address have the same title")
            if s["related"] and s["related"] not in source_keys:
                v.add(s["_where"], f"unknown related source {s['related']!r}")
        self.source_keys = source_keys

    def companies(self) -> None:
        """Companies and their parent chain."""
        v, directory, data, clean = self.v, self.directory, self.data, self.clean
        company_slugs = self.company_slugs
        for i, r in enumerate(data["companies"]):
            where = _label(directory, "companies", i, r)
            v.required(where, r, "slug")
            v.required(where, r, "name")
            parent = r.get("parent")
            if parent and parent not in company_slugs:
                v.add(where, f"unknown parent company {parent!r}")
            clean["companies"].append(
                {
                    "slug": r.get("slug"),
                    "name": r.get("name"),
                    "kind": v.choice(where, r.get("kind", "other"), CompanyKind, "company kind"),
                    "parent": parent,
                    "website": v.url(where, r.get("website"), "website"),
                    **v.texts(where, r, ("description",)),
                    "sources": self.description_sources(where, r),
                }
            )

    def description_sources(self, where: str, record: dict) -> list[str]:
        """The source keys a description cites (`sources:`), each one known."""
        keys = record.get("sources") or []
        for key in keys:
            if key not in self.source_keys:
                self.v.add(where, f"unknown source key {key!r}")
        return keys

    def networks(self) -> None:
        """Networks."""
        v, directory, data, clean = self.v, self.directory, self.data, self.clean
        for i, r in enumerate(data["networks"]):
            where = _label(directory, "networks", i, r)
            v.required(where, r, "slug")
            v.required(where, r, "name")
            clean["networks"].append(
                {
                    "slug": r.get("slug"),
                    "name": r.get("name"),
                    "scope": r.get("scope") or "",
                    **v.texts(where, r, ("description",)),
                    "website": v.url(where, r.get("website"), "website"),
                    "sources": self.description_sources(where, r),
                }
            )

    def collectives(self) -> None:
        """Collectives, their networks and the sites they oppose."""
        v, directory, data, clean = self.v, self.directory, self.data, self.clean
        network_slugs, site_slugs = self.network_slugs, self.site_slugs
        for i, r in enumerate(data["collectives"]):
            where = _label(directory, "collectives", i, r)
            v.required(where, r, "slug")
            v.required(where, r, "name")
            founded, founded_precision = v.date(where, r.get("founded"), "founded")
            links = []
            for link in r.get("networks") or []:
                if link.get("network") not in network_slugs:
                    v.add(where, f"unknown network {link.get('network')!r}")
                relation = link.get("relation", "partner")
                if relation not in NetworkLink.Relation.values:
                    v.add(where, f"unknown network relation {relation!r}; expected member or partner")
                links.append({"network": link.get("network"), "relation": relation})
            oppositions = []
            for opp in r.get("opposes") or []:
                if opp.get("site") not in site_slugs:
                    v.add(where, f"opposes unknown site {opp.get('site')!r}")
                since, since_precision = v.date(where, opp.get("since"), "since")
                oppositions.append(
                    {"site": opp.get("site"), "since": since, "since_precision": since_precision or "year"}
                )
            clean["collectives"].append(
                {
                    "slug": r.get("slug"),
                    "name": r.get("name"),
                    **v.texts(where, r, ("description",)),
                    "founded": founded,
                    "founded_precision": founded_precision or "year",
                    "website": v.url(where, r.get("website"), "website"),
                    "networks": links,
                    "opposes": oppositions,
                    "sources": self.description_sources(where, r),
                }
            )

    def source_links(self) -> None:
        """The sites and collectives each source concerns exist."""
        v, clean = self.v, self.clean
        site_slugs, collective_slugs = self.site_slugs, self.collective_slugs
        for s in clean["sources"]:
            for slug in s["sites"]:
                if slug not in site_slugs:
                    v.add(s["_where"], f"concerns unknown site {slug!r}")
            for slug in s["collectives"]:
                if slug not in collective_slugs:
                    v.add(s["_where"], f"concerns unknown collective {slug!r}")

    def sites(self) -> None:
        """Sites, their timelines and their claims."""
        v, directory, data, clean = self.v, self.directory, self.data, self.clean
        company_slugs, collective_slugs, source_keys = self.company_slugs, self.collective_slugs, self.source_keys
        for i, r in enumerate(data["sites"]):
            where = _label(directory, "sites", i, r)
            for key in ("slug", "name", "municipality"):
                v.required(where, r, key)
            country = str(r.get("country") or "")
            if not is_iso_country(country):
                v.add(where, f"country {country!r} is not an ISO 3166-1 alpha-2 code (e.g. FR)")
            loc = r.get("location") or {}
            point = None
            try:
                lon, lat = float(loc["lon"]), float(loc["lat"])
                point = Point(lon, lat, srid=4326)
                if point_in_country(lon, lat, country) is False:
                    v.add(where, f"location (lon {lon}, lat {lat}) is outside {country}")
            except (KeyError, TypeError, ValueError):
                v.add(where, "location needs numeric 'lon' and 'lat'")
            attributions = {}
            for role in ("operator", "developer"):
                if r.get(role) and r[role] not in company_slugs:
                    v.add(where, f"unknown {role} company {r[role]!r}")
                source = r.get(f"{role}_source")
                if source and source not in source_keys:
                    v.add(where, f"unknown {role}_source {source!r}")
                if (source or f"{role}_certainty" in r) and not r.get(role):
                    v.add(where, f"{role}_certainty or {role}_source without an {role}")
                attributions[f"{role}_certainty"] = v.choice(
                    where, r.get(f"{role}_certainty", "confirmed"), Certainty, f"{role} certainty"
                )
                attributions[f"{role}_source"] = source
            events = []
            for j, e in enumerate(r.get("events") or []):
                ewhere = f"{where}, event {j + 1} ({e.get('date')!s}: {_first_text(e.get('title'))[:40]!r})"
                date, precision = v.date(ewhere, e.get("date"))
                if date is None and "date" not in e:
                    v.add(ewhere, "missing 'date'")
                sources = e.get("sources") or []
                if not sources:
                    v.add(ewhere, "no source: every event needs at least one")
                for key in sources:
                    if key not in source_keys:
                        v.add(ewhere, f"unknown source key {key!r}")
                for slug in e.get("collectives") or []:
                    if slug not in collective_slugs:
                        v.add(ewhere, f"unknown collective {slug!r}")
                events.append(
                    {
                        "date": date,
                        "date_precision": precision,
                        "kind": v.choice(ewhere, e.get("kind"), EventKind, "event kind"),
                        "status_after": v.choice(ewhere, e.get("status"), Status, "status", optional=True),
                        **v.texts(ewhere, e, ("title", "description"), required=("title",)),
                        "sources": sources,
                        "collectives": e.get("collectives") or [],
                    }
                )
            claims = []
            for j, c in enumerate(r.get("claims") or []):
                cwhere = f"{where}, claim {j + 1} ({_first_text(c.get('statement'))[:40]!r})"
                date, precision = v.date(cwhere, c.get("date"))
                if c.get("source") not in source_keys:
                    v.add(cwhere, f"unknown or missing source key {c.get('source')!r}")
                value = v.number(cwhere, c.get("value"), "value")
                value_max = v.number(cwhere, c.get("value_max"), "value_max")
                if value_max is not None and (value is None or value_max < value):
                    v.add(cwhere, "value_max must not be below value")
                # Every reference claim says how sure it is: no default a reader could mistake for a check.
                if "certainty" not in c:
                    v.add(cwhere, "missing 'certainty' (confirmed, reported or denied)")
                certainty_source = c.get("certainty_source")
                if certainty_source is not None and certainty_source not in source_keys:
                    v.add(cwhere, f"unknown certainty_source {certainty_source!r}")
                elif certainty_source is not None and certainty_source == c.get("source"):
                    v.add(cwhere, "certainty_source is the claim's own source: leave it out")
                claims.append(
                    {
                        "figure": v.choice(cwhere, c.get("figure"), ClaimFigure, "figure"),
                        **v.texts(cwhere, c, ("statement",), required=("statement",)),
                        "value": value,
                        "value_max": value_max,
                        "unit": c.get("unit") or "",
                        "claimant_kind": v.choice(cwhere, c.get("claimant_kind"), ClaimantKind, "claimant kind"),
                        "claimant": str(v.required(cwhere, c, "claimant") or ""),
                        "date": date,
                        "date_precision": precision or "day",
                        "source": c.get("source"),
                        "certainty": v.choice(cwhere, c.get("certainty", "reported"), Certainty, "certainty"),
                        "certainty_source": certainty_source,
                    }
                )
            clean["sites"].append(
                {
                    "slug": r.get("slug"),
                    "name": r.get("name"),
                    "municipality": r.get("municipality") or "",
                    "admin_area": r.get("admin_area") or "",
                    "region": r.get("region") or "",
                    "country": country,
                    "location": point,
                    "location_precision": v.choice(
                        where, loc.get("precision", "municipality"), LocationPrecision, "location precision"
                    ),
                    "operator": r.get("operator"),
                    "developer": r.get("developer"),
                    "kind": v.choice(where, r.get("kind", "warehouse"), FacilityKind, "facility kind"),
                    **v.texts(where, r, ("summary",)),
                    **attributions,
                    "events": events,
                    "claims": claims,
                }
            )

    def unique_slugs(self) -> None:
        """No slug twice in one file."""
        v, directory, data = self.v, self.directory, self.data
        for name in ("companies", "networks", "collectives", "sites"):
            slugs = [r.get("slug") for r in data[name]]
            for slug in {s for s in slugs if slugs.count(s) > 1}:
                v.add(f"{directory / (name + '.yaml')}", f"slug {slug!r} appears more than once")


def validate(directory: Path, data: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Check every record and return them cleaned (parsed dates, Points...). Raises
    ReferenceDataError listing every problem."""
    check = _Check(directory, data)
    for step in (check.sources, check.companies, check.networks, check.collectives, check.source_links, check.sites):
        step()
    check.unique_slugs()
    check.clean["stories"] = validate_stories(check.v, directory, data.get("stories") or [], check.clean["sites"])
    if check.v.problems:
        raise ReferenceDataError(check.v.problems)
    return check.clean
