"""The priorities page: every failure mode with how much work bears on it, how it is graded, its evidence and
its estimates, gaps first, as one HTML table.

The table is complete without JavaScript (default weights, gaps first, then least effort first). Each row
carries, per relevance grade, the summed FTE range of its agendas with a figure, so that the page's script
(docs/javascripts/priorities.js) can recompute the effort ranges for other weights, re-sort and show how each
row moved. Ranges stay ranges: nothing here folds them into one score. Contributor text only enters as
escaped text and attribute values.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..data.effort import EFFORT_WEIGHTS, FteRange, agenda_effort, weighted_effort
from ..data.model import Entry, KnowledgeBase
from .matrix_html import _href

GRADES = ("high", "medium", "low")
EVIDENCE_ORDER = {"deployed": 3, "lab": 2, "theoretical": 1}
EVIDENCE_WORDS = {"deployed": "Deployed systems", "lab": "Lab demonstration", "theoretical": "Theoretical"}


@dataclass
class PriorityRow:
    fm: Entry
    counts: dict[str, int]  # agendas per grade
    sums: dict[str, FteRange | None]  # per grade, the summed FTE range of its agendas with a figure
    unestimated: int  # agendas with no FTE figure
    evidence: str | None
    estimates: int
    effort: FteRange | None  # with the default weights

    @property
    def status(self) -> str:
        """'gap' (no agenda), 'thin' (only low-relevance agendas) or 'covered'."""
        if not any(self.counts.values()):
            return "gap"
        return "thin" if not self.counts["high"] and not self.counts["medium"] else "covered"


def priority_rows(kb: KnowledgeBase) -> list[PriorityRow]:
    """Every failure mode, gaps first, then only-low-relevance ones, then by effort (least first), then name."""
    rows = []
    for fm in kb.of_kind("failure-mode"):
        coverage = kb.coverage(fm)
        counts = {g: 0 for g in GRADES}
        sums: dict[str, FteRange | None] = {g: None for g in GRADES}
        unestimated = 0
        for c in coverage:
            counts[c.relevance] += 1
            effort = agenda_effort(c.agenda)
            if effort.range is None:
                unestimated += 1
                continue
            sums[c.relevance] = effort.range if sums[c.relevance] is None else sums[c.relevance] + effort.range
        total = weighted_effort((c.relevance, agenda_effort(c.agenda)) for c in coverage).range
        rows.append(PriorityRow(fm, counts, sums, unestimated, kb.evidence(fm).level, len(kb.estimates_about(fm)), total))
    return sorted(rows, key=sort_key)


def sort_key(row: PriorityRow):
    status = {"gap": 0, "thin": 1, "covered": 2}[row.status]
    low = row.effort.low if row.effort else 0.0
    high = row.effort.high if row.effort and row.effort.high is not None else float("inf")
    return (status, low, high, row.fm.name.casefold())


def _range_attr(r: FteRange | None) -> str:
    if r is None:
        return ""
    return f"{_num(r.low)}:{'' if r.high is None else _num(r.high)}"


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


STATUS_WORDS = {"gap": "Gap: no agenda", "thin": "Thin: only low-relevance agendas", "covered": "Addressed"}


def priorities_table(kb: KnowledgeBase, page_url: str, directory_urls: bool = True) -> str:
    rows = priority_rows(kb)
    out = ['<table class="fl-priorities" data-no-tooltips>',
           "<caption>Every failure mode, gaps first, then by estimated effort, least first. Effort: the agendas' "
           "FTE ranges weighted by relevance (high " + f"{EFFORT_WEIGHTS['high']:g}, medium {EFFORT_WEIGHTS['medium']:g}, "
           f"low {EFFORT_WEIGHTS['low']:g}" + "). A range, never a score.</caption>",
           '<thead><tr><th scope="col" data-sort="rank">#</th><th scope="col" data-sort="name">Failure mode</th>'
           '<th scope="col" data-sort="status">Status</th><th scope="col" data-sort="effort">Effort (FTEs)</th>'
           '<th scope="col" data-sort="agendas">Agendas (high / medium / low)</th>'
           '<th scope="col" data-sort="evidence">Evidence</th><th scope="col" data-sort="estimates">Estimates</th>'
           "</tr></thead><tbody>"]
    for i, r in enumerate(rows, 1):
        href = escape(_href(page_url, r.fm, directory_urls))
        attrs = "".join(f' data-{g[0]}="{_range_attr(r.sums[g])}" data-n{g[0]}="{r.counts[g]}"' for g in GRADES)
        effort = r.effort.text() if r.effort else ("unknown" if r.unestimated else "none")
        unknown = (f' <span class="fl-unestimated">(+{r.unestimated} with no estimate)</span>' if r.unestimated and r.effort
                   else "")
        n = sum(r.counts.values())
        agendas = f"{n} ({r.counts['high']} / {r.counts['medium']} / {r.counts['low']})"
        ev = r.evidence
        estimates = (f'<a href="{href}#estimates">{r.estimates}</a>' if r.estimates else "0")
        out.append(
            f'<tr class="fl-status-{r.status}" data-id="{escape(r.fm.id)}" data-name="{escape(r.fm.name.casefold())}"'
            f' data-status="{r.status}" data-evidence="{EVIDENCE_ORDER.get(ev, 0)}" data-estimates="{r.estimates}"'
            f' data-unestimated="{r.unestimated}" data-rank="{i}"{attrs}>'
            f'<td class="fl-rank">{i}</td>'
            f'<th scope="row"><a href="{href}">{escape(r.fm.name)}</a></th>'
            f'<td>{escape(STATUS_WORDS[r.status])}</td>'
            f'<td class="fl-effort-cell"><span class="fl-effort-range">{escape(effort)}</span>{unknown}</td>'
            f'<td><a href="{href}#agendas">{escape(agendas)}</a></td>'
            f'<td>{escape(EVIDENCE_WORDS.get(ev, "No documented instance"))}</td>'
            f"<td>{estimates}</td></tr>")
    out.append("</tbody></table>")
    return "".join(out)
