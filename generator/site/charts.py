"""Static, accessible SVG charts made at build time: no script, no outside service."""

from __future__ import annotations

from html import escape

from generator.model import TARGET
from generator.site.gather import Series

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 30


def series_svg(series: Series, chart_id: str, name: str) -> str:
    """Draw one government's values over the years: targets hollow, results filled."""
    points = [p for p in series.points if p.indicator.value is not None]
    years = sorted({p.indicator.year or 0 for p in points})
    values = [v for p in points for v in (p.indicator.value, p.indicator.high) if v is not None]
    low, high = min([*values, 0.0]), max(values)
    if high == low:
        high = low + 1
    span_x = max(len(years) - 1, 1)

    def x(year: int) -> float:
        index = years.index(year)
        middle = (WIDTH - LEFT - RIGHT) / 2
        return LEFT + (middle if len(years) == 1 else index * (WIDTH - LEFT - RIGHT) / span_x)

    def y(value: float) -> float:
        return TOP + (high - value) * (HEIGHT - TOP - BOTTOM) / (high - low)

    unit = escape(series.unit)
    described = "；".join(
        f"{p.indicator.year}年{'目标' if p.indicator.kind == TARGET else '实绩'}"
        f"{_value(p.indicator.value, p.indicator.high)}{series.unit}{p.indicator.qualifier}"
        for p in points
    )
    title = f"{series.government.name}{name}（{unit or '数值'}）历年目标与实绩"
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(described)}</desc>',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" '
        f'y2="{HEIGHT - BOTTOM}" class="axis"/>',
        f'<text x="{LEFT - 6}" y="{y(high) + 4:.1f}" text-anchor="end">{_value(high, None)}</text>',
        f'<text x="{LEFT - 6}" y="{y(low) + 4:.1f}" text-anchor="end">{_value(low, None)}</text>',
    ]
    for year in years:
        parts.append(
            f'<text x="{x(year):.1f}" y="{HEIGHT - 10}" text-anchor="middle">{year}</text>'
        )
    for point in points:
        i = point.indicator
        cx, cy = x(i.year or 0), y(i.value or 0)
        is_target = i.kind == TARGET
        if i.high is not None:
            parts.append(
                f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{cx:.1f}" y2="{y(i.high):.1f}" '
                'class="range"/>'
            )
        shape = "target" if is_target else "result"
        offset = -7 if is_target else 7
        parts.append(f'<circle cx="{cx + offset / 2:.1f}" cy="{cy:.1f}" r="4" class="{shape}"/>')
        label = _value(i.value, i.high)
        parts.append(
            f'<text x="{cx + offset:.1f}" y="{cy - 7:.1f}" '
            f'text-anchor="{"end" if is_target else "start"}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _value(value: float | None, high: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if high is None else f"{value:g}–{high:g}"
