"""Press intake: registered feeds, the items found in them or added by URL, and the site
suggestions a member confirms. An item becomes a PressItem (a citable source) only when a
person confirms it: intake never publishes by itself."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.press.models import http_url_validator


class FeedQuerySet(models.QuerySet):
    def due(self, now: dt.datetime | None = None):
        now = now or timezone.now()
        return self.filter(active=True).filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))


class Feed(models.Model):
    """An RSS or Atom feed polled on a schedule (a local paper, a collective's blog)."""

    url = models.URLField(_("feed address"), max_length=600, unique=True, validators=[http_url_validator])
    title = models.CharField(_("title"), max_length=200, blank=True)
    outlet = models.CharField(
        _("outlet"),
        max_length=200,
        blank=True,
        help_text=_("Shown as the outlet of its articles; the feed title if empty."),
    )
    language = models.CharField(_("language"), max_length=8, blank=True, help_text=_("ISO 639-1 code, e.g. fr"))
    collective = models.ForeignKey(
        "collectives.Collective",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("When the feed is a collective's own publication."),
    )
    active = models.BooleanField(_("active"), default=True)
    interval_minutes = models.PositiveIntegerField(_("poll every (minutes)"), default=60)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    # Polling state, shown in the admin.
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True, editable=False)
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True, editable=False)
    error_count = models.PositiveIntegerField(_("failures in a row"), default=0, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    etag = models.CharField(max_length=300, blank=True, editable=False)
    modified = models.CharField(max_length=100, blank=True, editable=False)
    items_found = models.PositiveIntegerField(_("items found"), default=0, editable=False)

    objects = FeedQuerySet.as_manager()

    class Meta:
        ordering = ["title", "url"]
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")
        constraints = [models.CheckConstraint(condition=Q(url__regex=r"^https?://"), name="feed_url_http")]

    def __str__(self) -> str:
        return self.title or self.url

    @property
    def outlet_name(self) -> str:
        return self.outlet or self.title


class ItemOrigin(models.TextChoices):
    FEED = "feed", _("feed")
    URL = "url", _("added by URL")


class FetchState(models.TextChoices):
    NONE = "", _("nothing to fetch")
    PENDING = "pending", _("being fetched")
    DONE = "done", _("fetched")
    FAILED = "failed", _("could not be fetched")


class ItemState(models.TextChoices):
    NEW = "new", _("to review")
    ACCEPTED = "accepted", _("saved as a source")
    DISMISSED = "dismissed", _("dismissed")


class IntakeItemQuerySet(models.QuerySet):
    def to_review(self):
        return self.filter(state=ItemState.NEW)

    def with_suggestions(self):
        return self.filter(suggestions__state=SuggestionState.PROPOSED).distinct()


class IntakeItem(models.Model):
    """One article found by intake, deduplicated by its canonical URL."""

    canonical_url = models.CharField(_("canonical address"), max_length=600, unique=True)
    url = models.URLField(_("address"), max_length=600, validators=[http_url_validator])
    origin = models.CharField(_("origin"), max_length=4, choices=ItemOrigin)
    feed = models.ForeignKey(Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="items")
    title = models.CharField(_("title"), max_length=400, blank=True)
    outlet = models.CharField(_("outlet"), max_length=200, blank=True)
    published = models.DateField(_("publication date"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    excerpt = models.TextField(_("excerpt"), blank=True, help_text=_("Plain text, sanitized."))
    state = models.CharField(_("state"), max_length=10, choices=ItemState, default=ItemState.NEW)
    press_item = models.ForeignKey(
        "press.PressItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "Add by URL": the fetch runs in a task; the member reviews the result.
    fetch_state = models.CharField(_("fetch"), max_length=8, choices=FetchState, default=FetchState.NONE, blank=True)
    fetch_error = models.TextField(_("fetch error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("found"), default=timezone.now)

    objects = IntakeItemQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("intake item")
        verbose_name_plural = _("intake items")
        constraints = [
            models.CheckConstraint(condition=Q(url__regex=r"^https?://"), name="intakeitem_url_http"),
            models.CheckConstraint(condition=Q(state__in=ItemState.values), name="intakeitem_state_valid"),
        ]
        indexes = [models.Index(fields=["state", "-created"], name="intakeitem_review_idx")]
        permissions = [("review_intakeitem", _("Can confirm or dismiss press intake suggestions"))]

    def __str__(self) -> str:
        return self.title or self.url


class SuggestionState(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class SiteSuggestion(models.Model):
    """ "This article seems to be about this site", found by matching names and municipalities."""

    item = models.ForeignKey(IntakeItem, on_delete=models.CASCADE, related_name="suggestions")
    site = models.ForeignKey("sites.Site", on_delete=models.CASCADE, related_name="+")
    matched = models.CharField(_("matched words"), max_length=300)
    state = models.CharField(_("state"), max_length=10, choices=SuggestionState, default=SuggestionState.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item", "site"]
        verbose_name = _("site suggestion")
        verbose_name_plural = _("site suggestions")
        constraints = [
            models.UniqueConstraint(fields=["item", "site"], name="sitesuggestion_unique"),
            models.CheckConstraint(condition=Q(state__in=SuggestionState.values), name="sitesuggestion_state_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.item} → {self.site}"
