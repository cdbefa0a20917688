"""oEmbed (https://oembed.com/): `/oembed?url=...&format=json` turns a pasted link to a site or
to the map into an embedded map in WordPress and other publishing tools. The embed keeps the
link's filters, date and view (/embed/ reads the same query string as the map)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve, reverse
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_from_path, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from apps.api.licence import ATTRIBUTION
from apps.sites.models import Site
from apps.stories.models import Story
from apps.stories.reading import read_story

from .stories import story_preview

WIDTH, HEIGHT = 800, 600
MIN_WIDTH, MIN_HEIGHT = 280, 240


def _bounded(request, name: str, default: int, minimum: int) -> int:
    value = request.GET.get(name, "")
    if not value:
        return default
    if not value.isdigit():
        raise ValueError(name)
    return max(minimum, min(default, int(value)))


@require_safe
def oembed(request):
    if request.GET.get("format", "json") != "json":
        return HttpResponse("Only format=json is offered.", status=501, content_type="text/plain; charset=utf-8")
    try:
        width = _bounded(request, "maxwidth", WIDTH, MIN_WIDTH)
        height = _bounded(request, "maxheight", HEIGHT, MIN_HEIGHT)
    except ValueError as exc:
        return JsonResponse({"error": f"{exc}: a number of pixels.", "parameter": str(exc)}, status=400)
    url = request.GET.get("url", "")
    parts = urlsplit(url)
    if not url or parts.scheme not in ("http", "https") or parts.netloc != request.get_host():
        raise Http404("Not a Hubwatch page")
    # A page's address says its language (/fr/sites/briec/); an old one without it is the
    # reader's page in the reader's language, as its redirect would be.
    language = get_language_from_path(parts.path) or get_language()
    with override(language):
        response = _oembed(request, parts, language, width, height)
    response.headers["Content-Language"] = language
    return response


def _resolve(path: str):
    for candidate in (path, f"/{get_language()}{path}"):
        try:
            return resolve(candidate)
        except Resolver404:
            continue
    raise Http404("Not a Hubwatch page")


def _oembed(request, parts, language: str, width: int, height: int):
    match = _resolve(parts.path)
    query = QueryDict(parts.query, mutable=True)
    if match.view_name in ("map", "embed"):
        title = _("Map of contested logistics sites")
        image_query = query.copy()
        image_query["lang"] = language
        thumbnail = reverse("map-png") + f"?{image_query.urlencode()}"
        thumbnail_size = (1200, 800)
    elif match.view_name == "sites:detail":
        site = get_object_or_404(Site.objects.public(), slug=match.kwargs["slug"])
        title = site.name
        # The map around the site, unless the link says otherwise.
        query.setdefault("lat", f"{site.location.y:.4f}")
        query.setdefault("lon", f"{site.location.x:.4f}")
        query.setdefault("z", "11")
        thumbnail = reverse("sites:card", kwargs={"slug": site.slug})
        thumbnail_size = (1200, 630)
    elif match.view_name in ("stories:detail", "story-embed"):
        # A story embeds as its reader; the link's #step-N is kept (a moment of the story).
        story = get_object_or_404(Story.objects.public(), slug=match.kwargs["slug"])
        src = request.build_absolute_uri(reverse("story-embed", kwargs={"slug": story.slug})) + f"?lang={language}"
        if parts.fragment.startswith("step-"):
            src += f"#{parts.fragment}"
        preview = story_preview(request, story, read_story(story))
        return _rich(request, str(story.title), src, width, height, preview["image"] or reverse("map-png"), (1200, 630))
    else:
        raise Http404("This page cannot be embedded")
    query["lang"] = language  # the embedded map in the link's language
    src = request.build_absolute_uri(reverse("embed")) + f"?{query.urlencode()}"
    return _rich(request, title, src, width, height, thumbnail, thumbnail_size)


def _rich(request, title, src, width, height, thumbnail, thumbnail_size):
    html = format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" style="border:0" loading="lazy" '
        'referrerpolicy="strict-origin-when-cross-origin"></iframe>',
        src,
        width,
        height,
        title,
    )
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "provider_name": "Hubwatch",
            "provider_url": request.build_absolute_uri(reverse("map")),
            "author_name": ATTRIBUTION,
            "title": title,
            "html": str(html),
            "width": width,
            "height": height,
            "thumbnail_url": request.build_absolute_uri(thumbnail),
            "thumbnail_width": thumbnail_size[0],
            "thumbnail_height": thumbnail_size[1],
        },
        json_dumps_params={"ensure_ascii": False},
    )
