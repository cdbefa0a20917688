"""The public change log of a site: the site record, its events and claims, as versioned by
django-simple-history. Shows who (display name only), when, and each field's old and new value.
Versions that were never public (waiting for moderation, rejected) are left out; a diff is taken
against the previous public version of the same record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from apps.accounts import records
from apps.core.dates import format_fuzzy_date
from apps.core.models import PublicationState
from apps.core.translation import text_in
from apps.press.models import PressItem
from apps.sites.models import Claim, Event, Site

SAME_EDIT = dt.timedelta(seconds=5)
# Bookkeeping or private fields never shown on the public page.
HIDDEN_FIELDS = {"id", "version", "created", "updated", "created_by", "moderation_note", "state", "date_precision"}
HIDDEN_FIELDS |= {"published_precision", "founded_precision", "location", "site"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    record: Model  # the historical row
    kind: str
    title: str
    action: str
    who: str
    changes: list[Change] = field(default_factory=list)

    @property
    def when(self):
        return self.record.history_date

    @property
    def model_name(self) -> str:
        return self.record.instance_type._meta.model_name


def _display(model, name: str, value, record) -> str:
    if value is None or value == "":
        return "–"
    f = model._meta.get_field(name)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if f.is_relation:
        related = f.related_model._base_manager.filter(pk=value).first()
        return str(related) if related else "–"
    if name == "date":
        return format_fuzzy_date(value, getattr(record, "date_precision", None))
    if name == "deleted_at":
        return _("deleted")
    return str(value)


def _visible(record) -> bool:
    state = getattr(record, "state", None)
    return state is None or state == PublicationState.PUBLISHED


def _action(record, previous) -> str:
    if record.history_type == "-":
        return str(_("removed"))
    if previous is None:
        return str(_("added"))
    if record.deleted_at and not previous.deleted_at:
        return str(_("deleted"))
    if previous.deleted_at and not record.deleted_at:
        return str(_("restored"))
    return str(_("changed"))


def _changes(model, record, previous) -> list[Change]:
    out = []
    names = [f.name for f in model._meta.concrete_fields if f.name not in HIDDEN_FIELDS]
    for name in names:
        if not hasattr(record, model._meta.get_field(name).attname):
            continue
        attname = model._meta.get_field(name).attname
        new = getattr(record, attname)
        old = getattr(previous, attname) if previous is not None else None
        if previous is not None and old == new:
            continue
        if previous is None and new in (None, ""):
            continue
        if name == "date" and previous is not None and old == new:
            continue
        out.append(
            Change(
                label=str(model._meta.get_field(name).verbose_name),
                old=_display(model, name, old, previous) if previous is not None else "",
                new=_display(model, name, new, record),
            )
        )
    return out


def _m2m_changes(record, previous) -> list[Change]:
    out = []
    before = records.historical_m2m(previous) if previous is not None else {}
    for m2m, ids in records.historical_m2m(record).items():
        old = before.get(m2m, set())
        if ids == old:
            continue
        names = {o.pk: str(o) for o in m2m.related_model._base_manager.filter(pk__in=ids | old)}
        out.append(
            Change(
                label=str(m2m.verbose_name),
                old="; ".join(sorted(names[i] for i in old if i in names)) if previous is not None else "",
                new="; ".join(sorted(names[i] for i in ids if i in names)) or "–",
            )
        )
    return out


def _title(record) -> str:
    model = record.instance_type
    if model is Site:
        return str(_("Site record"))
    if model is Event:
        return f"{_('Event')}: {text_in(record, 'title')}"
    if model is PressItem:
        return f"{_('Press item')}: {record.title}"
    return f"{_('Claim')}: {text_in(record, 'statement')}"


def site_history(site: Site) -> list[Entry]:
    """Every public version of the site, its events and claims, newest first."""
    querysets = [
        (Site, Site.history.filter(id=site.pk)),
        (Event, Event.history.filter(site_id=site.pk)),
        (Claim, Claim.history.filter(site_id=site.pk)),
        (PressItem, PressItem.history.filter(id__in=site.press_items.values("id"))),
    ]
    entries: list[Entry] = []
    for model, qs in querysets:
        last_visible: dict[int, Model] = {}
        last_entry: dict[int, Entry] = {}
        for record in qs.select_related("history_user").order_by("history_date", "history_id"):
            if not _visible(record):
                continue
            previous = last_visible.get(record.id)
            changes = _changes(model, record, previous) + _m2m_changes(record, previous)
            last_visible[record.id] = record
            if previous is not None and not changes and record.history_type != "-":
                continue
            same_edit = last_entry.get(record.id)
            if (
                same_edit is not None
                and same_edit.record.history_user_id == record.history_user_id
                and record.history_date - same_edit.when < SAME_EDIT
                and record.history_type == "~"
            ):
                # A form saves the record, then its links (sources): one edit, shown once.
                same_edit.changes += changes
                continue
            user = record.history_user
            entries.append(
                Entry(
                    record=record,
                    kind=str(model._meta.verbose_name),
                    title=_title(record),
                    action=_action(record, previous),
                    who=user.public_name if user else str(_("Hubwatch")),
                    changes=changes,
                )
            )
            last_entry[record.id] = entries[-1]
    entries.sort(key=lambda e: (e.when, e.record.history_id), reverse=True)
    return entries
