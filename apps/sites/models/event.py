from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.dates import DatePrecision, format_fuzzy_date, precision_condition, precision_is_consistent
from apps.core.models import Contributed, PublicationState, PublicQuerySet
from apps.core.translation import Bilingual, TranslatedText

from .vocabulary import Certainty, ClaimantKind, ClaimFigure, EventKind, Status


class EventQuerySet(PublicQuerySet):
    def chronological(self):
        return self.order_by("date", "id")

    def newest_first(self):
        return self.order_by("-date", "-id")

    def status_changes(self):
        return self.filter(status_after__isnull=False)


class Event(Bilingual, Contributed):
    """One dated fact on a site's timeline. An event with `status_after` moves the site to that
    status; the site's current status is the one of its latest such event (ties: latest id)."""

    site = models.ForeignKey("sites.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="events")
    date = models.DateField(_("date"), help_text=_("For a month or a year, the first day of it."))
    date_precision = models.CharField(
        _("precision of the date"), max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    kind = models.CharField(_("kind"), max_length=32, choices=EventKind)
    # NULL, not "", means "no change": the partial index and the status trigger rely on it.
    status_after = models.CharField(  # noqa: DJ001
        _("status after the event"),
        max_length=32,
        choices=Status,
        null=True,
        blank=True,
        help_text=_("Only when this event changes the status of the site."),
    )
    title = TranslatedText(models.CharField(_("title"), max_length=300))
    description = TranslatedText(models.TextField(_("description"), blank=True))
    sources = models.ManyToManyField("press.PressItem", verbose_name=_("sources"), related_name="events", blank=True)
    collectives = models.ManyToManyField(
        "collectives.Collective", verbose_name=_("collectives involved"), related_name="events", blank=True
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    TRANSLATED = ("title", "description")

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated"], m2m_fields=[sources, collectives])

    class Meta(Contributed.Meta):
        ordering = ["date", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=precision_condition("date", "date_precision"), name="event_date_precision"
            ),
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            models.CheckConstraint(condition=Q(state__in=PublicationState.values), name="event_state_valid"),
            models.CheckConstraint(
                condition=Q(status_after__isnull=True) | Q(status_after__in=Status.values), name="event_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["site", "date"], name="event_site_date_idx"),
            # Serves "status of every site on a given day" (the time slider and ?at=).
            models.Index(
                fields=["site", "-date", "-id"],
                name="event_status_asof_idx",
                condition=Q(status_after__isnull=False, state=PublicationState.PUBLISHED, deleted_at__isnull=True),
                include=["status_after"],
            ),
            models.Index(fields=["-date"], name="event_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date_display}: {self.title}"

    def clean(self):
        if not precision_is_consistent(self.date, self.date_precision):
            raise ValidationError(
                {"date": _("A date known to the month or year must be the first day of that period.")}
            )

    @property
    def date_display(self) -> str:
        return format_fuzzy_date(self.date, self.date_precision)


class Claim(Bilingual, Contributed):
    """A figure somebody states about a site: surface, jobs, trucks... Two claims about the same
    figure may disagree; both are kept, each with who claims it and the source. Its certainty
    (the operator's vocabulary) says whether a source establishes it independently (confirmed),
    only reports it (reported) or whether the party concerned denied it (denied)."""

    site = models.ForeignKey("sites.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="claims")
    figure = models.CharField(_("figure"), max_length=16, choices=ClaimFigure)
    statement = TranslatedText(
        models.CharField(_("as stated"), max_length=500, help_text=_("The claim in words, as the source puts it."))
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2, null=True, blank=True)
    value_max = models.DecimalField(
        _("upper value"), max_digits=16, decimal_places=2, null=True, blank=True, help_text=_("For a range.")
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("e.g. m², jobs, trucks/day, EUR"))
    claimant_kind = models.CharField(_("claimed by (kind)"), max_length=16, choices=ClaimantKind)
    claimant = models.CharField(
        _("claimed by"), max_length=200, help_text=_("An organisation or a public figure, as the source names them.")
    )
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("precision of the date"), max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    source = models.ForeignKey(
        "press.PressItem", verbose_name=_("source"), on_delete=models.PROTECT, related_name="claims"
    )
    # A claim is somebody's statement: reported until a source establishes it.
    certainty = models.CharField(
        _("certainty"),
        max_length=10,
        choices=Certainty,
        default=Certainty.REPORTED,
        db_default=Certainty.REPORTED,
        help_text=_(
            "Confirmed: a source establishes it independently (an official decision, a court ruling, a company "
            "announcing its own act). Reported: a source only reports it. Denied: the party concerned denied it."
        ),
    )
    certainty_source = models.ForeignKey(
        "press.PressItem",
        verbose_name=_("certainty: source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The source that confirms or denies the claim, when it is not the claim's own source."),
    )

    TRANSLATED = ("statement",)

    objects = PublicQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Contributed.Meta):
        ordering = ["figure", "date", "id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.CheckConstraint(
                condition=Q(value_max__isnull=True) | Q(value__isnull=False, value_max__gte=models.F("value")),
                name="claim_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(date__isnull=True) | precision_condition("date", "date_precision"),
                name="claim_date_precision",
            ),
            models.CheckConstraint(condition=Q(figure__in=ClaimFigure.values), name="claim_figure_valid"),
            models.CheckConstraint(
                condition=Q(claimant_kind__in=ClaimantKind.values), name="claim_claimant_kind_valid"
            ),
            models.CheckConstraint(condition=Q(certainty__in=Certainty.values), name="claim_certainty_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_figure_display()}: {self.statement} ({self.claimant})"

    def clean(self):
        errors = {}
        if self.value_max is not None and (self.value is None or self.value_max < self.value):
            errors["value_max"] = _("The upper value must not be below the value.")
        if not precision_is_consistent(self.date, self.date_precision):
            errors["date"] = _("A date known to the month or year must be the first day of that period.")
        if self.certainty_source_id is not None and self.certainty_source_id == self.source_id:
            errors["certainty_source"] = _(
                "This is already the claim's own source: leave the certainty's source empty."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def date_display(self) -> str:
        return format_fuzzy_date(self.date, self.date_precision)

    @property
    def public_certainty_source(self):
        """The source of the certainty when the public may see it (not a source withdrawn since)."""
        return public_or_none(self.certainty_source)


def public_or_none(item):
    if item is None or item.deleted_at is not None or item.state != PublicationState.PUBLISHED:
        return None
    return item
