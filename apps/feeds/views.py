"""GET /feeds/events.ics: upcoming dated events as an iCalendar feed; conditional GET on feeds."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from apps.core.dataversion import data_state
from apps.core.http import etag
from apps.sites.models import EventKind

from .ical import calendar
from .licence import rights
from .querysets import upcoming_events


def feed_etag(request, *args, **kwargs) -> str:
    """Feeds change with the data, the release, the language and, for 'upcoming', the day."""
    return etag(data_state(), "feed", f"{get_language()} {timezone.localdate().isoformat()} {request.get_full_path()}")


def events_ics(request):
    events = upcoming_events(timezone.localdate())
    site = request.GET.get("site")
    if site:
        events = events.filter(site__slug=site)
    kinds = [k.strip() for k in request.GET.get("kind", "").split(",") if k.strip()]
    unknown = [k for k in kinds if k not in EventKind.values]
    if unknown:
        return JsonResponse(
            {
                "error": f"kind: unknown value {', '.join(map(repr, unknown))}; expected one or more of: "
                + ", ".join(EventKind.values),
                "parameter": "kind",
            },
            status=400,
        )
    if kinds:
        events = events.filter(kind__in=kinds)
    base = request.build_absolute_uri("/")[:-1]
    host = request.get_host().split(":")[0]
    items = []
    for event in events:
        sources = "\n".join(
            " ".join(
                filter(None, [f"- {s.title}", f"({s.outlet or s.authors})" if s.outlet or s.authors else "", s.url])
            )
            for s in event.public_sources
        )
        description = event.description + (f"\n\n{_('Sources:')}\n{sources}" if sources else "")
        items.append(
            {
                "uid": f"event-{event.pk}@{host}",
                "day": event.date,
                "summary": f"{event.site.name}: {event.title}",
                "description": description + f"\n\n{rights()}",
                "location": f"{event.site.municipality}, {event.site.country}",
                "lat": event.site.location.y,
                "lon": event.site.location.x,
                "url": f"{base}{event.site.get_absolute_url()}#event-{event.pk}",
                "categories": [event.get_kind_display()],
                "modified": event.updated,
                "sequence": event.version,
            }
        )
    body = calendar(
        _("Hubwatch: upcoming events"),
        _("Inquiries, hearings, council votes and demonstrations on contested logistics sites."),
        items,
        timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = 'inline; filename="hubwatch-events.ics"'
    return response


events_ics = condition(etag_func=feed_etag)(events_ics)
