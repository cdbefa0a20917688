"""The map as an image (`/map.png`, `/map.pdf`): the map's own query string (SiteFilterSet's
filters and `at`, and the view `lat`, `lon`, `z`) drawn as the map shows it on that day, with the
legend and its counts, the date, the attribution and the citation line. The size is bounded."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import Counter
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

from apps.api.licence import ATTRIBUTION, how_to_cite, licence
from apps.core.dataversion import data_state
from apps.sites.filters import InvalidFilter, SiteFilterSet
from apps.sites.models import Status
from apps.sites.public import LAT, LON

from .canvas import INK, MUTED, View, brand, draw_outline, draw_status_shape, fit_text, font

FORMATS = {"png": "image/png", "pdf": "application/pdf"}
PANEL, FOOTER = 300, 84


class ViewForm(forms.Form):
    """The view and the size; everything else is SiteFilterSet's."""

    lat = forms.FloatField(required=False, min_value=-85, max_value=85, label=gettext_lazy("latitude"))
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, label=gettext_lazy("longitude"))
    z = forms.IntegerField(required=False, min_value=2, max_value=18, label=gettext_lazy("zoom"))
    width = forms.IntegerField(required=False, min_value=600, max_value=2400)
    height = forms.IntegerField(required=False, min_value=400, max_value=1600)


@dataclass
class MapRequest:
    filterset: SiteFilterSet
    filters: dict
    view: tuple[float, float, int] | None  # lon, lat, zoom
    width: int
    height: int

    @classmethod
    def from_query(cls, query) -> MapRequest:
        """InvalidFilter names the first bad parameter."""
        filterset = SiteFilterSet(query)
        filters = filterset.cleaned
        form = ViewForm(query)
        if not form.is_valid():
            parameter, messages = next(iter(form.errors.items()))
            raise InvalidFilter(parameter, " ".join(str(m) for m in messages))
        data = form.cleaned_data
        given = [name for name in ("lat", "lon", "z") if data[name] is not None]
        if given and len(given) < 3:
            missing = next(name for name in ("lat", "lon", "z") if data[name] is None)
            raise InvalidFilter(missing, _("lat, lon and z go together: the centre and the zoom of the view."))
        view = (data["lon"], data["lat"], data["z"]) if given else None
        return cls(filterset, filters, view, data["width"] or 1200, data["height"] or 800)


def site_points(filterset: SiteFilterSet) -> list[tuple[float, float, str]]:
    """(lon, lat, status) of the sites the map shows: the selection, each with its status on the
    day (a site with no status yet is not on the map)."""
    status = "status_at" if filterset.day else "status"
    return list(
        filterset.qs.annotate(p_lon=LON, p_lat=LAT)
        .exclude(**{f"{status}__isnull": True})
        .order_by()
        .values_list("p_lon", "p_lat", status)
    )


def status_counts(points) -> dict[str, int]:
    counts = Counter(status for _lon, _lat, status in points)
    return {status: counts[status] for status in Status.values if counts[status]}


def _view(asked: MapRequest, points, width: int, height: int) -> View:
    if asked.view:
        lon, lat, zoom = asked.view
        return View(lon, lat, zoom, width, height)
    bbox = asked.filters.get("bbox")
    if not bbox and points:
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        # Room around a lone site or a tight group: a reader should see which region it is in.
        pad_x, pad_y = max((max(lons) - min(lons)) * 0.1, 2.0), max((max(lats) - min(lats)) * 0.1, 1.5)
        bbox = (min(lons) - pad_x, min(lats) - pad_y, max(lons) + pad_x, max(lats) + pad_y)
    if bbox:
        return View.fitting(bbox, width, height, max_zoom=8 if asked.filters.get("bbox") else 6)
    lat, lon = settings.LEAFLET_CONFIG.get("DEFAULT_CENTER", (48.5, 3.5))
    return View(lon, lat, settings.LEAFLET_CONFIG.get("DEFAULT_ZOOM", 5), width, height)


def _filters_text(filters: dict) -> str:
    parts = []
    for name in ("q", "operator", "country", "kind", "collective", "bbox"):
        value = filters.get(name)
        if value:
            shown = ", ".join(str(v) for v in value) if isinstance(value, (list, tuple)) else str(value)
            parts.append(f"{SiteFilterSet.base_filters[name].label or name}: {shown}")
    return " · ".join(parts)


