"""Serializers of the detail and list endpoints (the site collection is built in SQL: exports.py).

Dates are given at their precision ("2021", "2021-06", "2021-06-24") with the precision and a
localised display, so "2021" never turns into a full date downstream.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from apps.collectives.models import Collective
from apps.companies.models import Company
from apps.core.dates import iso_at_precision
from apps.core.translation import LANGUAGES, text_in
from apps.press.models import PressItem
from apps.sites.models import Certainty, Claim, Event, Site


def fuzzy(value, precision) -> str | None:
    return iso_at_precision(value, precision)


@extend_schema_field({"type": "string"})
class TranslatedTextField(serializers.Field):
    """A text of the record in the request's language (`?lang=` or Accept-Language), else in
    the record's original language; `fallbacks` says which texts fell back and to what."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, obj):
        text = text_in(obj, self.field_name)
        if text.fallback:
            self.parent._fallbacks[self.field_name] = text.lang
        return text.text


@extend_schema_field({"type": "object", "additionalProperties": {"type": "string", "enum": list(LANGUAGES)}})
class FallbacksField(serializers.Field):
    """{"title": "en"}: the texts given in another language than the one asked for (no
    translation yet), with the language they are in."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, obj):
        return dict(self.parent._fallbacks)


class BilingualMixin:
    """Declares `text_language`, `translation_reviewed` and `fallbacks` next to the texts."""

    def to_representation(self, instance):
        self._fallbacks = {}
        data = super().to_representation(instance)
        if "fallbacks" in data:
            data["fallbacks"] = dict(self._fallbacks)
        return data


BILINGUAL_FIELDS = ["text_language", "translation_reviewed", "fallbacks"]


class CompanyRefSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class SiteRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, site) -> str:
        return self.context["request"].build_absolute_uri(site.get_absolute_url())


class CollectiveRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class SourceSerializer(serializers.ModelSerializer):
    published = serializers.SerializerMethodField()

    class Meta:
        model = PressItem
        fields = [
            "url", "title", "authors", "outlet", "kind", "language", "published", "published_precision",
            "title_checked", "link_status", "archived_url",
        ]  # fmt: skip

    def get_published(self, item) -> str | None:
        return fuzzy(item.published, item.published_precision)


class EventSerializer(BilingualMixin, serializers.ModelSerializer):
    title = TranslatedTextField()
    description = TranslatedTextField()
    fallbacks = FallbacksField()
    date = serializers.SerializerMethodField()
    date_display = serializers.CharField(read_only=True)
    sources = SourceSerializer(many=True, source="public_sources")
    collectives = CollectiveRefSerializer(many=True, source="public_collectives")

    class Meta:
        model = Event
        fields = [
            "id", "date", "date_precision", "date_display", "kind", "status_after", "title", "description",
            "sources", "collectives", *BILINGUAL_FIELDS,
        ]  # fmt: skip

    def get_date(self, event) -> str:
        return fuzzy(event.date, event.date_precision)


class EventListSerializer(EventSerializer):
    site = SiteRefSerializer()

    class Meta(EventSerializer.Meta):
        fields = ["id", "site", *EventSerializer.Meta.fields[1:]]


class ClaimSerializer(BilingualMixin, serializers.ModelSerializer):
    statement = TranslatedTextField()
    fallbacks = FallbacksField()
    date = serializers.SerializerMethodField()
    source = SourceSerializer()
    # How sure the claim is, in the operator's vocabulary; the source that confirms or denies it
    # when it is not the claim's own.
    certainty = serializers.ChoiceField(choices=Certainty.choices)
    certainty_source = SourceSerializer(source="public_certainty_source", allow_null=True)

    class Meta:
        model = Claim
        fields = [
            "figure", "statement", "value", "value_max", "unit", "claimant", "claimant_kind", "date",
            "date_precision", "source", "certainty", "certainty_source", *BILINGUAL_FIELDS,
        ]  # fmt: skip

    def get_date(self, claim) -> str | None:
        return fuzzy(claim.date, claim.date_precision)


class OppositionSerializer(serializers.Serializer):
    slug = serializers.CharField(source="collective.slug")
    name = serializers.CharField(source="collective.name")
    since = serializers.SerializerMethodField()
    since_precision = serializers.CharField()

    def get_since(self, opposition) -> str | None:
        return fuzzy(opposition.since, opposition.since_precision)


class AttributionSerializer(serializers.Serializer):
    """A company named as a site's operator or developer, how sure that is, and the source."""

    name = serializers.CharField()
    slug = serializers.CharField()
    certainty = serializers.CharField()
    source = SourceSerializer(allow_null=True)


