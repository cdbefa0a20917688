"""Who may do what, decided once here and used by the forms, views, admin and API alike.

Roles: an anonymous visitor reads and may suggest corrections; a collective member adds events,
press items and claims to the sites their collective opposes and edits what their collective
added; a coordinator also invites and removes the collective's members; an editor (staff) may do
everything on every site, moderates, deletes (softly) and reverts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps

from .models import Membership, Role

if TYPE_CHECKING:
    from apps.collectives.models import Collective
    from apps.sites.models import Site


def is_editor(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def member_collectives(user, site: Site | None = None):
    """The live collectives the user acts for, optionally only those opposing `site`."""
    Collective = apps.get_model("collectives", "Collective")
    ids = Membership.objects.of(user).values("collective_id")
    qs = Collective.objects.alive().filter(pk__in=ids)
    if site is not None:
        qs = qs.filter(oppositions__site=site)
    return qs.distinct()


def contributable_sites(user):
    """The sites a user may add to: every live site for an editor, else those their collectives oppose."""
    Site = apps.get_model("sites", "Site")
    if is_editor(user):
        return Site.objects.alive()
    return Site.objects.alive().filter(oppositions__collective__in=member_collectives(user)).distinct()


def can_contribute(user, site: Site) -> bool:
    """Add an event, a press item or a claim to this site."""
    if site.deleted_at is not None:
        return is_editor(user)
    return is_editor(user) or member_collectives(user, site).exists()


def _site_of(obj) -> Site | None:
    return getattr(obj, "site", None)


def can_edit(user, obj) -> bool:
    """Edit a contributed record (event, claim, press item): editors always; members only what
    their collective added, still alive, and (for site records) on a site that collective opposes."""
    if is_editor(user):
        return True
    if getattr(obj, "deleted_at", None) is not None or not getattr(obj, "collective_id", None):
        return False
    collectives = member_collectives(user).filter(pk=obj.collective_id)
    site = _site_of(obj)
    if site is not None:
        collectives = collectives.filter(oppositions__site=site)
    return collectives.exists()


def story_collectives(user):
    """The live collectives for which the user may write stories: those they coordinate."""
    Collective = apps.get_model("collectives", "Collective")
    ids = Membership.objects.of(user).coordinators().values("collective_id")
    return Collective.objects.alive().filter(pk__in=ids)


def can_write_stories(user) -> bool:
    """Start a story: editors, and the coordinators of a collective (for the sites it opposes)."""
    return is_editor(user) or story_collectives(user).exists()


def can_edit_story(user, story) -> bool:
    """Editors every story; a coordinator the stories written for a collective they coordinate."""
    if is_editor(user):
        return True
    if story.deleted_at is not None or not story.collective_id:
        return False
    return story_collectives(user).filter(pk=story.collective_id).exists()


def story_sites(user, story):
    """The sites a story may highlight: every live site for an editor, else those the story's
    collective opposes."""
    Site = apps.get_model("sites", "Site")
    if is_editor(user):
        return Site.objects.alive()
    return Site.objects.alive().filter(oppositions__collective_id=story.collective_id).distinct()


def can_see_story(user, story) -> bool:
    """A published story is public; a draft or one waiting for moderation only to who may edit it."""
    return story.is_public or can_edit_story(user, story)


def can_moderate(user) -> bool:
    return is_editor(user)


def can_delete(user, obj=None) -> bool:
    """Deleting is a soft state (deleted_at) that only editors set and undo."""
    return is_editor(user)


def can_revert(user, obj=None) -> bool:
    return is_editor(user)


def can_mark_checked(user, site=None) -> bool:
    """Record that a site's whole record was checked against its sources: editors only."""
    return is_editor(user)


def can_manage_members(user, collective: Collective) -> bool:
    """Invite and remove members: the collective's coordinators and editors."""
    if is_editor(user):
        return True
    return Membership.objects.of(user).coordinators().filter(collective=collective).exists()


def publishes_directly(user, collective: Collective | None) -> bool:
    """Editors' and trusted collectives' members' contributions are published at once; the rest
    wait in the moderation queue."""
    return is_editor(user) or bool(collective is not None and collective.trusted)


__all__ = [
    "Role",
    "can_contribute",
    "can_delete",
    "can_edit",
    "can_manage_members",
    "can_moderate",
    "can_edit_story",
    "can_revert",
    "can_see_story",
    "can_write_stories",
    "contributable_sites",
    "is_editor",
    "member_collectives",
    "publishes_directly",
    "story_collectives",
    "story_sites",
]
