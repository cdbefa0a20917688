"""What every public read endpoint shares: anonymous read-only access, CORS for other sites'
maps (uMap remote layers), and bad input as a 400 naming the parameter."""

from __future__ import annotations

from django.http import Http404
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission

from ..errors import BadParameter

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Link, Content-Disposition",
}


class ReadOnly(BasePermission):
    """Anyone may read; nobody writes through these endpoints (edits go through the site)."""

    def has_permission(self, request, view):
        return request.method in ("GET", "HEAD", "OPTIONS")


class PublicReadMixin:
    # No authentication: the answer is the same for everyone, so no session is read and
    # shared caches are not told to Vary on Cookie.
    authentication_classes: list = []
    permission_classes = [ReadOnly]

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except (NotFound, Http404):
            # DRF answers an unknown ?format= with a 404; it is bad input.
            formats = ", ".join(r.format for r in self.get_renderers())
            raise BadParameter(
                "format", f"unknown format {request.query_params.get('format')!r}; expected one of: {formats}."
            ) from None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        for name, value in CORS_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
