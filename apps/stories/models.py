"""Stories: guided replays of a conflict on the map. A story is an ordered list of steps; each
step is a view of the sourced record at a real date (the map's centre and zoom or the sites to
fit, optional filters of the one filter vocabulary, the sites it highlights and the timeline
events it cites). Written by editors, and by coordinators for the sites their collective
opposes (moderated like every contribution: apps/accounts/permissions.py, records.py)."""

from __future__ import annotations

from django.contrib.gis.db import models as gis
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.dates import DatePrecision, format_fuzzy_date, precision_condition, precision_is_consistent
from apps.core.models import Contributed, PublicationState, PublicQuerySet
from apps.core.translation import Bilingual, TranslatedText

# The filters a step may set: the map's own (static/js/atlas/state.js reads the same names).
STEP_FILTERS = ("status", "kind", "country", "operator", "operator_certainty", "collective", "q")


class StoryQuerySet(PublicQuerySet):
    def public(self):
        """Published, not deleted, and no longer a draft."""
        return super().public().filter(draft=False)

    def featuring(self, site):
        return self.filter(steps__sites=site).distinct()

    def pending(self):
        """Submitted and waiting for an editor (a draft is not submitted yet)."""
        return self.alive().filter(draft=False, state=PublicationState.PENDING)


class Story(Bilingual, Contributed):
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    title = TranslatedText(models.CharField(_("title"), max_length=200))
    summary = TranslatedText(
        models.TextField(_("introduction"), blank=True, help_text=_("One or two sentences shown before the steps."))
    )
    # A story being written is a draft: only its authors and the editors see it. Publishing it
    # ends the draft; it is then published at once or waits for an editor.
    draft = models.BooleanField(_("draft"), default=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    TRANSLATED = ("title", "summary")

    objects = StoryQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta(Contributed.Meta):
        ordering = ["-created", "id"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=PublicationState.values), name="story_state_valid"),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("stories:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.deleted_at is None and not self.draft and self.state == PublicationState.PUBLISHED


class StoryStep(models.Model):
    story = models.ForeignKey(Story, verbose_name=_("story"), on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    title = TranslatedText(models.CharField(_("title"), max_length=200))
    text = TranslatedText(models.TextField(_("text")))
    date = models.DateField(_("date on the time slider"), help_text=_("For a month or a year, the first day of it."))
    date_precision = models.CharField(
        _("precision of the date"), max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    centre = gis.PointField(_("centre of the map"), srid=4326, null=True, blank=True)
    zoom = models.PositiveSmallIntegerField(_("zoom"), null=True, blank=True)
    fit_sites = models.BooleanField(
        _("fit the highlighted sites"), default=False, help_text=_("Frame the highlighted sites instead of a centre.")
    )
    filters = models.JSONField(
        _("filters"), default=dict, blank=True, help_text=_("The map's filters for this step, by name.")
    )
    sites = models.ManyToManyField(
        "sites.Site", verbose_name=_("highlighted sites"), related_name="story_steps", blank=True
    )
    events = models.ManyToManyField(
        "sites.Event", verbose_name=_("cited events"), related_name="story_steps", blank=True
    )

    TRANSLATED = ("title", "text")

    history = HistoricalRecords(m2m_fields=[sites, events])

    class Meta:
        ordering = ["story", "position"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "position"], name="story_step_position_unique", deferrable=models.Deferrable.DEFERRED
            ),
            models.CheckConstraint(
                condition=precision_condition("date", "date_precision"), name="story_step_date_precision"
            ),
            models.CheckConstraint(
                condition=Q(fit_sites=True) | Q(centre__isnull=False, zoom__isnull=False), name="story_step_has_view"
            ),
            models.CheckConstraint(condition=Q(zoom__isnull=True) | Q(zoom__lte=18), name="story_step_zoom_range"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    # The step's texts are in its story's original language.
    @property
    def text_language(self) -> str:
        return self.story.text_language

    @property
    def date_display(self) -> str:
        return format_fuzzy_date(self.date, self.date_precision)

    def clean(self):
        errors = {}
        if not precision_is_consistent(self.date, self.date_precision):
            errors["date"] = _("A date known to the month or year must be the first day of that period.")
        if not self.fit_sites and (self.centre is None or self.zoom is None):
            errors["zoom"] = _("Give the map's centre and zoom, or fit the highlighted sites.")
        unknown = set(self.filters or {}) - set(STEP_FILTERS)
        if unknown:
            errors["filters"] = _("Unknown filters: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        if errors:
            raise ValidationError(errors)

    def filter_query(self) -> QueryDict:
        """The filters as the map's query string (status=a,b&operator=amazon)."""
        query = QueryDict(mutable=True)
        for name, value in (self.filters or {}).items():
            if isinstance(value, list):
                value = ",".join(value)
            if value:
                query[name] = value
        return query
