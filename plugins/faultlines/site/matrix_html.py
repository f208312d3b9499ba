"""The agenda × failure-mode heatmap as one compact HTML table, in either orientation.

Built as HTML (not a Markdown table) so rows and columns can carry the data the page's script sorts and
filters on (docs/javascripts/matrix.js, which also builds the phone's list view from this table). Every cell
is a letter (H/M/L) as well as a colour, so the legend never relies on colour alone. Nothing in the table has
a `title`: Material turns titles into hover tooltips, which stuck on the heatmap's headings. Contributor text
only enters as escaped text and attribute values.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html import escape

from ..data.model import Entry, Matrix

LETTER = {"high": "H", "medium": "M", "low": "L"}


@dataclass(frozen=True)
class Words:
    """What the other side of a failure-mode matrix is called, and what its grade means (for the caption and
    for matrix.js, which reads them off the table)."""

    one: str  # "agenda"
    many: str  # "research agendas", as the caption counts them
    verb: str  # "addresses": an agenda addresses a failure mode
    grade: str  # "relevance"
    how: str  # "How much", the caption's first words


AGENDAS = Words("agenda", "research agendas", "addresses", "relevance", "How much")
EVALUATIONS = Words("evaluation", "evaluations", "looks for", "directness", "How directly")


def _href(from_url: str, entry: Entry, directory_urls: bool) -> str:
    target = entry.url if directory_urls else entry.url.rstrip("/") + ".html"
    base = from_url if directory_urls else posixpath.dirname(from_url)
    return posixpath.relpath(target, base or ".") + ("/" if directory_urls else "")


def _attrs(entry: Entry, m: Matrix) -> str:
    tags = " ".join(entry.get("tags", []))
    evidence = m.evidence.get(entry.id, "")  # computed from the instance examples (data/evidence.py)
    return (f' data-id="{escape(entry.id)}" data-tags="{escape(tags)}" data-evidence="{escape(evidence)}"'
            f' data-name="{escape(entry.name.casefold())}"')


def caption(rows_are_failure_modes: bool, n_rows: int, n_cols: int, words: Words = AGENDAS) -> str:
    if rows_are_failure_modes:
        what, count = f"each of {n_cols} {words.many} (columns) {words.verb} each of {n_rows} failure modes (rows)", words.one + "s"
    else:
        what, count = f"each of {n_rows} {words.many} (rows) {words.verb} each of {n_cols} failure modes (columns)", "failure modes"
    return (f"{words.how} {what}: H high, M medium, L low, an empty cell not at all. # counts a row's {count}, "
            f"Σ sums its grades (H = 3, M = 2, L = 1). Arrow keys move between cells.")


def heatmap(m: Matrix, rows_are_failure_modes: bool, page_url: str, directory_urls: bool = True,
            fte: dict[str, str] | None = None, words: Words = AGENDAS) -> str:
    """m.agendas are the columns of the failure-mode matrix: agendas, or evaluations with words=EVALUATIONS.
    fte: per column id, its estimated FTEs as shown (an agenda's, or a failure mode's weighted effort), for
    a footer row of its own."""
    rows, cols = (m.failure_modes, m.agendas) if rows_are_failure_modes else (m.agendas, m.failure_modes)
    cell = (lambda r, c: m.cells.get((c.id, r.id))) if rows_are_failure_modes else (lambda r, c: m.cells.get((r.id, c.id)))
    row_word, col_word = ("Failure mode", words.one) if rows_are_failure_modes else (words.one.capitalize(), "failure mode")
    total = m.row_total if rows_are_failure_modes else m.column_total
    col_total = m.column_total if rows_are_failure_modes else m.row_total
    none = (f"No {words.one} {words.verb} it" if rows_are_failure_modes
            else f"No failure mode {'addresses it' if words is AGENDAS else 'is looked for'}")
    # data-no-tooltips: glossary tooltips stay out of the grid (tooltips.py); the legend explains it instead.
    # The data-*-word attributes tell matrix.js what to call rows, columns and grades in its controls.
    out = [f'<table class="fl-heatmap" data-no-tooltips data-orientation="{"failure-modes" if rows_are_failure_modes else words.one + "s"}"'
           f' data-other="{escape(words.one)}s" data-grade="{escape(words.grade)}" data-none="{escape(none)}">',
           f'<caption>{escape(caption(rows_are_failure_modes, len(rows), len(cols), words))}</caption>',
           "<thead><tr>", f'<th class="fl-rowhead" scope="col">{row_word}</th>']
    for c in cols:
        out.append(f'<th class="fl-col" scope="col"{_attrs(c, m)}>'
                   f'<a href="{escape(_href(page_url, c, directory_urls))}"><span>{escape(c.name)}</span></a></th>')
    out.append(f'<th class="fl-total fl-n" scope="col" aria-label="Number of {col_word}s">#</th>'
               f'<th class="fl-total fl-s" scope="col" aria-label="Summed grades">Σ</th>')
    out.append("</tr></thead><tbody>")
    for r in rows:
        count, weight = total(r)
        gap = ' class="fl-gap"' if count == 0 else ""
        out.append(f"<tr{gap}{_attrs(r, m)}><th scope=\"row\"><a href=\"{escape(_href(page_url, r, directory_urls))}\">"
                   f"{escape(r.name)}</a></th>")
        for c in cols:
            cov = cell(r, c)
            # An empty cell is bare (the script reads a missing data-v as 0): most cells are empty, and at
            # 60 agendas x 200 failure modes this keeps the page well under 300 KB.
            out.append(f'<td class="fl-{cov.relevance[0]}" data-v="{cov.weight}">{LETTER[cov.relevance]}</td>'
                       if cov else '<td></td>')
        out.append(f'<td class="fl-n" data-v="{count}">{count}</td><td class="fl-s" data-v="{weight}">{weight}</td></tr>')
    out.append("</tbody><tfoot><tr><th scope=\"row\">" + escape(f"{col_word.capitalize()}s per column") + "</th>")
    for c in cols:
        out.append(f"<td>{col_total(c)[0]}</td>")
    out.append('<td class="fl-n"></td><td class="fl-s"></td></tr>')
    if fte is not None:
        label = "Estimated FTEs (Shallow Review 2025)" if rows_are_failure_modes else "Effort bearing on it (FTEs, weighted)"
        out.append(f'<tr class="fl-fte-row"><th scope="row">{escape(label)}</th>')
        out.extend(f"<td>{escape(fte.get(c.id, ''))}</td>" for c in cols)
        out.append('<td class="fl-n"></td><td class="fl-s"></td></tr>')
    out.append("</tfoot></table>")
    return "".join(out)