def attribution(site, role: str) -> dict | None:
    company = getattr(site, role)
    if company is None:
        return None
    return AttributionSerializer(
        {
            "name": company.name,
            "slug": company.slug,
            "certainty": getattr(site, f"{role}_certainty"),
            "source": getattr(site, f"{role}_source"),
        }
    ).data


class SiteDetailSerializer(BilingualMixin, GeoFeatureModelSerializer):
    summary = TranslatedTextField()
    fallbacks = FallbacksField()
    status_since = serializers.SerializerMethodField()
    operator = serializers.SerializerMethodField()
    developer = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    events = EventSerializer(many=True, source="public_events")
    collectives = OppositionSerializer(many=True, source="public_oppositions")
    claims = ClaimSerializer(many=True, source="public_claims")

    class Meta:
        model = Site
        geo_field = "location"
        id_field = "slug"
        fields = [
            "slug", "name", "status", "status_since", "status_since_precision", "operator", "developer", "kind",
            "country", "municipality", "admin_area", "region", "location_precision", "summary", "url", "events",
            "collectives", "claims", *BILINGUAL_FIELDS,
        ]  # fmt: skip

    def get_status_since(self, site) -> str | None:
        return fuzzy(site.status_since, site.status_since_precision)

    @extend_schema_field(AttributionSerializer(allow_null=True))
    def get_operator(self, site):
        return attribution(site, "operator")

    @extend_schema_field(AttributionSerializer(allow_null=True))
    def get_developer(self, site):
        return attribution(site, "developer")

    def get_url(self, site) -> str:
        return self.context["request"].build_absolute_uri(site.get_absolute_url())


class NetworkLinkSerializer(serializers.Serializer):
    slug = serializers.CharField(source="network.slug")
    name = serializers.CharField(source="network.name")
    relation = serializers.CharField()


class CollectiveSerializer(BilingualMixin, serializers.ModelSerializer):
    description = TranslatedTextField()
    fallbacks = FallbacksField()
    founded = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    networks = NetworkLinkSerializer(many=True, source="network_links")
    sites = serializers.SerializerMethodField()
    description_sources = SourceSerializer(many=True, source="public_description_sources")

    class Meta:
        model = Collective
        fields = [
            "slug", "name", "description", "description_sources", "founded", "founded_precision", "website", "url",
            "networks", "sites", *BILINGUAL_FIELDS,
        ]  # fmt: skip

    def get_founded(self, collective) -> str | None:
        return fuzzy(collective.founded, collective.founded_precision)

    def get_url(self, collective) -> str:
        return self.context["request"].build_absolute_uri(collective.get_absolute_url())

    def get_sites(self, collective) -> list[dict]:
        return SiteRefSerializer([o.site for o in collective.public_oppositions], many=True, context=self.context).data


class PressItemSerializer(SourceSerializer):
    sites = serializers.SerializerMethodField()
    collectives = serializers.SerializerMethodField()

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "excerpt", "sites", "collectives"]

    def get_sites(self, item) -> list[str]:
        return [site.slug for site in item.public_sites]

    def get_collectives(self, item) -> list[str]:
        return [collective.slug for collective in item.public_collectives]


class CompanySerializer(BilingualMixin, serializers.ModelSerializer):
    description = TranslatedTextField()
    fallbacks = FallbacksField()
    parent = CompanyRefSerializer(allow_null=True)
    operated_sites = serializers.IntegerField(source="public_operated_count", read_only=True)
    developed_sites = serializers.IntegerField(source="public_developed_count", read_only=True)
    description_sources = SourceSerializer(many=True, source="public_description_sources")

    class Meta:
        model = Company
        fields = [
            "slug", "name", "kind", "parent", "website", "description", "description_sources", "operated_sites",
            "developed_sites", *BILINGUAL_FIELDS,
        ]  # fmt: skip
