"""GET /api/events/, /api/collectives/, /api/press/, /api/companies/: paginated JSON lists."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.generics import ListAPIView

from ..filters import ApiFilterBackend, CollectiveFilter, CompanyFilter, EventFilter, PressFilter
from ..pagination import ApiPagination
from ..querysets import collective_list, company_list, event_list, press_list
from ..renderers import UTF8JSONRenderer
from ..serializers import CollectiveSerializer, CompanySerializer, EventListSerializer, PressItemSerializer
from .base import PublicReadMixin
from .sites import ERROR_400


class PublicList(PublicReadMixin, ListAPIView):
    renderer_classes = [UTF8JSONRenderer]
    pagination_class = ApiPagination
    filter_backends = [ApiFilterBackend]

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        response.headers["Cache-Control"] = "public, max-age=60"
        return response


def _documented(summary: str, tag: str, serializer):
    return extend_schema_view(
        get=extend_schema(summary=summary, tags=[tag], responses={200: serializer(many=True), 400: ERROR_400})
    )


@_documented("Timeline events, newest first", "events", EventListSerializer)
class EventListView(PublicList):
    serializer_class = EventListSerializer
    filterset_class = EventFilter

    def get_queryset(self):
        return event_list()


@_documented("Collectives opposing sites", "collectives", CollectiveSerializer)
class CollectiveListView(PublicList):
    serializer_class = CollectiveSerializer
    filterset_class = CollectiveFilter

    def get_queryset(self):
        return collective_list()


@_documented("Sources: press articles, official documents, publications", "press", PressItemSerializer)
class PressListView(PublicList):
    serializer_class = PressItemSerializer
    filterset_class = PressFilter

    def get_queryset(self):
        return press_list()


@_documented("Companies (operators and developers), with their public site counts", "companies", CompanySerializer)
class CompanyListView(PublicList):
    serializer_class = CompanySerializer
    filterset_class = CompanyFilter

    def get_queryset(self):
        return company_list()
