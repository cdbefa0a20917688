from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.models import PublicQuerySet
from apps.core.translation import Bilingual, TranslatedText


class CompanyKind(models.TextChoices):
    ECOMMERCE_GROUP = "ecommerce_group", _("e-commerce group")
    LOGISTICS_SUBSIDIARY = "logistics_subsidiary", _("logistics subsidiary")
    PROPERTY_DEVELOPER = "property_developer", _("property developer")
    LOGISTICS_OPERATOR = "logistics_operator", _("logistics operator")
    PUBLIC_BODY = "public_body", _("public body or agency")
    OTHER = "other", _("other")


class CompanyQuerySet(PublicQuerySet):
    def groups(self):
        """Top-level companies (no parent)."""
        return self.filter(parent__isnull=True)


class Company(Bilingual):
    """A firm, or a public body acting as one, that operates, develops or sells a site.

    Prospecting and negotiation are often delegated to subsidiaries and partner firms: `parent`
    keeps the link to the group so a site run by "Alibaba Smart Hub Belgium" counts as Alibaba's.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=CompanyKind, default=CompanyKind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent company"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subsidiaries",
    )
    website = models.URLField(_("website"), blank=True)
    description = TranslatedText(models.TextField(_("description"), blank=True))
    description_sources = models.ManyToManyField(
        "press.PressItem",
        verbose_name=_("sources of the description"),
        related_name="+",
        blank=True,
        help_text=_("The documents the description rests on."),
    )
    TRANSLATED = ("description",)

    objects = CompanyQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[description_sources])

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="company_not_own_parent"),
            models.CheckConstraint(condition=Q(kind__in=CompanyKind.values), name="company_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def group(self) -> "Company":
        """The top of the ownership chain."""
        company, seen = self, {self.pk}
        while company.parent_id and company.parent_id not in seen:
            company = company.parent
            seen.add(company.pk)
        return company
