from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.geos import Polygon
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.dates import DatePrecision, format_fuzzy_date, precision_condition
from apps.core.models import PublicQuerySet, Tracked
from apps.core.translation import Bilingual, TranslatedText

from ..geo import is_iso_country, point_in_country
from .vocabulary import Certainty, FacilityKind, LocationPrecision, Status


class SiteQuerySet(PublicQuerySet):
    def within(self, bbox: tuple[float, float, float, float]):
        """Sites inside (min_lon, min_lat, max_lon, max_lat). Uses the GiST index on location."""
        return self.filter(location__intersects=Polygon.from_bbox(bbox))

    def with_status_at(self, day: dt.date):
        """Annotate `status_at` and `status_at_since` with the status each site had on `day`,
        read from its timeline, and leave out the sites that had no status yet on that day."""
        from .event import Event

        latest = (
            Event.objects.public()
            .filter(site=OuterRef("pk"), status_after__isnull=False, date__lte=day)
            .order_by("-date", "-id")
        )
        return self.annotate(
            status_at=Subquery(latest.values("status_after")[:1]),
            status_at_since=Subquery(latest.values("date")[:1]),
            status_at_precision=Subquery(latest.values("date_precision")[:1]),
        ).filter(status_at__isnull=False)

    def search(self, text: str):
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(name__unaccent__icontains=text)
            | Q(municipality__unaccent__icontains=text)
            | Q(admin_area__unaccent__icontains=text)
            | Q(region__unaccent__icontains=text)
            # The summary in either language: a French word finds a site whatever the reader's language.
            | Q(summary_en__unaccent__icontains=text)
            | Q(summary_fr__unaccent__icontains=text)
        )

    def operated_by(self, company_slug: str):
        """Sites run by the company or by one of its subsidiaries (one level down, as the data has)."""
        return self.filter(Q(operator__slug=company_slug) | Q(operator__parent__slug=company_slug))


class Site(Bilingual, Tracked):
    """A logistics project at one place. Its `status` is derived from its timeline by a database
    trigger (see migration 0002): the status after the latest event that changes it."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    location = models.PointField(_("location"), srid=4326)
    location_precision = models.CharField(
        _("precision of the location"),
        max_length=16,
        choices=LocationPrecision,
        default=LocationPrecision.MUNICIPALITY,
    )
    footprint = models.MultiPolygonField(_("footprint"), srid=4326, null=True, blank=True)
    municipality = models.CharField(_("municipality"), max_length=200)
    admin_area = models.CharField(_("department or province"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code, e.g. FR"))
    operator = models.ForeignKey(
        "companies.Company",
        verbose_name=_("operator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="operated_sites",
    )
    developer = models.ForeignKey(
        "companies.Company",
        verbose_name=_("developer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="developed_sites",
    )
    operator_certainty = models.CharField(
        _("operator: certainty"),
        max_length=10,
        choices=Certainty,
        default=Certainty.CONFIRMED,
        db_default=Certainty.CONFIRMED,
    )
    operator_source = models.ForeignKey(
        "press.PressItem",
        verbose_name=_("operator: source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    developer_certainty = models.CharField(
        _("developer: certainty"),
        max_length=10,
        choices=Certainty,
        default=Certainty.CONFIRMED,
        db_default=Certainty.CONFIRMED,
    )
    developer_source = models.ForeignKey(
        "press.PressItem",
        verbose_name=_("developer: source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("facility kind"), max_length=32, choices=FacilityKind, default=FacilityKind.WAREHOUSE)
    summary = TranslatedText(models.TextField(_("summary"), blank=True))
    # Maintained by the database from the timeline; never edited directly.
    status = models.CharField(_("status"), max_length=32, choices=Status, null=True, editable=False)
    status_since = models.DateField(_("status since"), null=True, editable=False)
    status_since_precision = models.CharField(max_length=5, choices=DatePrecision, null=True, editable=False)
    # The last full check of the record against its sources, by an editor (see apps.sites.quality).
    checked_at = models.DateTimeField(_("last fully checked"), null=True, blank=True, editable=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    TRANSLATED = ("summary",)

    objects = SiteQuerySet.as_manager()
    # The status fields are written by the timeline trigger, not by a person: not versioned here.
    history = HistoricalRecords(excluded_fields=["updated", "status", "status_since", "status_since_precision"])

    class Meta(Tracked.Meta):
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.CheckConstraint(condition=Q(country__regex=r"^[A-Z]{2}$"), name="site_country_iso2"),
            models.CheckConstraint(
                condition=Q(status__isnull=True) | Q(status__in=Status.values), name="site_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=FacilityKind.values), name="site_kind_valid"),
            models.CheckConstraint(
                condition=Q(operator_certainty__in=Certainty.values), name="site_operator_certainty_valid"
            ),
            models.CheckConstraint(
                condition=Q(developer_certainty__in=Certainty.values), name="site_developer_certainty_valid"
            ),
            models.CheckConstraint(
                condition=Q(location_precision__in=LocationPrecision.values), name="site_location_precision_valid"
            ),
            models.CheckConstraint(
                condition=Q(status_since__isnull=True) | precision_condition("status_since", "status_since_precision"),
                name="site_status_since_precision",
            ),
        ]
        indexes = [
            models.Index(fields=["status"], name="site_status_idx"),
            models.Index(fields=["country"], name="site_country_idx"),
            models.Index(fields=["kind"], name="site_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("sites:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.country and not is_iso_country(self.country):
            errors["country"] = _("Use a two-letter ISO 3166-1 code in capitals, e.g. FR or BE.")
        elif self.location is not None and self.country:
            inside = point_in_country(self.location.x, self.location.y, self.country)
            if inside is False:
                errors["location"] = _(
                    "This point (longitude %(lon).4f, latitude %(lat).4f) is outside %(country)s."
                ) % {
                    "lon": self.location.x,
                    "lat": self.location.y,
                    "country": self.country,
                }
        if errors:
            raise ValidationError(errors)

    @property
    def operator_display(self) -> str:
        """ "Amazon (reported)": the operator with how sure it is, when not confirmed."""
        return attribution_display(self.operator, self.operator_certainty)

    @property
    def developer_display(self) -> str:
        return attribution_display(self.developer, self.developer_certainty)

    @property
    def status_since_display(self) -> str:
        return format_fuzzy_date(self.status_since, self.status_since_precision)

    def refresh_status(self) -> None:
        """Reload the trigger-maintained status fields after the timeline changed."""
        self.refresh_from_db(fields=["status", "status_since", "status_since_precision"])


def attribution_display(company, certainty: str) -> str:
    if company is None:
        return ""
    if certainty == Certainty.CONFIRMED:
        return company.name
    return _("%(company)s (%(certainty)s)") % {"company": company.name, "certainty": Certainty(certainty).label}
