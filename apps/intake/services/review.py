"""One-click decisions on intake suggestions."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from apps.press.models import PressItem

from ..models import IntakeItem, ItemState, SiteSuggestion, SuggestionState


@transaction.atomic
def confirm_suggestion(suggestion: SiteSuggestion, user) -> PressItem:
    """The article is about the site: it becomes (or already is) a source, linked to the site."""
    suggestion = SiteSuggestion.objects.select_for_update().select_related("item").get(pk=suggestion.pk)
    item = suggestion.item
    press = item.press_item or PressItem.objects.filter(url=item.url).first()
    if press is None:
        press = PressItem.objects.create(
            url=item.url,
            title=item.title or item.url[:400],
            outlet=item.outlet,
            published=item.published,
            language=item.language,
            excerpt=item.excerpt,
            created_by=user,
        )
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
def dismiss_item(item: IntakeItem, user) -> None:
    """Not relevant: the item leaves the queue and its suggestions are rejected."""
    IntakeItem.objects.filter(pk=item.pk, state=ItemState.NEW).update(state=ItemState.DISMISSED)
    item.suggestions.filter(state=SuggestionState.PROPOSED).update(
        state=SuggestionState.REJECTED, decided_by=user, decided_at=timezone.now()
    )
