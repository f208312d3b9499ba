"""Estimate charts drawn as standalone SVG at build time: no JavaScript, no external service, works offline.

Charts that cannot mislead:
- a conditional estimate is never drawn on the unconditional axis: each condition gets its own panel, and
  the condition is in the panel's heading and, whole, on its own line of the row's label ("given premises 1–5");
- an open-ended statement is an arrow from its bound, labelled "> 10%", never a bar to 100%; the axis leaves
  room for the arrow (a small upper bound gets a decade below it), and its head stops clear of the axis end;
- rows are numbered and labelled by the estimate's name (who, when, what), so labels are unique and match the
  numbered table under the chart, which carries every row's full text (a reader never needs the SVG's titles);
- gridlines are drawn first, so marks sit on top of them, not cut through;
- each panel's axis fits its data: linear 0–100% when every figure is at least 1%, logarithmic (whole
  decades) only when the figures span decades.
Each chart is drawn twice, 720 wide for wide screens and 360 wide (labels above the marks) for phones, so
that text is at least 11 px on a 390 px screen; both carry their own background for light and dark.
Published as separate .svg files shown with <img>, so no markup in them can run.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from ..data.model import Entry
from ..data.self_reported import LABEL as SELF_LABEL, is_self_reported

FONT = 13
STYLE = (
    "<style>.bg{fill:#fff}text{fill:#333}.muted{fill:#555}.axis{stroke:#888}.grid{stroke:#e0e0e0}"
    ".pt{fill:#3949ab;stroke:#3949ab}.old{fill:#fff;stroke:#757575;stroke-width:2}"
    ".bar{stroke:#3949ab;stroke-width:4;stroke-linecap:round}.oldbar{stroke:#757575;stroke-width:4;stroke-dasharray:4 3}"
    ".arrowhead{fill:#3949ab}.oldhead{fill:#757575}.head{font-weight:bold}"
    # a halo in the background colour: a gridline passing behind a label or a figure never cuts through it
    ".label,.value{paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}"
    "@media (prefers-color-scheme: dark){.bg{fill:#1e2029}text{fill:#e8e8e8}.muted{fill:#c4c4c4}.grid{stroke:#3a3d4a}"
    ".axis{stroke:#9e9e9e}.pt{fill:#9fa8da;stroke:#9fa8da}.bar{stroke:#9fa8da}.arrowhead{fill:#9fa8da}"
    ".old{fill:#1e2029;stroke:#bdbdbd}.oldbar{stroke:#bdbdbd}.oldhead{fill:#bdbdbd}.label,.value{stroke:#1e2029}}</style>"
)


@dataclass
class Row:
    id: str
    label: str
    low: float
    high: float
    shape: str  # value | interval | lower | upper
    text: str  # the figure as shown, e.g. "5%", "> 10%"
    old: bool  # superseded by the same estimator
    conditional: bool
    condition: str = ""  # the condition phrase, shown whole under the label


@dataclass
class Panel:
    heading: str
    condition: str  # "" for the unconditional panel
    rows: list[Row]


@dataclass
class Axis:
    log: bool
    low: float
    ticks: list[float]

    @classmethod
    def fit(cls, rows: list[Row]) -> "Axis":
        figures = [f for r in rows for f in (r.low, r.high) if f > 0 and not (r.shape == "lower" and f == r.high)]
        # '< 1%' needs room to point into: a decade below the bound, on a log axis when the bound is small
        figures += [r.high / 10 for r in rows if r.shape == "upper" and 0 < r.high < 0.1]
        smallest = min(figures, default=1.0)
        if smallest >= 0.01:
            return cls(False, 0.0, [0.0, 0.25, 0.5, 0.75, 1.0])
        decade = math.floor(math.log10(smallest))
        step = 1 if -decade <= 4 else 2
        ticks = [10.0 ** d for d in range(decade, 1, step)]
        if ticks[-1] != 1.0:
            ticks.append(1.0)
        return cls(True, 10.0 ** decade, ticks)

    def position(self, p: float, left: float, right: float) -> float:
        if self.log:
            p = min(max(p, self.low), 1.0)
            share = (math.log10(p) - math.log10(self.low)) / -math.log10(self.low)
        else:
            share = min(max(p, 0.0), 1.0)
        return left + share * (right - left)


def percent_text(p: float) -> str:
    return f"{p * 100:.4g}%"


def figure(data: dict) -> tuple[float, float, str, str]:
    """(low, high, shape, text) of an estimate's figure: '5%', '10%–20%', '> 10%', '≥ 20%', '< 1%'."""
    if "value" in data:
        v = data["value"]
        return v, v, "value", percent_text(v)
    if "interval" in data:
        lo, hi = data["interval"]["low"], data["interval"]["high"]
        return lo, hi, "interval", f"{percent_text(lo)}–{percent_text(hi)}"
    bound = data["bound"]
    inclusive = bound.get("inclusive", False)
    if "lower" in bound:
        return bound["lower"], 1.0, "lower", f"{'≥' if inclusive else '>'} {percent_text(bound['lower'])}"
    return 0.0, bound["upper"], "upper", f"{'≤' if inclusive else '<'} {percent_text(bound['upper'])}"


