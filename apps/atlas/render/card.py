"""A site's preview card (`/sites/<slug>/card.png`): 1200x630, the size Open Graph and Twitter
cards expect. The site's name, its status with its colour and shape, its place and operator, a
strip of its status changes over time, a locator on the outline map, "Hubwatch" and the licence."""

from __future__ import annotations

import datetime as dt
import io

from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

from apps.api.licence import ATTRIBUTION, licence
from apps.sites.models import Event, Site

from ..sharing import site_place, site_status_text
from .canvas import INK, MUTED, NAVY, View, brand, draw_outline, draw_status_shape, fit_text, font, status_colour

WIDTH, HEIGHT = 1200, 630
LEFT, TEXT_WIDTH = 60, 640
MAP_BOX = (760, 0, 1200, 630)  # the locator map fills the right side


def status_changes(site: Site) -> list[tuple[dt.date, str]]:
    """[(date, status), ...] of the public timeline, oldest first."""
    return list(
        Event.objects.public()
        .status_changes()
        .filter(site=site)
        .order_by("date", "id")
        .values_list("date", "status_after")
    )


def _strip(draw: ImageDraw.ImageDraw, changes: list[tuple[dt.date, str]], today: dt.date, top: int) -> None:
    """One bar from the first status to today, each stretch in the colour of its status."""
    x0, x1, height = LEFT, LEFT + TEXT_WIDTH, 22
    draw.text((x0, top), _("Status over time"), font=font(20, bold=True), fill=MUTED)
    bar_top = top + 34
    if not changes:
        draw.rounded_rectangle((x0, bar_top, x1, bar_top + height), radius=4, fill="#e6e6e6")
        return
    start = changes[0][0]
    span = max((today - start).days, 1)

    def x_of(day: dt.date) -> float:
        return x0 + (x1 - x0) * min(max((day - start).days / span, 0), 1)

    for i, (day, status) in enumerate(changes):
        end = changes[i + 1][0] if i + 1 < len(changes) else today
        colour = status_colour(status)
        draw.rectangle((x_of(day), bar_top, max(x_of(end), x_of(day) + 2), bar_top + height), fill=colour)
    for day, status in changes:
        draw_status_shape(draw, status, x_of(day), bar_top + height / 2, 13)
    label = font(18)
    draw.text((x0, bar_top + height + 10), str(start.year), font=label, fill=MUTED)
    draw.text((x1, bar_top + height + 10), str(today.year), font=label, fill=MUTED, anchor="ra")


def render_card(site: Site, today: dt.date | None = None) -> bytes:
    today = today or dt.date.today()
    image = Image.new("RGB", (WIDTH, HEIGHT), "#ffffff")
    draw = ImageDraw.Draw(image)

    # The locator: the outline map around the site, the site in its status's shape.
    x0, y0, x1, y1 = MAP_BOX
    view = View(site.location.x, site.location.y, 4.6, x1 - x0, y1 - y0)
    scale = 2  # drawn at twice the size, then reduced: smooth coastlines
    big = Image.new("RGB", (view.width * scale, view.height * scale))
    draw_outline(ImageDraw.Draw(big), view, scale=scale)
    image.paste(big.resize((view.width, view.height), Image.Resampling.LANCZOS), (x0, y0))
    px, py = view.project(site.location.x, site.location.y)
    px, py = px + x0, py + y0
    draw.ellipse((px - 30, py - 30, px + 30, py + 30), outline=NAVY, width=3)
    if site.status:
        draw_status_shape(draw, site.status, px, py, 17)
    else:
        draw.ellipse((px - 9, py - 9, px + 9, py + 9), fill=MUTED)
    draw.line((x0, 0, x0, HEIGHT), fill="#d8d8d8", width=2)

    y = 40
    brand(draw, LEFT, y, 34)
    y += 70
    # The whole name if it can be had: two lines of large type, else three of smaller.
    for size, count in ((54, 2), (44, 3), (38, 3)):
        lines, face = fit_text(draw, site.name, size, TEXT_WIDTH, bold=True, lines=count)
        if not lines[-1].endswith("…"):
            break
    for line in lines:
        draw.text((LEFT, y), line, font=face, fill=INK)
        y += round(size * 1.2)
    y += 12
    status_text = site_status_text(site)
    if site.status:
        draw_status_shape(draw, site.status, LEFT + 18, y + 20, 18)
        for size in (34, 30, 26):
            status_lines, face = fit_text(draw, status_text, size, TEXT_WIDTH - 50, bold=True)
            if not status_lines[0].endswith("…"):
                break
        draw.text((LEFT + 50, y + 20), status_lines[0], font=face, fill=INK, anchor="lm")
    else:
        draw.text((LEFT, y), status_text, font=font(34, bold=True), fill=MUTED)
    y += 62
    for text, size in ((site_place(site), 28), (_operator(site), 24)):
        if text:
            lines, face = fit_text(draw, text, size, TEXT_WIDTH)
            draw.text((LEFT, y), lines[0], font=face, fill=INK if size == 28 else MUTED)
            y += size + 16
    _strip(draw, status_changes(site), today, max(y + 10, 420))

    _spdx, name, _url = licence()
    footer = _("Data: %(attribution)s, %(licence)s") % {"attribution": ATTRIBUTION, "licence": name}
    lines, face = fit_text(draw, footer, 18, TEXT_WIDTH)
    draw.text((LEFT, HEIGHT - 40), lines[0], font=face, fill=MUTED)
    draw.text((x1 - 10, HEIGHT - 10), "Outlines: Natural Earth", font=font(14), fill=MUTED, anchor="rd")

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()


def _operator(site: Site) -> str:
    if not site.operator_id:
        return ""
    return _("Operator: %(name)s") % {"name": site.operator.name}
