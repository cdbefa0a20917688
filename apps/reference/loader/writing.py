"""Writing validated reference records: upserts by natural key, never a delete."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from apps.collectives.models import Collective, Network, NetworkLink, Opposition
from apps.companies.models import Company
from apps.core.translation import columns
from apps.press.models import PressItem
from apps.sites.models import Claim, Event, Site

from .stories import write_stories


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
            {k: c[k] for k in ("name", "kind", "website", "text_language", *columns("description"))},
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
            Network,
            {"slug": n["slug"]},
            {k: n[k] for k in ("name", "scope", "website", "text_language", *columns("description"))},
            report,
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
                "text_language",
                *columns("summary"),
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
            {
                k: c[k]
                for k in ("name", "founded", "founded_precision", "website", "text_language", *columns("description"))
            },
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
        fields = ("outlet", "kind", "published", "published_precision", "language", "excerpt", "authors")
        fields += ("title_checked", "archived_url")
        # A source without an address is known by its title.
        lookup = {"url": s["url"]} if s["url"] else {"url": None, "title": s["title"]}
        values = {k: s[k] for k in fields}
        if s["url"]:
            values["title"] = s["title"]
        item = _upsert(PressItem, lookup, values, report)
        sources[s["key"]] = item
        if _add_m2m(item.sites, [sites[slug] for slug in s["sites"]]) | _add_m2m(
            item.collectives, [collectives[slug] for slug in s["collectives"]]
        ):
            report.count("PressItem links", "updated")

    # The sources each description cites.
    for name, records in (("companies", companies), ("networks", networks), ("collectives", collectives)):
        for c in clean[name]:
            if _add_m2m(records[c["slug"]].description_sources, [sources[k] for k in c["sources"]]):
                report.count("Description sources", "updated")

    for s in clean["sources"]:
        item, related = sources[s["key"]], sources.get(s["related"])
        if item.related_id != (related.pk if related else item.related_id):
            item.related = related
            item.save(update_fields=["related"])
            report.count("PressItem", "updated")

    for s in clean["sites"]:
        site = sites[s["slug"]]
        attributions = {
            "operator_certainty": s["operator_certainty"],
            "developer_certainty": s["developer_certainty"],
            "operator_source": sources.get(s["operator_source"]),
            "developer_source": sources.get(s["developer_source"]),
        }
        changed = [k for k, value in attributions.items() if getattr(site, k) != value]
        if changed:  # the sources exist only now: a second, small save
            for k in changed:
                setattr(site, k, attributions[k])
            site.save(update_fields=changed)
            report.count("Site attributions", "updated")
        for e in s["events"]:
            event = _upsert(
                Event,
                # Known by its English title (every reference event has one).
                {"site": site, "date": e["date"], "title_en": e["title_en"]},
                {
                    k: e[k]
                    for k in (
                        "date_precision",
                        "kind",
                        "status_after",
                        "text_language",
                        "title_fr",
                        *columns("description"),
                    )
                },
                report,
            )
            if _add_m2m(event.sources, [sources[k] for k in e["sources"]]) | _add_m2m(
                event.collectives, [collectives[k] for k in e["collectives"]]
            ):
                report.count("Event links", "updated")
        for c in s["claims"]:
            _upsert(
                Claim,
                {
                    "site": site,
                    "figure": c["figure"],
                    "statement_en": c["statement_en"],
                    "source": sources[c["source"]],
                },
                {
                    **{
                        k: c[k]
                        for k in (
                            *("value", "value_max", "unit", "claimant_kind", "claimant", "date", "date_precision"),
                            *("text_language", "statement_fr", "certainty"),
                        )
                    },
                    "certainty_source": sources.get(c["certainty_source"]),
                },
                report,
            )

    write_stories(clean.get("stories") or [], sites, _upsert, _add_m2m, report)
