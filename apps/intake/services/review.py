"""One-click decisions on intake suggestions."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from apps.accounts import permissions as roles
from apps.accounts import records
from apps.press.models import PressItem

from ..models import IntakeItem, ItemState, SiteSuggestion, SuggestionState


def acting_collective(user, site):
    """The collective a member acts for on this site (None for editors)."""
    if roles.is_editor(user):
        return None
    return roles.member_collectives(user, site).order_by("-trusted", "name").first()


@transaction.atomic
def confirm_suggestion(suggestion: SiteSuggestion, user) -> PressItem:
    """The article is about the site: it becomes (or already is) a source, linked to the site."""
    suggestion = SiteSuggestion.objects.select_for_update().select_related("item").get(pk=suggestion.pk)
    item = suggestion.item
    press = item.press_item or PressItem.objects.filter(url=item.url).first()
    if press is None:
        press = PressItem(
            url=item.url,
            title=item.title or item.url[:400],
            outlet=item.outlet,
            published=item.published,
            language=item.language,
            excerpt=item.excerpt,
        )
        # Like any contribution: published at once by editors and trusted collectives, else it
        # waits in the moderation queue (apps/accounts/records.py).
        records.create_contribution(press, user=user, collective=acting_collective(user, suggestion.site))
    press.sites.add(suggestion.site_id)
    suggestion.state, suggestion.decided_by, suggestion.decided_at = SuggestionState.CONFIRMED, user, timezone.now()
    suggestion.save(update_fields=["state", "decided_by", "decided_at"])
    if item.state != ItemState.ACCEPTED or item.press_item_id != press.pk:
        item.state, item.press_item = ItemState.ACCEPTED, press
        item.save(update_fields=["state", "press_item"])
    return press


@transaction.atomic
def reject_suggestion(suggestion: SiteSuggestion, user) -> None:
    SiteSuggestion.objects.filter(pk=suggestion.pk, state=SuggestionState.PROPOSED).update(
        state=SuggestionState.REJECTED, decided_by=user, decided_at=timezone.now()
    )


@transaction.atomic
def dismiss_item(item: IntakeItem, user, sites=None) -> None:
    """Not relevant: its suggestions are rejected (only those for `sites` when given: a member
    speaks for their collectives' sites), and the item leaves the queue once none is left."""
    proposed = item.suggestions.filter(state=SuggestionState.PROPOSED)
    if sites is not None:
        proposed = proposed.filter(site__in=sites)
    proposed.update(state=SuggestionState.REJECTED, decided_by=user, decided_at=timezone.now())
    if not item.suggestions.filter(state=SuggestionState.PROPOSED).exists():
        IntakeItem.objects.filter(pk=item.pk, state=ItemState.NEW).update(state=ItemState.DISMISSED)
