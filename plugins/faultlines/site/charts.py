"""Estimate charts drawn as standalone SVG at build time: no JavaScript, no external service, works offline.

Probabilities span six orders of magnitude (a superforecaster's 0.0001% to a premise's 95%), so the axis is
logarithmic. Published as separate .svg files shown with <img>, so no markup in them can run.
"""
from __future__ import annotations

import math
from xml.sax.saxutils import escape, quoteattr

from ..data.model import Entry

LOW, HIGH = 1e-6, 1.0
WIDTH, LABEL, RIGHT, ROW, TOP = 820, 330, 30, 26, 34
TICKS = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0]


def _x(p: float) -> float:
    p = min(max(p, LOW), HIGH)
    span = math.log10(HIGH) - math.log10(LOW)
    return LABEL + (math.log10(p) - math.log10(LOW)) / span * (WIDTH - LABEL - RIGHT)


def _tick_label(p: float) -> str:
    return f"{p * 100:g}%"


def estimate_chart(title: str, estimates: list[Entry], superseded: set[str]) -> str:
    """One row per estimate: a dot for a value, a bar for an interval; superseded ones hollow."""
    height = TOP + ROW * len(estimates) + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-label={quoteattr(title)} font-family="sans-serif" font-size="12">',
        "<style>text{fill:#555}.axis{stroke:#bbb}.grid{stroke:#e4e4e4}.pt{fill:#3f51b5;stroke:#3f51b5}"
        ".old{fill:none;stroke:#9e9e9e}.bar{stroke:#3f51b5;stroke-width:4;stroke-linecap:round}"
        ".oldbar{stroke:#9e9e9e;stroke-width:4;stroke-dasharray:4 3}"
        "@media (prefers-color-scheme: dark){text{fill:#bbb}.grid{stroke:#444}.axis{stroke:#666}}</style>",
        f"<title>{escape(title)}</title>",
    ]
    axis_y = TOP + ROW * len(estimates) + 4
    for t in TICKS:
        x = _x(t)
        out.append(f'<line class="grid" x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{axis_y}"/>')
        out.append(f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle">{escape(_tick_label(t))}</text>')
    out.append(f'<line class="axis" x1="{LABEL}" y1="{axis_y}" x2="{WIDTH - RIGHT}" y2="{axis_y}"/>')
    out.append(f'<text x="{LABEL}" y="{TOP - 16}">probability (log scale)</text>')
    for i, est in enumerate(estimates):
        y = TOP + ROW * i + ROW / 2
        old = est.id in superseded
        label = f"{est.get('estimator')}, {est.get('date')}"
        if len(label) > 52:
            label = label[:51] + "…"
        out.append(f'<text x="{LABEL - 8}" y="{y + 4:.1f}" text-anchor="end">{escape(label)}</text>')
        if "value" in est.data:
            v = est.data["value"]
            out.append(f'<circle class="{"old" if old else "pt"}" cx="{_x(v):.1f}" cy="{y:.1f}" r="5">'
                       f'<title>{escape(est.name)}: {escape(_tick_label(v))}</title></circle>')
        else:
            lo, hi = est.data["interval"]["low"], est.data["interval"]["high"]
            out.append(f'<line class="{"oldbar" if old else "bar"}" x1="{_x(lo):.1f}" y1="{y:.1f}" x2="{_x(hi):.1f}" y2="{y:.1f}">'
                       f'<title>{escape(est.name)}: {escape(_tick_label(lo))}–{escape(_tick_label(hi))}</title></line>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
