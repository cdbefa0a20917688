"""The common peer: how a Django project usually serves the same FeatureCollection.

djangorestframework-gis's GeoFeatureModelSerializer over the public sites (with the operator and
developer joined, as any careful DRF view would), rendered by DRF's JSONRenderer: the same
features (slug, name, status, since, operator, developer, kind, country, municipality, location
precision) as GET /api/sites/. Timed by bench/inprocess.py.
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from apps.companies.models import Company
from apps.sites.models import Site


class CompanyRef(serializers.ModelSerializer):
    class Meta:
        model = Company
        fields = ("name", "slug")


class SitePeerSerializer(GeoFeatureModelSerializer):
    operator = serializers.SerializerMethodField()
    developer = serializers.SerializerMethodField()

    def get_operator(self, site):
        return site.operator and {**CompanyRef(site.operator).data, "certainty": site.operator_certainty}

    def get_developer(self, site):
        return site.developer and {**CompanyRef(site.developer).data, "certainty": site.developer_certainty}

    class Meta:
        model = Site
        geo_field = "location"
        id_field = "slug"
        fields = (
            "slug",
            "name",
            "status",
            "status_since",
            "status_since_precision",
            "operator",
            "developer",
            "kind",
            "country",
            "municipality",
            "location_precision",
        )


def peer_queryset(bbox=None):
    qs = Site.objects.public().select_related("operator", "developer").order_by("name", "slug")
    return qs.within(bbox) if bbox else qs


def drf_gis_collection(bbox=None) -> bytes:
    return JSONRenderer().render(SitePeerSerializer(peer_queryset(bbox), many=True).data)
