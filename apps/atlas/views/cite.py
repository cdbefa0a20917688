"""Citing a site: its versioned permalink (`/sites/<slug>/as-of/<YYYY-MM-DD>/`, the public record
as it stood at the end of that day) and the files reference managers import (`cite.bib`,
`cite.ris`, `cite.json`)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from apps.api.licence import licence
from apps.core.citation import Citation
from apps.sites.models import Site

from ..asof import record_as_of
from ..legend import status_legend
from ..options import country_name

DOWNLOADS = {
    "bib": ("application/x-bibtex; charset=utf-8", Citation.bibtex),
    "ris": ("application/x-research-info-systems; charset=utf-8", Citation.ris),
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", Citation.csl),
}


def site_citation(request, site, day: dt.date | None = None, title: str | None = None) -> Citation:
    """The citation of a site's page: accessed today, naming the permalink of `day` (today)."""
    today = timezone.localdate()
    day = day or today
    path = reverse("sites:as-of", kwargs={"slug": site.slug, "day": day.isoformat()})
    _spdx, name, _url = licence()
    return Citation(
        key=f"hubwatch-{site.slug}-{day.isoformat()}",
        title=title or site.name,
        url=request.build_absolute_uri(path),
        accessed=today,
        licence=f"Data: {name}",
    )


def cite_context(citation: Citation, slug: str = "", url_attrs: str = "") -> dict:
    """What templates/atlas/includes/cite_box.html shows."""
    return {"apa": citation.apa(url_attrs), "chicago": citation.chicago(url_attrs), "slug": slug}


def _day(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise Http404("Not a day: YYYY-MM-DD") from None
    if len(text) != 10 or day > timezone.localdate():
        raise Http404("No record of a day to come")
    return day


@require_safe
def site_as_of(request, slug: str, day: str):
    site = get_object_or_404(Site.objects.public(), slug=slug)
    when = _day(day)
    record = record_as_of(site, when)
    if record is None:
        raise Http404("This site was not public on that day")
    return render(
        request,
        "atlas/site_as_of.html",
        {
            "site": site,
            "record": record,
            "past": record.site,
            "country": country_name(record.site.country),
            "statuses": status_legend(),
            "cite": cite_context(site_citation(request, site, when, record.site.name)),
            "is_today": when == timezone.localdate(),
        },
    )


@require_safe
def site_cite(request, slug: str, format: str):  # noqa: A002 - the URL's word
    site = get_object_or_404(Site.objects.public(), slug=slug)
    content_type, write = DOWNLOADS[format]
    citation = site_citation(request, site)
    response = HttpResponse(write(citation), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="hubwatch-{site.slug}.{format}"'
    return response
