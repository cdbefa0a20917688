"""Draw the PNG and ICO icons (favicon, touch icon, web-app manifest) and the generic share card from the same shapes as
static/img/favicon.svg, with Pillow. Run once when the mark changes; the files are committed.

    .venv/bin/python scripts/make_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "img"
NAVY, GOLD = "#14213d", "#ffbf47"


def icon(size: int, maskable: bool = False) -> Image.Image:
    scale = 8  # drawn large, then reduced: smooth edges without anti-aliasing support in ImageDraw
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    unit = big / 64
    if maskable:  # the whole square is painted; the mark keeps inside the 80 % safe zone
        draw.rectangle((0, 0, big, big), fill=NAVY)
        unit *= 0.8
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=12 * unit, fill=NAVY)
    c = big / 2

    def diamond(r: float, fill: str) -> None:
        draw.polygon([(c, c - r * unit), (c + r * unit, c), (c, c + r * unit), (c - r * unit, c)], fill=fill)

    diamond(24, GOLD)
    diamond(10, NAVY)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def share_card() -> Image.Image:
    """The preview image of the pages that have none of their own (1200x630, Open Graph's size)."""
    from PIL import ImageFont

    def font(size: int, bold: bool = False):
        name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
        try:
            return ImageFont.truetype(f"/usr/share/fonts/truetype/dejavu/{name}", size)
        except OSError:
            return ImageFont.load_default(size)

    card = Image.new("RGB", (1200, 630), NAVY)
    card.paste(icon(220), (110, 205), icon(220))
    draw = ImageDraw.Draw(card)
    draw.text((380, 215), "Hubwatch", font=font(96, bold=True), fill="#ffffff")
    draw.text((384, 340), "An open atlas of contested logistics sites", font=font(38), fill=GOLD)
    draw.text((384, 392), "Un atlas ouvert des sites logistiques contestés", font=font(30), fill="#d0d6e2")
    draw.text((110, 560), "Data: Open Database License (ODbL) 1.0", font=font(24), fill="#d0d6e2")
    return card


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (32, 180, 192, 512):
        icon(size).save(OUT / f"icon-{size}.png", optimize=True)
    icon(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    icon(48).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    share_card().save(OUT / "share-card.png", optimize=True)


if __name__ == "__main__":
    main()