def render_map(asked: MapRequest, permalink: str, format: str = "png") -> bytes:  # noqa: A002
    points = site_points(asked.filterset)
    counts = status_counts(points)
    width, height = asked.width, asked.height
    map_w, map_h = width - PANEL, height - FOOTER
    view = _view(asked, points, map_w, map_h)

    scale = 2  # the outlines are drawn at twice the size, then reduced
    big = Image.new("RGB", (map_w * scale, map_h * scale))
    draw_outline(ImageDraw.Draw(big), view, scale=scale)
    image = Image.new("RGB", (width, height), "#ffffff")
    image.paste(big.resize((map_w, map_h), Image.Resampling.LANCZOS), (0, 0))
    draw = ImageDraw.Draw(image)
    order = {status: i for i, status in enumerate(Status.values)}
    for lon, lat, status in sorted(points, key=lambda p: order[p[2]]):
        x, y = view.project(lon, lat)
        if -10 <= x <= map_w + 10 and -10 <= y <= map_h + 10:
            draw_status_shape(draw, status, x, y, 8)
    draw.rectangle((map_w, 0, width, height), fill="#ffffff")  # markers near the edge stay on the map
    draw.line((map_w, 0, map_w, height - FOOTER), fill="#d8d8d8", width=2)

    # The panel: what, when, the legend with its counts.
    x, y = map_w + 20, 20
    brand(draw, x, y, 26)
    y += 46
    lines, face = fit_text(draw, _("Contested logistics sites"), 22, PANEL - 40, bold=True, lines=2)
    for line in lines:
        draw.text((x, y), line, font=face, fill=INK)
        y += 28
    day = asked.filters.get("at") or dt.date.today()
    when = _("Status on %(date)s") % {"date": date_format(day, "DATE_FORMAT")}
    draw.text((x, y + 4), when, font=font(18), fill=INK)
    y += 34
    total = sum(counts.values())
    draw.text((x, y), ngettext("%(n)s site", "%(n)s sites", total) % {"n": total}, font=font(18, True), fill=INK)
    y += 34
    row = 30 if height >= 600 else 24
    for status in Status:
        n = counts.get(status.value, 0)
        if not n and height < 600:
            continue
        draw_status_shape(draw, status.value, x + 9, y + row / 2, 9)
        label, face = fit_text(draw, str(status.label).capitalize(), 16, PANEL - 110)
        draw.text((x + 28, y + row / 2), label[0], font=face, fill=INK if n else MUTED, anchor="lm")
        draw.text((width - 20, y + row / 2), str(n), font=font(16, True), fill=INK if n else MUTED, anchor="rm")
        y += row
    filters_text = _filters_text(asked.filters)
    if filters_text:
        lines, face = fit_text(draw, filters_text, 14, PANEL - 40, lines=3)
        y += 10
        for line in lines:
            draw.text((x, y), line, font=face, fill=MUTED)
            y += 18

    # The footer: attribution and the citation line.
    state = data_state()
    _spdx, licence_name, _url = licence()
    attribution = _("Outlines: Natural Earth · Data: %(attribution)s, %(licence)s") % {
        "attribution": ATTRIBUTION,
        "licence": licence_name,
    }
    citation = how_to_cite(permalink, state.changed)
    draw.rectangle((0, height - FOOTER, width, height), fill="#f4f5f7")
    lines, face = fit_text(draw, attribution, 14, width - 30)
    draw.text((15, height - FOOTER + 10), lines[0], font=face, fill=MUTED)
    lines, face = fit_text(draw, citation, 14, width - 30, lines=2)
    for i, line in enumerate(lines):
        draw.text((15, height - FOOTER + 34 + i * 20), line, font=face, fill=INK)

    out = io.BytesIO()
    if format == "pdf":
        image.save(out, format="PDF", resolution=150, title=_("Contested logistics sites"), author=ATTRIBUTION,
                   subject=citation)  # fmt: skip
    else:
        info = PngInfo()
        info.add_text("Title", f"Hubwatch: {when}")
        info.add_text("Source", permalink)
        info.add_text("Copyright", f"{ATTRIBUTION}, {licence_name}")
        info.add_itxt("Comment", citation)
        info.add_text("Hubwatch-Counts", json.dumps(counts, sort_keys=True))
        image.save(out, format="PNG", pnginfo=info, compress_level=6)
    return out.getvalue()
