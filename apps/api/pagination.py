"""Page-number pagination that refuses what DRF would silently bend: a page size over the
maximum or not a positive number, a page past the last, are each a 400 naming the parameter."""

from __future__ import annotations

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from .errors import BadParameter
from .licence import licence_metadata


class ApiPagination(PageNumberPagination):
    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        if not raw.isdigit() or int(raw) < 1:
            raise BadParameter(self.page_size_query_param, f"expected a whole number from 1 to {self.max_page_size}.")
        if int(raw) > self.max_page_size:
            raise BadParameter(
                self.page_size_query_param, f"{raw} is over the maximum page size of {self.max_page_size}."
            )
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        raw = request.query_params.get(self.page_query_param) or "1"
        if not raw.isdigit() or int(raw) < 1:
            raise BadParameter(self.page_query_param, "expected a whole number from 1.")
        paginator = Paginator(queryset, page_size)
        number = int(raw)
        # Page 1 of an empty result is an empty page, not an error.
        if number > max(paginator.num_pages, 1):
            raise BadParameter(
                self.page_query_param, f"page {number} is out of range: there are {paginator.num_pages} page(s)."
            )
        self.page = paginator.page(number)
        return list(self.page)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                **licence_metadata(self.request.build_absolute_uri()),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        base = super().get_paginated_response_schema(schema)
        base["properties"] = {
            **{k: v for k, v in base["properties"].items() if k != "results"},
            "license": {"type": "string", "example": "ODbL-1.0"},
            "license_url": {"type": "string", "format": "uri"},
            "attribution": {"type": "string"},
            "how_to_cite": {"type": "string"},
            "results": schema,
        }
        return base
