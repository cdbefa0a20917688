"""Building blocks shared by the domain models: publication state, soft deletion and the
version number used for optimistic locking."""

from django.conf import settings
from django.db import models
from django.utils.encoding import force_str
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

    def _get_FIELD_display(self, field):
        """What every `get_<field>_display()` calls. Django's own rebuilds a dict of all the
        field's choices on each call, and hashing each lazy label translates it: some 50 µs for
        the 18 event kinds, once per event on a timeline. Here the labels are looked up in a dict
        kept per field, and only the label shown is translated."""
        labels = _CHOICE_LABELS.get(field)
        if labels is None:
            if not isinstance(field.choices, (list, tuple)):  # callable choices may change
                return super()._get_FIELD_display(field)
            labels = _CHOICE_LABELS[field] = dict(field.flatchoices)
        value = getattr(self, field.attname)
        return force_str(labels.get(value, value), strings_only=True)


_CHOICE_LABELS: dict[models.Field, dict] = {}


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
