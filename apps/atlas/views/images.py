"""Rendered images: a site's preview card (`/sites/<slug>/card.png`) and the map as an image
(`/map.png`, `/map.pdf`). Cached per data version, release and language (apps/core/http.py)."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe

from apps.core.http import versioned_response
from apps.sites.filters import InvalidFilter
from apps.sites.models import Site

from ..render.card import render_card
from ..render.mapimage import FORMATS, MapRequest, render_map


@require_safe
def site_card(request, slug: str):
    site = get_object_or_404(Site.objects.public().select_related("operator"), slug=slug)
    return versioned_response(
        request,
        "atlas-card",
        lambda: render_card(site),
        "image/png",
        per_language=True,
        compressible=False,
    )


@require_safe
def map_image(request, format: str = "png"):  # noqa: A002 - the URL's word
    try:
        asked = MapRequest.from_query(request.GET)
    except InvalidFilter as exc:
        return JsonResponse({"error": str(exc), "parameter": exc.parameter}, status=400)
    permalink = request.build_absolute_uri(reverse("map")) + ("?" + request.GET.urlencode() if request.GET else "")
    return versioned_response(
        request,
        f"atlas-map-{format}",
        lambda: render_map(asked, permalink, format),
        FORMATS[format],
        identity=request.build_absolute_uri(),  # the citation line names the host
        per_language=True,
        compressible=format != "png",
    )
