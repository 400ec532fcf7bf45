"""The scale curve as an SVG: `up` time and API calls against the number of strategies, one line per latency."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

__all__ = ["scale_svg"]

WIDTH, HEIGHT, MARGIN = 360, 260, 52
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")


def _panel(
    left: float, title: str, unit: str, series: Mapping[str, Sequence[tuple[int, float]]], ns: Sequence[int]
) -> list[str]:
    top = max((v for points in series.values() for _, v in points), default=1.0) * 1.1 or 1.0
    x0, x1 = left + MARGIN, left + WIDTH - 16
    y0, y1 = HEIGHT - 40, 36
    span = math.log10(max(ns)) - math.log10(min(ns)) or 1.0

    def x(n: int) -> float:
        return x0 + (math.log10(n) - math.log10(min(ns))) / span * (x1 - x0)

    def y(v: float) -> float:
        return y0 - v / top * (y0 - y1)

    out = [
        f'<text x="{left + WIDTH / 2}" y="20" text-anchor="middle" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y0}" stroke="#444"/>',
        f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="#444"/>',
        f'<text x="{left + WIDTH / 2}" y="{HEIGHT - 8}" text-anchor="middle">strategies (log scale)</text>',
        f'<text x="{left + 12}" y="{(y0 + y1) / 2}" transform="rotate(-90 {left + 12} {(y0 + y1) / 2})" '
        f'text-anchor="middle">{escape(unit)}</text>',
    ]
    for n in ns:
        out.append(f'<text x="{x(n):.1f}" y="{y0 + 16}" text-anchor="middle">{n}</text>')
    for i in range(5):
        value = top * i / 4
        out.append(f'<text x="{x0 - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value:.3g}</text>')
    for points, colour in zip(series.values(), COLOURS, strict=False):
        path = " ".join(f"{x(n):.1f},{y(v):.1f}" for n, v in points)
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        out += [f'<circle cx="{x(n):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>' for n, v in points]
    return out


def scale_svg(
    ns: Sequence[int],
    seconds: Mapping[str, Sequence[tuple[int, float]]],
    calls: Mapping[str, Sequence[tuple[int, float]]],
    caption: str,
) -> str:
    """Two panels (time, calls) sharing a legend; `seconds` and `calls` map a series label to (N, value) points."""
    body = _panel(0, "up time", "seconds", seconds, ns) + _panel(WIDTH, "API calls", "calls", calls, ns)
    for i, (label, colour) in enumerate(zip(seconds, COLOURS, strict=False)):
        body.append(f'<rect x="{MARGIN + 8}" y="{44 + 16 * i}" width="10" height="10" fill="{colour}"/>')
        body.append(f'<text x="{MARGIN + 22}" y="{53 + 16 * i}">{escape(label)}</text>')
    body.append(f'<text x="{WIDTH}" y="{HEIGHT + 14}" text-anchor="middle" font-size="10">{escape(caption)}</text>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * WIDTH}" height="{HEIGHT + 22}" '
        f'font-family="sans-serif" font-size="11">\n<rect width="100%" height="100%" fill="white"/>\n'
        + "\n".join(body)
        + "\n</svg>\n"
    )
