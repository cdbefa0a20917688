"""Load the reference data (fixtures/reference/*.yaml) into the database.

Two phases: every file is parsed and validated first, collecting every problem with the file
and record it comes from; only if there is none is anything written, inside one transaction.
Records are matched by natural key and updated in place, so a second run changes nothing, and
nothing in the database that the files do not mention is touched or deleted.
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import transaction

from apps.alerts.signals import silent_publication
from apps.collectives.models import Collective, Network, NetworkLink, Opposition
from apps.companies.models import Company, CompanyKind
from apps.core.dates import parse_fuzzy_date
from apps.press.models import PressItem, SourceKind, http_url_validator
from apps.sites.geo import point_in_country
from apps.sites.models import (
    Claim,
    ClaimantKind,
    ClaimFigure,
    Event,
    EventKind,
    FacilityKind,
    LocationPrecision,
    Site,
    Status,
)

FILES = ("sources", "companies", "networks", "collectives", "sites")


class ReferenceDataError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def count(self, model: str, outcome: str) -> None:
        bucket = getattr(self, outcome)
        bucket[model] = bucket.get(model, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        models = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return "; ".join(
            f"{m}: {self.created.get(m, 0)} created, {self.updated.get(m, 0)} updated, "
            f"{self.unchanged.get(m, 0)} unchanged"
            for m in models
        )


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

    def number(self, where: str, value: Any, what: str) -> decimal.Decimal | None:
        if value is None or value == "":
            return None
        try:
            return decimal.Decimal(str(value))
        except decimal.InvalidOperation:
            self.add(where, f"{what} {value!r} is not a number")
            return None


def read_files(directory: Path) -> dict[str, list[dict]]:
    data, problems = {}, []
    for name in FILES:
        path = directory / f"{name}.yaml"
        if not path.exists():
            problems.append(f"{path}: file missing")
            continue
        try:
            content = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as exc:
            problems.append(f"{path}: not valid YAML: {exc}")
            continue
        if not isinstance(content, list) or not all(isinstance(r, dict) for r in content):
            problems.append(f"{path}: expected a list of records")
            continue
        data[name] = content
    if problems:
        raise ReferenceDataError(problems)
    return data


def _label(directory: Path, name: str, index: int, record: dict, key: str = "slug") -> str:
    ident = record.get(key) or record.get("name") or f"#{index + 1}"
    return f"{directory / (name + '.yaml')}: {name[:-1]} {ident!r}"


def validate(directory: Path, data: dict[str, list[dict]]) -> dict[str, list[dict]]:  # noqa: C901
    """Check every record and return them cleaned (parsed dates, Points...). Raises
    ReferenceDataError listing every problem."""
    v = _Validator()
    clean: dict[str, list[dict]] = {name: [] for name in FILES}

    source_keys = set()
    for i, r in enumerate(data["sources"]):
        where = _label(directory, "sources", i, r, key="key")
        key = v.required(where, r, "key")
        if key in source_keys:
            v.add(where, "duplicate key")
        source_keys.add(key)
        published, precision = v.date(where, r.get("published"), "published")
        clean["sources"].append(
            {
                "key": key,
                "url": v.url(where, v.required(where, r, "url")),
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
    urls = [s["url"] for s in clean["sources"]]
    for s in clean["sources"]:
        if urls.count(s["url"]) > 1:
            v.add(s["_where"], f"URL {s['url']} appears more than once")

    company_slugs = {r.get("slug") for r in data["companies"]}
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
                "description": r.get("description") or "",
            }
        )

    network_slugs = {r.get("slug") for r in data["networks"]}
    for i, r in enumerate(data["networks"]):
        where = _label(directory, "networks", i, r)
        v.required(where, r, "slug")
        v.required(where, r, "name")
        clean["networks"].append(
            {
                "slug": r.get("slug"),
                "name": r.get("name"),
                "scope": r.get("scope") or "",
                "description": r.get("description") or "",
                "website": v.url(where, r.get("website"), "website"),
            }
        )

    site_slugs = {r.get("slug") for r in data["sites"]}
    collective_slugs = {r.get("slug") for r in data["collectives"]}
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
            oppositions.append({"site": opp.get("site"), "since": since, "since_precision": since_precision or "year"})
        clean["collectives"].append(
            {
                "slug": r.get("slug"),
                "name": r.get("name"),
                "description": r.get("description") or "",
                "founded": founded,
                "founded_precision": founded_precision or "year",
                "website": v.url(where, r.get("website"), "website"),
                "networks": links,
                "opposes": oppositions,
            }
        )

    for s in clean["sources"]:
        for slug in s["sites"]:
            if slug not in site_slugs:
                v.add(s["_where"], f"concerns unknown site {slug!r}")
        for slug in s["collectives"]:
            if slug not in collective_slugs:
                v.add(s["_where"], f"concerns unknown collective {slug!r}")

    for i, r in enumerate(data["sites"]):
        where = _label(directory, "sites", i, r)
        for key in ("slug", "name", "municipality"):
            v.required(where, r, key)
        country = str(r.get("country") or "")
        if not (len(country) == 2 and country.isalpha() and country.isupper()):
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
        for role in ("operator", "developer"):
            if r.get(role) and r[role] not in company_slugs:
                v.add(where, f"unknown {role} company {r[role]!r}")
        events = []
        for j, e in enumerate(r.get("events") or []):
            ewhere = f"{where}, event {j + 1} ({e.get('date')!s}: {str(e.get('title', ''))[:40]!r})"
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
                    "title": str(v.required(ewhere, e, "title") or ""),
                    "description": e.get("description") or "",
                    "sources": sources,
                    "collectives": e.get("collectives") or [],
                }
            )
        claims = []
        for j, c in enumerate(r.get("claims") or []):
            cwhere = f"{where}, claim {j + 1} ({str(c.get('statement', ''))[:40]!r})"
            date, precision = v.date(cwhere, c.get("date"))
            if c.get("source") not in source_keys:
                v.add(cwhere, f"unknown or missing source key {c.get('source')!r}")
            value = v.number(cwhere, c.get("value"), "value")
            value_max = v.number(cwhere, c.get("value_max"), "value_max")
            if value_max is not None and (value is None or value_max < value):
                v.add(cwhere, "value_max must not be below value")
            claims.append(
                {
                    "figure": v.choice(cwhere, c.get("figure"), ClaimFigure, "figure"),
                    "statement": str(v.required(cwhere, c, "statement") or ""),
                    "value": value,
                    "value_max": value_max,
                    "unit": c.get("unit") or "",
                    "claimant_kind": v.choice(cwhere, c.get("claimant_kind"), ClaimantKind, "claimant kind"),
                    "claimant": str(v.required(cwhere, c, "claimant") or ""),
                    "date": date,
                    "date_precision": precision or "day",
                    "source": c.get("source"),
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
                "summary": r.get("summary") or "",
                "events": events,
                "claims": claims,
            }
        )

    for name in ("companies", "networks", "collectives", "sites"):
        slugs = [r.get("slug") for r in data[name]]
        for slug in {s for s in slugs if slugs.count(s) > 1}:
            v.add(f"{directory / (name + '.yaml')}", f"slug {slug!r} appears more than once")

    if v.problems:
        raise ReferenceDataError(v.problems)
    return clean


def _upsert(model, lookup: dict, values: dict, report: LoadReport):
    """get-or-create by `lookup`, then set `values`, saving only when something differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.count(model.__name__, "created")
        return obj
    changed = [k for k, val in values.items() if getattr(obj, k) != val]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.save(update_fields=changed)
        report.count(model.__name__, "updated")
    else:
        report.count(model.__name__, "unchanged")
    return obj


