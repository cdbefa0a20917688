"""The reference stories (fixtures/reference/stories.yaml), made only from the record: each step
cites timeline events (by site, date and English title) and states the status its text gives
each highlighted site; the loader refuses a step whose stated status is not the one the site's
timeline gives on the step's date, or which cites an event from after that date."""

from __future__ import annotations

from pathlib import Path

from django.contrib.gis.geos import Point

from apps.sites.filters import InvalidFilter, SiteFilterSet
from apps.stories.models import STEP_FILTERS, Story, StoryStep


def status_on(site: dict, day) -> str | None:
    """The status a (cleaned) site's timeline gives on `day`: its latest status event up to
    then, the later one in the file on the same day (as the status trigger's latest id)."""
    status = None
    for event in sorted(
        (e for e in site["events"] if e["status_after"] and e["date"] and e["date"] <= day),
        key=lambda e: e["date"],
    ):
        status = event["status_after"]
    return status


def validate_stories(v, directory: Path, records: list[dict], sites: list[dict]) -> list[dict]:
    by_slug = {s["slug"]: s for s in sites}
    clean = []
    slugs = set()
    for i, r in enumerate(records):
        where = f"{directory / 'stories.yaml'}: story {r.get('slug') or f'#{i + 1}'!r}"
        slug = v.required(where, r, "slug")
        if slug in slugs:
            v.add(where, "slug appears more than once")
        slugs.add(slug)
        steps = []
        for j, st in enumerate(r.get("steps") or []):
            swhere = f"{where}, step {j + 1}"
            day, precision = v.date(swhere, st.get("date"))
            if day is None:
                v.add(swhere, "missing or bad 'date'")
            texts = v.texts(
                swhere,
                {**st, "text_language": r.get("text_language", "en")},
                ("title", "text"),
                required=("title", "text"),
            )
            texts.pop("text_language")
            view = st.get("view") or {}
            fit = bool(st.get("fit_sites"))
            if not fit and not all(k in view for k in ("lat", "lon", "zoom")):
                v.add(swhere, "give a view {lat, lon, zoom} or fit_sites: true")
            filters = {k: str(val) for k, val in (st.get("filters") or {}).items()}
            unknown = set(filters) - set(STEP_FILTERS)
            if unknown:
                v.add(swhere, f"unknown filters {', '.join(sorted(unknown))}")
            try:
                SiteFilterSet(filters).cleaned  # noqa: B018 - validates
            except InvalidFilter as exc:
                v.add(swhere, f"filters: {exc}")
            site_slugs = st.get("sites") or []
            for s in site_slugs:
                if s not in by_slug:
                    v.add(swhere, f"unknown site {s!r}")
            stated = st.get("statuses") or {}
            for s, status in stated.items():
                if s not in site_slugs:
                    v.add(swhere, f"a status is stated for {s!r}, which the step does not highlight")
                elif s in by_slug and day is not None and status_on(by_slug[s], day) != status:
                    v.add(
                        swhere,
                        f"states {s!r} is {status!r} on {day}, but its timeline gives {status_on(by_slug[s], day)!r}",
                    )
            events = []
            for e in st.get("events") or []:
                site = by_slug.get(e.get("site"))
                edate, _precision = v.date(swhere, e.get("date"), "event date")
                match = None
                if site is not None:
                    match = next(
                        (x for x in site["events"] if x["date"] == edate and x["title_en"] == e.get("title_en")), None
                    )
                if match is None:
                    v.add(swhere, f"cites no known event: {e!r}")
                    continue
                if day is not None and edate > day:
                    v.add(swhere, f"cites an event of {edate}, after the step's date")
                events.append({"site": e["site"], "date": edate, "title_en": e["title_en"]})
            steps.append(
                {
                    "position": j + 1,
                    "date": day,
                    "date_precision": precision or "day",
                    **texts,
                    "centre": Point(float(view["lon"]), float(view["lat"]), srid=4326)
                    if "lon" in view and "lat" in view
                    else None,
                    "zoom": int(view["zoom"]) if "zoom" in view else None,
                    "fit_sites": fit,
                    "filters": filters,
                    "sites": site_slugs,
                    "events": events,
                }
            )
        if not steps:
            v.add(where, "a story needs at least one step")
        clean.append(
            {
                "slug": slug,
                **v.texts(where, r, ("title", "summary"), required=("title",)),
                "steps": steps,
            }
        )
    return clean


def write_stories(stories: list[dict], sites: dict, upsert, add_m2m, report) -> None:
    for r in stories:
        story = upsert(
            Story,
            {"slug": r["slug"]},
            {
                "text_language": r["text_language"],
                "title_en": r["title_en"],
                "title_fr": r["title_fr"],
                "summary_en": r["summary_en"],
                "summary_fr": r["summary_fr"],
                "draft": False,
                "state": "published",
            },
            report,
        )
        for st in r["steps"]:
            values = {k: st[k] for k in ("date", "date_precision", "title_en", "title_fr", "text_en", "text_fr")}
            values.update(zoom=st["zoom"], fit_sites=st["fit_sites"], filters=st["filters"])
            existing = StoryStep.objects.filter(story=story, position=st["position"]).first()
            same_point = existing is not None and (
                (existing.centre is None and st["centre"] is None)
                or (
                    existing.centre is not None
                    and st["centre"] is not None
                    and existing.centre.equals_exact(st["centre"], tolerance=1e-9)
                )
            )
            values["centre"] = existing.centre if same_point else st["centre"]
            step = upsert(StoryStep, {"story": story, "position": st["position"]}, values, report)
            linked = add_m2m(step.sites, [sites[s] for s in st["sites"]])
            cited = [sites[e["site"]].events.get(date=e["date"], title_en=e["title_en"]) for e in st["events"]]
            if linked | add_m2m(step.events, cited):
                report.count("StoryStep links", "updated")
