"""Draw the site's mark — a white 公 (公开) on the house red — as SVG and PNG files.

The character is drawn from strokes, not set in a font, so it looks the same everywhere and
the files come out byte-identical on every run. `python -m tests.icons` rewrites them in
theme/assets/images/ (favicon.svg, icon-180.png for home screens, share.png for share cards).
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "theme" / "assets" / "images"
RED = "#a8201a"
WHITE = "#ffffff"
SIZE = 64
CORNER = 12
STROKE = 6.5
# 公 on a 64 × 64 grid: 八 above (two falling strokes), 厶 below (a fold and its dot).
STROKES: tuple[tuple[tuple[float, float], ...], ...] = (
    ((26, 11), (12, 29)),
    ((38, 11), (53, 29)),
    ((31, 30), (17, 50), (45, 47)),
    ((38, 37), (47, 49)),
)


def icon_svg() -> str:
    """Return the mark as an SVG document."""
    lines = "".join(
        f'<polyline points="{" ".join(f"{x:g},{y:g}" for x, y in points)}"/>' for points in STROKES
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}">'
        f'<rect width="{SIZE}" height="{SIZE}" rx="{CORNER}" fill="{RED}"/>'
        f'<g fill="none" stroke="{WHITE}" stroke-width="{STROKE:g}" stroke-linecap="round"'
        f' stroke-linejoin="round">{lines}</g></svg>\n'
    )


def icon_png(pixels: int, rounded: bool = True) -> bytes:
    """Return the mark as a PNG of pixels × pixels, drawn at 4× and scaled down smoothly."""
    scale = pixels * 4 / SIZE
    big = Image.new("RGBA", (pixels * 4, pixels * 4), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    corner = round(CORNER * scale) if rounded else 0
    draw.rounded_rectangle((0, 0, pixels * 4 - 1, pixels * 4 - 1), corner, fill=RED)
    width = round(STROKE * scale)
    for points in STROKES:
        scaled = [(x * scale, y * scale) for x, y in points]
        draw.line(scaled, fill=WHITE, width=width, joint="curve")
        for x, y in scaled:  # round caps
            draw.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=WHITE)
    small = big.resize((pixels, pixels), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def icon_files() -> dict[str, bytes]:
    """Return {file name: bytes} for every icon file the theme ships."""
    return {
        "favicon.svg": icon_svg().encode("utf-8"),
        # Home screens round the corners themselves; share cards are shown as they are.
        "icon-180.png": icon_png(180, rounded=False),
        "share.png": icon_png(512),
    }


def main() -> None:
    """Write the icon files into theme/assets/images/."""
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name, data in icon_files().items():
        (IMAGES / name).write_bytes(data)
        print(IMAGES / name)


if __name__ == "__main__":
    main()
