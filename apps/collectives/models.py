from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.dates import DatePrecision, format_fuzzy_date, precision_condition, precision_is_consistent
from apps.core.models import PublicQuerySet, Tracked
from apps.core.translation import Bilingual, TranslatedText

_PERIOD_START = _("A date known to the month or year must be the first day of that period.")


class Network(Bilingual):
    """A wider organisation local collectives belong to or work with: ATTAC, Extinction
    Rebellion, Youth for Climate, Greenpeace, Les Amis de la Terre..."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    scope = models.CharField(_("scope"), max_length=300, blank=True, help_text=_("Where it acts."))
    description = TranslatedText(models.TextField(_("description"), blank=True))
    website = models.URLField(_("website"), blank=True)
    description_sources = models.ManyToManyField(
        "press.PressItem",
        verbose_name=_("sources of the description"),
        related_name="+",
        blank=True,
        help_text=_("The documents the description rests on."),
    )
    TRANSLATED = ("description",)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name


class Collective(Bilingual, Tracked):
    """A local group opposing one or more sites ("Watching Alibaba", "Stop Amazon 14"...).
    Only the group is public data: its members and spokespeople are not recorded here."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = TranslatedText(models.TextField(_("description"), blank=True))
    founded = models.DateField(_("founded"), null=True, blank=True)
    founded_precision = models.CharField(
        _("precision of the founding date"), max_length=5, choices=DatePrecision, default=DatePrecision.YEAR
    )
    website = models.URLField(_("website"), blank=True)
    networks = models.ManyToManyField(
        Network, through="NetworkLink", verbose_name=_("networks"), related_name="collectives", blank=True
    )
    description_sources = models.ManyToManyField(
        "press.PressItem",
        verbose_name=_("sources of the description"),
        related_name="+",
        blank=True,
        help_text=_("The documents the description rests on."),
    )
    TRANSLATED = ("description",)
    trusted = models.BooleanField(
        _("trusted"), default=False, help_text=_("Members' contributions are published without moderation.")
    )

    objects = PublicQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[description_sources])
    sites = models.ManyToManyField(
        "sites.Site", through="Opposition", verbose_name=_("sites opposed"), related_name="collectives", blank=True
    )

    class Meta(Tracked.Meta):
        ordering = ["name"]
        verbose_name = _("collective")
        verbose_name_plural = _("collectives")
        constraints = [
            models.CheckConstraint(
                condition=Q(founded__isnull=True) | precision_condition("founded", "founded_precision"),
                name="collective_founded_precision",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("collectives:detail", kwargs={"slug": self.slug})

    def clean(self):
        if not precision_is_consistent(self.founded, self.founded_precision):
            raise ValidationError({"founded": _PERIOD_START})

    @property
    def founded_display(self) -> str:
        return format_fuzzy_date(self.founded, self.founded_precision)


class NetworkLink(models.Model):
    class Relation(models.TextChoices):
        MEMBER = "member", _("member of")
        PARTNER = "partner", _("works with")

    collective = models.ForeignKey(Collective, on_delete=models.CASCADE, related_name="network_links")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="collective_links")
    relation = models.CharField(_("relation"), max_length=8, choices=Relation, default=Relation.PARTNER)

    class Meta:
        verbose_name = _("network link")
        verbose_name_plural = _("network links")
        constraints = [
            models.UniqueConstraint(fields=["collective", "network"], name="networklink_unique"),
            models.CheckConstraint(condition=Q(relation__in=["member", "partner"]), name="networklink_relation_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.collective} – {self.network}"


class Opposition(models.Model):
    """A collective opposes a site, since a date when known."""

    collective = models.ForeignKey(Collective, on_delete=models.CASCADE, related_name="oppositions")
    site = models.ForeignKey("sites.Site", on_delete=models.CASCADE, related_name="oppositions")
    since = models.DateField(_("since"), null=True, blank=True)
    since_precision = models.CharField(max_length=5, choices=DatePrecision, default=DatePrecision.YEAR)

    class Meta:
        verbose_name = _("opposition")
        verbose_name_plural = _("oppositions")
        constraints = [
            models.UniqueConstraint(fields=["collective", "site"], name="opposition_unique"),
            models.CheckConstraint(
                condition=Q(since__isnull=True) | precision_condition("since", "since_precision"),
                name="opposition_since_precision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collective} ✕ {self.site}"

    def clean(self):
        if not precision_is_consistent(self.since, self.since_precision):
            raise ValidationError({"since": _PERIOD_START})

    @property
    def since_display(self) -> str:
        return format_fuzzy_date(self.since, self.since_precision)
