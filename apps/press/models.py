from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.dates import DatePrecision, format_fuzzy_date, precision_condition, precision_is_consistent
from apps.core.models import Contributed, PublicQuerySet

http_url_validator = URLValidator(schemes=["http", "https"])


class SourceKind(models.TextChoices):
    ARTICLE = "article", _("press article")
    OFFICIAL = "official", _("official document")
    COLLECTIVE = "collective", _("collective's publication")
    COMPANY = "company", _("company publication")
    RESEARCH = "research", _("research or analysis")
    OTHER = "other", _("other")


class LinkStatus(models.TextChoices):
    """What the link checker (apps.press.links) last found at a source's address."""

    UNCHECKED = "", _("not checked yet")
    ALIVE = "alive", _("alive")
    FAILING = "failing", _("failing")
    DEAD = "dead", _("dead")


class PressItemQuerySet(PublicQuerySet):
    def newest_first(self):
        return self.order_by(models.F("published").desc(nulls_last=True), "-id")


class PressItem(Contributed):
    """A citable document found at a URL: a press article, an official text, a collective's post,
    a research paper. Every fact a journalist may cite points to one of these."""

    # NULL for a document without a known address (a research article cited by its authors).
    url = models.URLField(  # noqa: DJ001
        _("URL"), max_length=600, unique=True, null=True, blank=True, validators=[http_url_validator]
    )
    title = models.CharField(_("title"), max_length=400)
    title_checked = models.BooleanField(
        _("title checked"),
        default=False,
        db_default=False,
        help_text=_("The title was read on the document itself, not rebuilt from its address."),
    )
    authors = models.CharField(_("authors"), max_length=300, blank=True, db_default="")
    related = models.ForeignKey(
        "self",
        verbose_name=_("related source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Another version of the same work, e.g. the conference paper of an article."),
    )
    archived_url = models.URLField(
        _("archived copy"),
        max_length=600,
        blank=True,
        db_default="",
        validators=[http_url_validator],
        help_text=_("The address of a copy kept by a web archive, shown beside a dead link."),
    )
    outlet = models.CharField(_("outlet"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=SourceKind, default=SourceKind.ARTICLE)
    published = models.DateField(_("publication date"), null=True, blank=True)
    published_precision = models.CharField(
        _("precision of the publication date"), max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    language = models.CharField(_("language"), max_length=8, blank=True, help_text=_("ISO 639-1 code, e.g. fr"))
    excerpt = models.TextField(_("excerpt"), blank=True, help_text=_("Plain text, a few sentences at most."))
    # Kept by the link checker; a link is dead after several failed checks in a row.
    link_status = models.CharField(
        _("link status"),
        max_length=8,
        choices=LinkStatus,
        default=LinkStatus.UNCHECKED,
        db_default=LinkStatus.UNCHECKED,
        blank=True,
        editable=False,
    )
    link_checked_at = models.DateTimeField(_("link last checked"), null=True, blank=True, editable=False)
    link_failures = models.PositiveSmallIntegerField(
        _("failed checks in a row"), default=0, db_default=0, editable=False
    )
    link_detail = models.CharField(_("last check"), max_length=300, blank=True, db_default="", editable=False)
    page_title = models.CharField(
        _("title found on the page"),
        max_length=400,
        blank=True,
        db_default="",
        editable=False,
        help_text=_("Proposed by the link checker, for an editor to confirm."),
    )
    sites = models.ManyToManyField("sites.Site", verbose_name=_("sites"), related_name="press_items", blank=True)
    collectives = models.ManyToManyField(
        "collectives.Collective", verbose_name=_("collectives"), related_name="press_items", blank=True
    )

    objects = PressItemQuerySet.as_manager()
    # The link checker's findings are not edits: not versioned.
    history = HistoricalRecords(
        excluded_fields=["link_status", "link_checked_at", "link_failures", "link_detail", "page_title"]
    )

    class Meta(Contributed.Meta):
        ordering = ["-published", "title"]
        verbose_name = _("press item")
        verbose_name_plural = _("press items")
        constraints = [
            models.CheckConstraint(condition=Q(url__regex=r"^https?://"), name="pressitem_url_http"),
            models.CheckConstraint(
                condition=Q(published__isnull=True) | precision_condition("published", "published_precision"),
                name="pressitem_published_precision",
            ),
            models.CheckConstraint(condition=Q(kind__in=SourceKind.values), name="pressitem_kind_valid"),
            models.CheckConstraint(condition=Q(url__isnull=False) | ~Q(authors=""), name="pressitem_url_or_authors"),
            models.CheckConstraint(condition=Q(link_status__in=LinkStatus.values), name="pressitem_link_status_valid"),
        ]
        indexes = [models.Index(fields=["-published"], name="pressitem_published_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.outlet})" if self.outlet else self.title

    def clean(self):
        if not self.url and not self.authors:
            raise ValidationError({"url": _("A source without an address must name its authors.")})
        if not precision_is_consistent(self.published, self.published_precision):
            raise ValidationError(
                {"published": _("A date known to the month or year must be the first day of that period.")}
            )

    @property
    def link_dead(self) -> bool:
        return self.link_status == LinkStatus.DEAD

    @property
    def published_display(self) -> str:
        return format_fuzzy_date(self.published, self.published_precision)