def tick_text(p: float) -> str:
    return f"{p * 100:g}%"


def estimate_chart(title: str, panels: list[Panel], narrow: bool = False) -> str:
    """The panels one under another, each with its own axis; narrow=True for phones."""
    width = 360 if narrow else 720
    label_w = 0 if narrow else 300
    left, right = (24 if narrow else label_w + 14), width - 24
    row_h = 40 if narrow else 30
    body: list[str] = []
    y = 8
    for index, panel in enumerate(panels):
        axis = Axis.fit(panel.rows)
        body.append(f'<g class="panel" data-conditional="{1 if panel.condition else 0}" '
                    f'data-condition={quoteattr(panel.condition)} data-scale="{"log" if axis.log else "linear"}">')
        for line in _wrap(panel.heading, width - 16, width - 16, most=3, cut=False):
            body.append(f'<text class="head" x="8" y="{y + 16}">{escape(line)}</text>')
            y += 18
        y += 12
        top = y
        drawn: list[str] = []
        for row in panel.rows:
            # The name may lose its end (the numbered table under the chart has it whole); the condition never.
            room = width - 90 if narrow else label_w - 8
            lines = _wrap(row.label, room, width - 16 if narrow else room)
            conditions = _wrap(row.condition, width - 16 if narrow else room, width - 16 if narrow else room,
                               most=4, cut=False) if row.condition else []
            height = row_h + 16 * (len(lines) + len(conditions) - 1)
            drawn.append(_row(row, axis, y, height, left, right, label_w, narrow, width, lines, conditions))
            y += height
        body.append(_axis(axis, top - 6, y + 2, left, right, narrow))  # first: the marks sit on the gridlines
        body.extend(drawn)
        y += 44 if index < len(panels) - 1 else 36
        body.append("</g>")
    height = y
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'role="img" aria-label={quoteattr(title)} font-family="sans-serif" font-size="{FONT}">')
    defs = ('<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="4" markerHeight="4" '
            'orient="auto-start-reverse"><path class="arrowhead" d="M0 0L10 5L0 10z"/></marker>'
            '<marker id="oldarrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="4" markerHeight="4" '
            'orient="auto-start-reverse"><path class="oldhead" d="M0 0L10 5L0 10z"/></marker></defs>')
    return "\n".join([head, STYLE, defs, f"<title>{escape(title)}</title>",
                      f'<rect class="bg" width="{width}" height="{height}" rx="4"/>', *body, "</svg>"]) + "\n"


def _fit(text: str, room: float, font: int) -> str:
    most = int(room / (font * 0.56))
    return text if len(text) <= most else text[:most - 1] + "…"


def _wrap(text: str, first: float, rest: float, most: int = 2, cut: bool = True) -> list[str]:
    """At most `most` lines at word boundaries: the first leaves room for the figure at its end. cut=False
    never shortens the text (a condition is shown whole), so it may take more lines."""
    lines: list[str] = []
    room = first
    while text:
        fits = int(room / (FONT * 0.56))
        if len(text) <= fits:
            lines.append(text)
            break
        if cut and len(lines) == most - 1:
            lines.append(_fit(text, room, FONT))
            break
        at = text.rfind(" ", 0, fits + 1)
        at = at if at > fits // 2 else fits
        lines.append(text[:at].rstrip())
        text = text[at:].strip()
        room = rest
    return lines


