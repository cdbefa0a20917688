"""Building blocks shared by the domain models: publication state, soft deletion and the
version number used for optimistic locking."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationState(models.TextChoices):
    PUBLISHED = "published", _("published")
    PENDING = "pending", _("waiting for moderation")
    REJECTED = "rejected", _("rejected")


class PublicQuerySet(models.QuerySet):
    """`.public()` is what anonymous readers, the API, feeds and exports may see."""

    def _has(self, field: str) -> bool:
        return any(f.name == field for f in self.model._meta.concrete_fields)

    def alive(self):
        return self.filter(deleted_at__isnull=True) if self._has("deleted_at") else self

    def public(self):
        qs = self.alive()
        return qs.filter(state=PublicationState.PUBLISHED) if self._has("state") else qs


class Tracked(models.Model):
    """Soft deletion (only editors delete, and can undo) and a version number that every save
    increments; an edit made from an older version is refused instead of overwriting."""

    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class Contributed(Tracked):
    """A record a collective member may add: it is published at once or waits for an editor."""

    state = models.CharField(
        _("publication state"), max_length=10, choices=PublicationState, default=PublicationState.PUBLISHED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # The collective a member added it for: its members may edit it (apps/accounts/permissions.py).
    collective = models.ForeignKey(
        "collectives.Collective",
        verbose_name=_("added for the collective"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    moderation_note = models.TextField(
        _("moderation note"),
        blank=True,
        default="",
        db_default="",
        editable=False,
        help_text=_("Why an editor rejected it, sent to the author."),
    )

    class Meta:
        abstract = True