def _add_m2m(manager, objects) -> bool:
    """Add missing links only (never removes a link someone else made). True if any added."""
    existing = set(manager.values_list("pk", flat=True))
    missing = [o for o in objects if o.pk not in existing]
    if missing:
        manager.add(*missing)
    return bool(missing)


@transaction.atomic
def write(clean: dict[str, list[dict]], report: LoadReport) -> None:
    companies: dict[str, Company] = {}
    for c in clean["companies"]:
        companies[c["slug"]] = _upsert(
            Company,
            {"slug": c["slug"]},
            {k: c[k] for k in ("name", "kind", "website", "description")},
            report,
        )
    for c in clean["companies"]:
        parent = companies.get(c["parent"]) if c["parent"] else None
        company = companies[c["slug"]]
        if company.parent_id != (parent.pk if parent else None):
            company.parent = parent
            company.save(update_fields=["parent"])

    networks = {
        n["slug"]: _upsert(
            Network, {"slug": n["slug"]}, {k: n[k] for k in ("name", "scope", "description", "website")}, report
        )
        for n in clean["networks"]
    }

    sites: dict[str, Site] = {}
    for s in clean["sites"]:
        values = {
            k: s[k]
            for k in (
                "name",
                "municipality",
                "admin_area",
                "region",
                "country",
                "location_precision",
                "kind",
                "summary",
            )
        }
        values["operator"] = companies.get(s["operator"]) if s["operator"] else None
        values["developer"] = companies.get(s["developer"]) if s["developer"] else None
        site = Site.objects.filter(slug=s["slug"]).first()
        if site is not None and site.location.equals_exact(s["location"], tolerance=1e-9):
            values["location"] = site.location  # same point: do not count as a change
        else:
            values["location"] = s["location"]
        sites[s["slug"]] = _upsert(Site, {"slug": s["slug"]}, values, report)

    collectives = {}
    for c in clean["collectives"]:
        collective = _upsert(
            Collective,
            {"slug": c["slug"]},
            {k: c[k] for k in ("name", "description", "founded", "founded_precision", "website")},
            report,
        )
        collectives[c["slug"]] = collective
        for link in c["networks"]:
            _upsert(
                NetworkLink,
                {"collective": collective, "network": networks[link["network"]]},
                {"relation": link["relation"]},
                report,
            )
        for opp in c["opposes"]:
            _upsert(
                Opposition,
                {"collective": collective, "site": sites[opp["site"]]},
                {"since": opp["since"], "since_precision": opp["since_precision"]},
                report,
            )

    sources = {}
    for s in clean["sources"]:
        item = _upsert(
            PressItem,
            {"url": s["url"]},
            {k: s[k] for k in ("title", "outlet", "kind", "published", "published_precision", "language", "excerpt")},
            report,
        )
        sources[s["key"]] = item
        if _add_m2m(item.sites, [sites[slug] for slug in s["sites"]]) | _add_m2m(
            item.collectives, [collectives[slug] for slug in s["collectives"]]
        ):
            report.count("PressItem links", "updated")

    for s in clean["sites"]:
        site = sites[s["slug"]]
        for e in s["events"]:
            event = _upsert(
                Event,
                {"site": site, "date": e["date"], "title": e["title"]},
                {k: e[k] for k in ("date_precision", "kind", "status_after", "description")},
                report,
            )
            if _add_m2m(event.sources, [sources[k] for k in e["sources"]]) | _add_m2m(
                event.collectives, [collectives[k] for k in e["collectives"]]
            ):
                report.count("Event links", "updated")
        for c in s["claims"]:
            _upsert(
                Claim,
                {"site": site, "figure": c["figure"], "statement": c["statement"], "source": sources[c["source"]]},
                {
                    k: c[k]
                    for k in ("value", "value_max", "unit", "claimant_kind", "claimant", "date", "date_precision")
                },
                report,
            )


def load(directory: Path) -> LoadReport:
    clean = validate(directory, read_files(directory))
    report = LoadReport()
    # The reference data is the past record, not news: loading it mails no follower.
    with silent_publication():
        write(clean, report)
    return report