def _row(row: Row, axis: Axis, y: float, row_h: int, left: float, right: float, label_w: int, narrow: bool,
         width: int, lines: list[str], conditions: list[str]) -> str:
    out = [f'<g class="row" data-estimate={quoteattr(row.id)} data-conditional="{1 if row.conditional else 0}" '
           f'data-condition={quoteattr(row.condition)} data-shape="{row.shape}">']
    mark_y = y + (row_h - 10 if narrow else row_h / 2)
    texts = [(line, "label") for line in lines] + [(line, "label cond") for line in conditions]
    for i, (line, cls) in enumerate(texts):
        style = ' font-style="italic"' if cls.endswith("cond") else ""
        if narrow:
            out.append(f'<text class="{cls}" x="8" y="{y + 14 + 16 * i}"{style}>{escape(line)}</text>')
        else:
            line_y = mark_y + 4 - 8 * (len(texts) - 1) + 16 * i
            out.append(f'<text class="{cls}" x="{label_w}" y="{line_y:.1f}" text-anchor="end"{style}>{escape(line)}</text>')
    lo, hi = axis.position(row.low, left, right), axis.position(row.high, left, right)
    if row.shape == "value":
        out.append(f'<circle class="{"old" if row.old else "pt"}" cx="{lo:.1f}" cy="{mark_y:.1f}" r="5"/>')
        anchor_x, anchor = lo, "middle"
    elif row.shape == "interval":
        out.append(f'<line class="{"oldbar" if row.old else "bar"}" x1="{lo:.1f}" y1="{mark_y:.1f}" x2="{hi:.1f}" '
                   f'y2="{mark_y:.1f}"/>')
        anchor_x, anchor = (lo + hi) / 2, "middle"
    else:  # an open bound: from the bound towards the end of the axis, with an arrowhead, never a closed bar;
        # the head stops short of the axis end, and the figure sits over the arrow, on the bound's side
        start, end = (lo, right - 8) if row.shape == "lower" else (hi, left + 8)
        marker = "oldarrow" if row.old else "arrow"
        out.append(f'<line class="{"oldbar" if row.old else "bar"}" x1="{start:.1f}" y1="{mark_y:.1f}" x2="{end:.1f}" '
                   f'y2="{mark_y:.1f}" marker-end="url(#{marker})" stroke-linecap="butt"/>')
        out.append(f'<line class="{"oldbar" if row.old else "bar"}" x1="{start:.1f}" y1="{mark_y - 7:.1f}" '
                   f'x2="{start:.1f}" y2="{mark_y + 7:.1f}" stroke-width="2"/>')
        anchor_x, anchor = (start + 4, "start") if row.shape == "lower" else (start - 4, "end")
        if row.shape == "upper" and start - left < 40:  # no room before the bound: the figure goes after it
            anchor_x, anchor = start + 6, "start"
    if anchor == "middle":
        anchor_x = min(max(anchor_x, left + 18), right - 18)
    if narrow:  # the figure at the end of the label line
        out.append(f'<text class="muted value" x="{width - 8}" y="{y + 14}" text-anchor="end">{escape(row.text)}</text>')
    else:  # the figure just above its mark
        out.append(f'<text class="muted value" x="{anchor_x:.1f}" y="{mark_y - 8:.1f}" text-anchor="{anchor}" '
                   f'font-size="{FONT - 1}">{escape(row.text)}</text>')
    out.append("</g>")
    return "".join(out)


def _axis(axis: Axis, top: float, bottom: float, left: float, right: float, narrow: bool) -> str:
    out = []
    ticks = axis.ticks if not narrow or len(axis.ticks) <= 5 else axis.ticks[::2] + ([1.0] if axis.ticks[::2][-1] != 1.0 else [])
    for i, t in enumerate(ticks):
        x = axis.position(t, left, right)
        # the end labels stay inside the drawing
        anchor = "middle" if not narrow or 0 < i < len(ticks) - 1 else ("start" if i == 0 else "end")
        text_x = x - 10 if anchor == "start" else x + 10 if anchor == "end" else x
        out.append(f'<line class="grid" x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}"/>')
        out.append(f'<text class="muted" x="{text_x:.1f}" y="{bottom + 16}" text-anchor="{anchor}">{escape(tick_text(t))}</text>')
    out.append(f'<line class="axis" x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"/>')
    scale = "log scale" if axis.log else "linear scale"
    out.append(f'<text class="muted scale" x="{right}" y="{bottom + 32}" text-anchor="end" font-size="{FONT - 1}">'
               f'probability ({scale})</text>')
    return "".join(out)


def chart_rows(estimates: list[Entry], superseded: set[str], conditions: dict[str, str],
               values: dict[str, tuple[float, float, str, str]], numbers: dict[str, int]) -> list[Panel]:
    """Panels for a scenario page: the unconditional estimates first, then one panel per condition.

    conditions: estimate id -> its condition phrase ('' when unconditional); values: id -> (low, high, shape,
    text); numbers: id -> its row number in the table under the chart. A row's label is its number and the
    estimate's name (who, when and what), plus the horizon when the estimates' horizons differ and the name
    does not say it; a conditional row's condition is shown under it, whole.
    """
    horizons = {e.get("horizon") or "" for e in estimates}
    panels: dict[tuple[bool, str], Panel] = {}
    for e in estimates:
        cond = conditions.get(e.id, "")
        own = is_self_reported(e)  # their own panel, and the word on the row: never read as published
        label = f"{numbers[e.id]}. {e.name}" + (f" ({SELF_LABEL})" if own else "")
        if len(horizons) > 1 and e.get("horizon") and e.get("horizon") not in e.name:
            label += f" ({e.get('horizon')})"
        low, high, shape, text = values[e.id]
        heading = cond[:1].upper() + cond[1:] if cond else "Unconditional"
        heading = f"Self-reported, {heading[:1].lower() + heading[1:]}" if own else heading
        panel = panels.setdefault((own, cond), Panel(heading, cond, []))
        panel.rows.append(Row(e.id, label, low, high, shape, text, e.id in superseded, bool(cond), cond))
    # published before self-reported, unconditional first, then conditions in the order given (as the table numbers them)
    return [panels[k] for k in sorted(panels, key=lambda k: (k[0], k[1] != ""))]
