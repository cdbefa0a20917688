"""Drawing helpers shared by the rendered images."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from PIL import ImageDraw, ImageFont

from apps.sites.models import Status

from ..legend import SHAPES, STATUS_STYLE
from ..outline import country_rings

NAVY = "#14213d"
GOLD = "#ffbf47"
INK = "#1b1b1b"
MUTED = "#575757"
SEA = "#cfdfe9"
LAND = "#f7f5ef"
BORDER = "#7a8591"

# DejaVu where the system has it (Debian's fonts-dejavu-core: wide coverage, French included);
# otherwise the font Pillow ships.
_FONT_FILES = {
    False: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    True: "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}


@functools.cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(_FONT_FILES[bold], size)
    except OSError:
        return ImageFont.load_default(size)


def fit_text(draw: ImageDraw.ImageDraw, text: str, size: int, width: int, bold: bool = False, lines: int = 1):
    """`text` wrapped on words into at most `lines` lines of `width` pixels, the last one cut
    with an ellipsis if needed: (lines, font)."""
    face = font(size, bold)
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and draw.textlength(f"{line} {words[0]}", font=face) <= width:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if words or (out and draw.textlength(out[-1], font=face) > width):
        last = out[-1]
        while last and draw.textlength(last + "…", font=face) > width:
            last = last[:-1]
        out[-1] = last.rstrip() + "…"
    return out, face


def status_colour(status: str) -> str:
    return STATUS_STYLE[Status(status)][0]


def draw_status_shape(draw: ImageDraw.ImageDraw, status: str, x: float, y: float, radius: float) -> None:
    """The status's shape in its colour, as on the map and in the legend (apps/atlas/legend.py)."""
    colour, shape = STATUS_STYLE[Status(status)]
    if shape in ("circle", "ring"):
        r = radius * 0.8
        box = (x - r, y - r, x + r, y + r)
        if shape == "ring":
            draw.ellipse(box, fill="#ffffff", outline=colour, width=max(2, round(radius / 3.5)))
        else:
            draw.ellipse(box, fill=colour, outline="#ffffff", width=max(1, round(radius / 7)))
        return
    points = [(x + px * radius, y + py * radius) for px, py in SHAPES[shape]]
    draw.polygon(points, fill=colour, outline="#ffffff", width=max(1, round(radius / 7)))


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    """The point in world units (0..1 both ways, y down), Web Mercator as Leaflet draws it."""
    lat = max(min(lat, 85.0511), -85.0511)
    sin = math.sin(math.radians(lat))
    return (lon + 180) / 360, 0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)


def _inverse(x: float, y: float) -> tuple[float, float]:
    lon = x * 360 - 180
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y))))
    return lon, lat


@dataclass(frozen=True)
class View:
    """A map view of `width` x `height` pixels centred on (lon, lat) at a (fractional) zoom."""

    lon: float
    lat: float
    zoom: float
    width: int
    height: int

    @property
    def scale(self) -> float:
        return 256 * 2**self.zoom

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        cx, cy = _mercator(self.lon, self.lat)
        x, y = _mercator(lon, lat)
        return (x - cx) * self.scale + self.width / 2, (y - cy) * self.scale + self.height / 2

    def bounds(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat) of what the view shows."""
        cx, cy = _mercator(self.lon, self.lat)
        half_w, half_h = self.width / 2 / self.scale, self.height / 2 / self.scale
        west, north = _inverse(cx - half_w, max(cy - half_h, 0))
        east, south = _inverse(cx + half_w, min(cy + half_h, 1))
        return west, south, east, north

    @classmethod
    def fitting(cls, bbox, width: int, height: int, max_zoom: float = 8, min_zoom: float = 2) -> View:
        """The view that shows all of bbox (min lon, min lat, max lon, max lat)."""
        west, south, east, north = bbox
        x0, y1 = _mercator(west, south)
        x1, y0 = _mercator(east, north)
        span_x, span_y = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
        zoom = math.log2(min(width / (span_x * 256), height / (span_y * 256)))
        zoom = max(min(zoom, max_zoom), min_zoom)
        lon, lat = _inverse((x0 + x1) / 2, (y0 + y1) / 2)
        return cls(lon, lat, zoom, width, height)


def draw_outline(draw: ImageDraw.ImageDraw, view: View, offset: tuple[float, float] = (0, 0), scale: float = 1) -> None:
    """The sea, then Natural Earth's countries that reach into the view."""
    ox, oy = offset
    draw.rectangle((ox, oy, ox + view.width * scale, oy + view.height * scale), fill=SEA)
    west, south, east, north = view.bounds()
    for (x0, y0, x1, y1), ring in country_rings():
        if x1 < west or x0 > east or y1 < south or y0 > north:
            continue
        points = [view.project(lon, lat) for lon, lat in ring]
        draw.polygon(
            [(ox + x * scale, oy + y * scale) for x, y in points], fill=LAND, outline=BORDER, width=max(1, int(scale))
        )


def brand(draw: ImageDraw.ImageDraw, x: int, y: int, size: int) -> int:
    """The diamond mark and "Hubwatch"; returns the x after it."""
    half = size / 2
    cx, cy = x + half, y + half
    draw.polygon([(cx, y), (x + size, cy), (cx, y + size), (x, cy)], fill=GOLD)
    inner = size * 0.2
    draw.polygon([(cx, cy - inner), (cx + inner, cy), (cx, cy + inner), (cx - inner, cy)], fill=NAVY)
    face = font(round(size * 0.8), bold=True)
    draw.text((x + size + size * 0.35, cy), "Hubwatch", font=face, fill=NAVY, anchor="lm")
    return int(x + size * 1.35 + draw.textlength("Hubwatch", font=face))
