"""Static, accessible SVG charts made at build time: no script, no outside service."""

from __future__ import annotations

from html import escape
from typing import Any

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


BAR_WIDTH, BAR_HEIGHT, BAR_TOP = 480, 28, 8


def status_bar_svg(tallies: list[Any], chart_id: str, title: str) -> str:
    """Draw a stacked bar of task counts by status; every segment also named in text."""
    total = sum(t.count for t in tallies) or 1
    described = "；".join(f"{t.status.name} {t.count} 项" for t in tallies)
    described += f"，共 {sum(t.count for t in tallies)} 项"
    rows = (len(tallies) + 2) // 3
    height = BAR_TOP + BAR_HEIGHT + 12 + rows * 22
    parts = [
        f'<svg class="chart status-chart" role="img" viewBox="0 0 {BAR_WIDTH} {height}" '
        f'width="{BAR_WIDTH}" height="{height}" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(described)}</desc>',
    ]
    x = 0.0
    for tally in tallies:
        width = tally.count * BAR_WIDTH / total
        colour = escape(tally.status.colour)
        parts.append(
            f'<rect x="{x:.1f}" y="{BAR_TOP}" width="{width:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{colour}" stroke="#ffffff" stroke-width="1"/>'
        )
        if width >= 28:
            # The count inside its segment, white on the status colour (all are dark enough).
            parts.append(
                f'<text x="{x + width / 2:.1f}" y="{BAR_TOP + 19}" text-anchor="middle" '
                f'fill="#ffffff">{tally.count}</text>'
            )
        x += width
    for index, tally in enumerate(tallies):
        column, row = index % 3, index // 3
        left, top = column * 160, BAR_TOP + BAR_HEIGHT + 26 + row * 22
        parts.append(
            f'<rect x="{left}" y="{top - 11}" width="12" height="12" '
            f'fill="{escape(tally.status.colour)}"/>'
            f'<text x="{left + 18}" y="{top}">{escape(tally.status.icon)} '
            f"{escape(tally.status.name)} {tally.count} 项</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
