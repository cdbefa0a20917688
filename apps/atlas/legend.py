"""How each status looks on the map and in the legend: a colour AND a shape, so colour is never
the only cue (WCAG 1.4.1). Shapes are polygons in a unit square centred on 0, drawn the same way
by the map's canvas (static/js/atlas/shapes.js) and by the legend's inline SVG."""

from __future__ import annotations

import math

from django.utils.translation import gettext_lazy as _

from apps.sites.models import STATUS_MEANINGS, Status


def _regular(n: int, radius: float = 1.0, rotation: float = -math.pi / 2) -> list[tuple[float, float]]:
    return [
        (
            round(radius * math.cos(rotation + 2 * math.pi * i / n), 3),
            round(radius * math.sin(rotation + 2 * math.pi * i / n), 3),
        )
        for i in range(n)
    ]


def _star(points: int = 5, inner: float = 0.45) -> list[tuple[float, float]]:
    out = []
    for i in range(points * 2):
        r = 1.1 if i % 2 == 0 else inner
        angle = -math.pi / 2 + math.pi * i / points
        out.append((round(r * math.cos(angle), 3), round(r * math.sin(angle), 3)))
    return out


def _cross(width: float = 0.36, rotate: bool = True) -> list[tuple[float, float]]:
    w, L = width, 1.0
    plus = [(-w, -L), (w, -L), (w, -w), (L, -w), (L, w), (w, w), (w, L), (-w, L), (-w, w), (-L, w), (-L, -w), (-w, -w)]
    if not rotate:
        return plus
    c = s = math.sqrt(0.5)
    return [(round(x * c - y * s, 3), round(x * s + y * c, 3)) for x, y in plus]


# status -> (colour, shape name, polygon or None for a circle, ring = hollow circle)
SHAPES = {
    "ring": None,
    "circle": None,
    "triangle": _regular(3, 1.15),
    "diamond": [(0, -1.15), (1.0, 0), (0, 1.15), (-1.0, 0)],
    "square": [(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)],
    "hexagon": _regular(6, 1.0, 0),
    "star": _star(),
    "cross": _cross(),
    "plus": _cross(rotate=False),
    "pentagon": _regular(5, 1.1),
}

# Colours checked for contrast against the map and for distinctness in the common colour
# blindnesses (they differ in lightness too); the shapes carry the meaning anyway.
STATUS_STYLE = {
    Status.RUMOURED: ("#8a8a8a", "ring"),
    Status.ANNOUNCED: ("#e0a100", "triangle"),
    Status.PERMIT_REQUESTED: ("#e66100", "diamond"),
    Status.PERMIT_GRANTED: ("#c2185b", "square"),
    Status.UNDER_CONSTRUCTION: ("#7b1fa2", "hexagon"),
    Status.OPERATIONAL: ("#1b1b1b", "circle"),
    Status.SUSPENDED: ("#1565c0", "plus"),
    Status.ABANDONED: ("#2e7d32", "cross"),
    Status.REFUSED: ("#00897b", "star"),
}

# A site whose current status no source gives (apps.sites: `status` NULL) is drawn and counted too.
UNKNOWN = "unknown"
UNKNOWN_STYLE = ("#795548", "pentagon")


def status_legend() -> list[dict]:
    """Every status with its label, meaning, colour and shape, in life-cycle order, then "status
    unknown"."""
    return [
        *(
            {
                "value": status.value,
                "label": str(status.label),
                "meaning": str(STATUS_MEANINGS[status]),
                "colour": STATUS_STYLE[status][0],
                "shape": STATUS_STYLE[status][1],
            }
            for status in Status
        ),
        {
            "value": UNKNOWN,
            "label": str(UNKNOWN_STATUS),
            "meaning": str(UNKNOWN_MEANING),
            "colour": UNKNOWN_STYLE[0],
            "shape": UNKNOWN_STYLE[1],
        },
    ]


def status_style(status: str | None) -> tuple[str, str] | None:
    """(colour, shape) of a status, "unknown" or None (no status) giving the unknown style."""
    if not status or status == UNKNOWN:
        return UNKNOWN_STYLE
    return STATUS_STYLE.get(status)


def svg_points(shape: str, size: float = 16) -> str:
    """The SVG `points` attribute of a shape scaled to a size x size box."""
    half = size / 2
    return " ".join(f"{half + x * half * 0.8:.2f},{half + y * half * 0.8:.2f}" for x, y in SHAPES[shape] or [])


UNKNOWN_STATUS = _("status unknown")
UNKNOWN_MEANING = _("No source says where the project stands today; it is shown, not guessed.")
