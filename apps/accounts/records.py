"""Writing domain records so that nothing is lost: every save goes through here, checks the
permission rules, increments `version` race-free, records who did it in the history, deletes
softly and can revert to any earlier version. The forms, views, admin and API all call these."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.models import PublicationState

from . import permissions

# Written by the status trigger from the timeline: a person never saves or reverts them.
DERIVED_FIELDS = frozenset({"status", "status_since", "status_since_precision"})
# Bookkeeping a revert must not copy back.
NOT_REVERTED = DERIVED_FIELDS | {"id", "version", "created", "updated"}


class StaleEdit(Exception):
    """The record changed since the form was loaded; `current` holds what is stored now."""

    def __init__(self, current):
        super().__init__(f"{type(current).__name__} {current.pk} is now at version {current.version}")
        self.current = current


def _writable(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name not in DERIVED_FIELDS]


def save_versioned(obj, *, expected_version: int, user, reason: str = "") -> models.Model:
    """Save `obj` if it is still at `expected_version`, else raise StaleEdit.

    The compare-and-increment is one UPDATE ... WHERE version = %s: a concurrent save of the same
    record waits on the row lock and then finds the version moved, so one of them is refused."""
    model = type(obj)
    with transaction.atomic():
        moved = model._base_manager.filter(pk=obj.pk, version=expected_version).update(version=models.F("version") + 1)
        if not moved:
            raise StaleEdit(model._base_manager.get(pk=obj.pk))
        obj.version = expected_version + 1
        obj._history_user = user
        obj._change_reason = reason
        obj.save(update_fields=_writable(model))
    return obj


def create_contribution(obj, *, user, collective=None) -> models.Model:
    """Save a new event, claim or press item added by `user` for `collective`: published at once
    for editors and trusted collectives, else pending moderation. The caller has checked
    `can_contribute` for the site; this checks the collective is one the user acts for."""
    if collective is not None and not permissions.is_editor(user):
        if not permissions.member_collectives(user).filter(pk=collective.pk).exists():
            raise PermissionDenied
    obj.created_by = user
    obj.collective = collective
    obj.state = (
        PublicationState.PUBLISHED if permissions.publishes_directly(user, collective) else PublicationState.PENDING
    )
    obj._history_user = user
    obj.save()
    return obj


def update_contribution(obj, *, expected_version: int, user) -> models.Model:
    """Save a member's edit. An untrusted collective's edit goes back to moderation."""
    if not permissions.can_edit(user, obj):
        raise PermissionDenied
    if not permissions.publishes_directly(user, obj.collective):
        obj.state = PublicationState.PENDING
    return save_versioned(obj, expected_version=expected_version, user=user)


def create_story(story, *, user, collective=None) -> models.Model:
    """A new story, a draft until `publish_story`: written by an editor, or by a coordinator for
    a collective they coordinate."""
    if not permissions.is_editor(user):
        if collective is None or not permissions.story_collectives(user).filter(pk=collective.pk).exists():
            raise PermissionDenied
    story.created_by = user
    story.collective = collective
    story.draft = True
    story.state = PublicationState.PENDING
    story._history_user = user
    story.save()
    return story


def update_story(story, *, expected_version: int, user, reason: str = "") -> models.Model:
    """Save a story's own fields, or record that its steps changed (a new version of the story).
    A published story edited by a coordinator whose collective is not trusted waits for an
    editor again."""
    if not permissions.can_edit_story(user, story):
        raise PermissionDenied
    if not story.draft and not permissions.publishes_directly(user, story.collective):
        story.state = PublicationState.PENDING
    return save_versioned(story, expected_version=expected_version, user=user, reason=reason)


def publish_story(story, *, expected_version: int, user) -> models.Model:
    """End the draft: published at once for editors and trusted collectives, else it waits in
    the moderation queue like any contribution."""
    if not permissions.can_edit_story(user, story):
        raise PermissionDenied
    story.draft = False
    direct = permissions.publishes_directly(user, story.collective)
    story.state = PublicationState.PUBLISHED if direct else PublicationState.PENDING
    reason = _("Published") if direct else _("Submitted for moderation")
    return save_versioned(story, expected_version=expected_version, user=user, reason=reason)


def approve(obj, *, user, expected_version: int) -> models.Model:
    if not permissions.can_moderate(user):
        raise PermissionDenied
    with transaction.atomic():
        obj.state = PublicationState.PUBLISHED
        obj.moderation_note = ""
        save_versioned(obj, expected_version=expected_version, user=user, reason=_("Approved"))
        # The new sources typed with an event or a claim were queued with it: they are approved
        # together, so a published fact never points at a hidden source.
        for source in _pending_sources(obj):
            source.state = PublicationState.PUBLISHED
            save_versioned(source, expected_version=source.version, user=user, reason=_("Approved"))
    return obj


def _pending_sources(obj) -> list:
    if hasattr(obj, "sources"):
        return list(obj.sources.filter(state=PublicationState.PENDING, deleted_at__isnull=True))
    source = getattr(obj, "source", None)
    if source is not None and source.state == PublicationState.PENDING and source.deleted_at is None:
        return [source]
    return []


def reject(obj, *, user, expected_version: int, reason: str) -> models.Model:
    if not permissions.can_moderate(user):
        raise PermissionDenied
    obj.state = PublicationState.REJECTED
    obj.moderation_note = reason
    return save_versioned(obj, expected_version=expected_version, user=user, reason=_("Rejected"))


def soft_delete(obj, *, user, expected_version: int | None = None) -> models.Model:
    if not permissions.can_delete(user, obj):
        raise PermissionDenied
    obj.deleted_at = timezone.now()
    version = obj.version if expected_version is None else expected_version
    return save_versioned(obj, expected_version=version, user=user, reason=_("Deleted"))


def undelete(obj, *, user, expected_version: int | None = None) -> models.Model:
    if not permissions.can_delete(user, obj):
        raise PermissionDenied
    obj.deleted_at = None
    version = obj.version if expected_version is None else expected_version
    return save_versioned(obj, expected_version=version, user=user, reason=_("Restored"))


def mark_checked(site, *, user, expected_version: int) -> models.Model:
    """An editor has checked the site's whole record against its sources: when and who are
    saved as a new version of the site, so the history shows each check."""
    if not permissions.can_mark_checked(user, site):
        raise PermissionDenied
    site.checked_at = timezone.now()
    site.checked_by = user
    return save_versioned(site, expected_version=expected_version, user=user, reason=_("Record fully checked"))


def accept_page_title(item, *, user) -> bool:
    """An editor confirms the title the link checker read on a source's page: it becomes the
    source's title, marked checked, as a new version. False when there is none to accept."""
    if not permissions.is_editor(user):
        raise PermissionDenied
    if not item.page_title:
        return False
    item.title, item.title_checked = item.page_title, True
    save_versioned(item, expected_version=item.version, user=user, reason=_("Title checked against the page"))
    return True


def revert(record, *, user) -> models.Model:
    """Bring the record back to the values of the historical version `record` (a row of its
    django-simple-history table), as a new version, so the revert itself stays in the history."""
    if not permissions.can_revert(user):
        raise PermissionDenied
    model = record.instance_type
    with transaction.atomic():
        obj = model._base_manager.get(pk=record.id)
        for field in model._meta.concrete_fields:
            # Fields the history does not keep (a link checker's findings) stay as they are.
            if field.name in NOT_REVERTED or not hasattr(record, field.attname):
                continue
            setattr(obj, field.attname, getattr(record, field.attname))
        reason = _("Reverted to version %(v)s") % {"v": record.version}
        save_versioned(obj, expected_version=obj.version, user=user, reason=reason)
        for field, ids in historical_m2m(record).items():
            getattr(obj, field.name).set(ids)
    return obj


def historical_m2m(record) -> dict:
    """The many-to-many links (an event's sources...) as they were in a historical version."""
    from simple_history.utils import get_m2m_reverse_field_name

    links = {}
    for field in getattr(record, "_history_m2m_fields", ()):
        target = get_m2m_reverse_field_name(field)
        links[field] = set(getattr(record, field.name).values_list(f"{target}_id", flat=True))
    return links
