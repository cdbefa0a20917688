"""A site's public record as it stood at the end of a day, from the history django-simple-history
keeps (`/sites/<slug>/as-of/<YYYY-MM-DD>/`, the versioned permalink a citation names).

The site's fields are those of its last saved version by the end of that day. Its timeline holds
the events that were public by then (each as it read then) and, since the record also grows
backwards (a contributor adds in 2026 what happened in 2019), the public events recorded later
that are dated by that day, as first recorded. The status is the one that timeline gives on that
day, as the database's trigger derives it: the latest status change dated by then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from apps.core.dates import format_fuzzy_date
from apps.core.models import PublicationState
from apps.press.models import PressItem
from apps.sites.models import Claim, Event, Site
from apps.sites.models.event import public_or_none


@dataclass
class PastRecord:
    day: dt.date
    site: object  # the historical Site row (its fields, and its operator/developer as today)
    events: list = field(default_factory=list)  # historical Event rows, chronological
    claims: list = field(default_factory=list)  # historical Claim rows, by figure then date
    status: str | None = None
    status_since: dt.date | None = None
    status_since_precision: str | None = None
    recorded_later: bool = False  # the site was first recorded after that day

    @property
    def status_since_display(self) -> str:
        return format_fuzzy_date(self.status_since, self.status_since_precision)


def end_of(day: dt.date) -> dt.datetime:
    """The first instant after `day`, in the project's time zone."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def _is_public(row) -> bool:
    return (
        row.history_type != "-"
        and row.deleted_at is None
        and getattr(row, "state", None)
        in (
            None,
            PublicationState.PUBLISHED,
        )
    )


def _public_rows_as_of(history, day: dt.date, until: dt.datetime) -> list:
    """Public historical rows as they read at `until`, and those recorded later but dated by
    `day`, as first recorded (a fact found afterwards still belongs to that day)."""
    history = list(history.order_by("history_date", "history_id"))
    then = {row.id: row for row in history if row.history_date < until}  # the latest of each
    first = {}
    for row in history:
        first.setdefault(row.id, row)
    rows = [row for row in then.values() if _is_public(row)]
    rows += [
        row
        for row_id, row in first.items()
        if row_id not in then and _is_public(row) and row.date is not None and row.date <= day
    ]
    return rows


def record_as_of(site: Site, day: dt.date) -> PastRecord | None:
    """The site's public record at the end of `day`; None when it was not public then (deleted
    then, or never public)."""
    until = end_of(day)
    versions = Site.history.filter(id=site.pk).order_by("history_date", "history_id")
    past = versions.filter(history_date__lt=until).last()
    recorded_later = past is None
    if recorded_later:
        past = versions.first()
    if past is None or not _is_public(past):
        return None

    events = _public_rows_as_of(Event.history.filter(site_id=site.pk), day, until)
    events.sort(key=lambda row: (row.date, row.id))

    # Each event's sources: the public press items it cites today (an event's facts keep their
    # sources; a source retracted since is not shown).
    links = (
        Event.sources.through.objects.filter(event_id__in=[row.id for row in events])
        .filter(pressitem__in=PressItem.objects.public())
        .select_related("pressitem")
        .order_by("pressitem__published", "pressitem__id")
    )
    sources: dict[int, list] = {}
    for link in links:
        sources.setdefault(link.event_id, []).append(link.pressitem)
    for row in events:
        row.public_sources = sources.get(row.id, [])

    record = PastRecord(
        day=day, site=past, events=events, claims=_claims_as_of(site, day, until), recorded_later=recorded_later
    )
    changes = [row for row in events if row.status_after and row.date <= day]
    if changes:
        last = changes[-1]
        record.status, record.status_since, record.status_since_precision = (
            last.status_after,
            last.date,
            last.date_precision,
        )
    return record


def _claims_as_of(site: Site, day: dt.date, until: dt.datetime) -> list:
    """The site's claims as they read at the end of `day` (their certainty then included), and
    those recorded later that are dated by then, as first recorded; each with a public source."""
    claims = _public_rows_as_of(Claim.history.filter(site_id=site.pk), day, until)
    public = {item.pk: item for item in PressItem.objects.public().filter(
        pk__in={row.source_id for row in claims} | {row.certainty_source_id for row in claims}
    )}  # fmt: skip
    shown = []
    for row in claims:
        if row.source_id not in public:
            continue
        row.source = public[row.source_id]
        row.public_certainty_source = public_or_none(public.get(row.certainty_source_id))
        shown.append(row)
    # As the site page orders them (figure, then date with the undated last).
    shown.sort(key=lambda row: (row.figure, row.date is None, row.date or dt.date.min, row.id))
    return shown
