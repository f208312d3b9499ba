"""An estimate's figure as every page shows it: the number, and beside it, in the same element, its condition.

Every figure is wrapped in <span class="fl-figure" data-estimate=ID data-conditional="true|false">; a
conditional one holds its condition (data/conditions.py) in a <span class="fl-condition"> inside, so no sort,
filter, card layout or summary can separate the number from what it is conditional on, and tests can find
every conditional number by its marker. A self-reported figure (data/self_reported.py) also carries
data-provenance="self-reported" and a visible <span class="fl-self-reported">self-reported</span> label.
"""
from __future__ import annotations

import re
from html import escape

from ..data.conditions import condition_phrase, grouped_by_provenance_and_condition, is_conditional
from ..data.model import Entry, KnowledgeBase
from ..data.self_reported import LABEL, is_self_reported
from .charts import figure
from .markdown_text import MD, plain


FIGURE_IN_NAME = re.compile(r"\d\s*%|\b50[-/]50\b|\b\d+ in \d+\b")  # "~25%", "50-50", "1 in 6"


SELF_REPORTED_MARK = f'<span class="fl-self-reported" title="submitted by the estimator, not published elsewhere">{LABEL}</span>'


def _open(ids: list[str], conditional: bool, extra: str = "", own: bool = False) -> str:
    key = "data-estimate" if len(ids) == 1 else "data-estimates"
    return (f'<span class="fl-figure{extra}" {key}="{escape(" ".join(ids))}" '
            f'data-conditional="{"true" if conditional else "false"}"'
            + (' data-provenance="self-reported"' if own else "") + ">")


def marked_figure(kb: KnowledgeBase, est: Entry, strong: bool = False) -> MD:
    """'5%', or '95% given premises 1–5 and power-seeking occurs', marked up; 'self-reported' after it."""
    text = plain(figure(est.data)[3])
    number = f"<strong>{text}</strong>" if strong else text
    own = is_self_reported(est)
    label = f" {SELF_REPORTED_MARK}" if own else ""
    if not is_conditional(est):
        return MD(f"{_open([est.id], False, own=own)}{number}{label}</span>")
    return MD(f'{_open([est.id], True, own=own)}{number} <span class="fl-condition">{plain(condition_phrase(kb, est))}'
              f"</span>{label}</span>")


def marked_summary(kb: KnowledgeBase, estimates: list[Entry]) -> MD:
    """A group's figures for a summary line: unconditional ones first, then each condition with its figures
    ('5% · > 10%; given premises 1–3: 65% · 25%'), never a conditional figure among the others, and
    self-reported figures after the published ones, in groups of their own, labelled."""
    out = []
    groups = grouped_by_provenance_and_condition(kb, estimates)
    for own, condition, members in groups:
        figures = " · ".join(plain(figure(e.data)[3]) for e in members)
        ids = [e.id for e in members]
        mark = f"{SELF_REPORTED_MARK} " if own else ""
        if condition:
            out.append(f'{_open(ids, True, " fl-figure-group", own)}{mark}<span class="fl-condition">'
                       f"{plain(condition)}:</span> {figures}</span>")
        else:  # said in words only when other groups follow
            lead = '<span class="fl-unconditional">unconditional:</span> ' if len(groups) > 1 else ""
            out.append(f"{_open(ids, False, ' fl-figure-group', own)}{mark}{lead}{figures}</span>")
    return MD("<br>".join(out))


def marked_link(kb: KnowledgeBase, est: Entry, link: str, label: str | None = None) -> MD:
    """A link to a conditional estimate whose text (its name, or the label written for it, as in
    [[id|6%]]) carries a figure ('… ~25%'), with the condition beside it."""
    if not is_conditional(est) or not FIGURE_IN_NAME.search(est.name if label is None else label):
        return MD(link)
    return MD(f'{_open([est.id], True, " fl-figure-name")}{link} '
              f'<span class="fl-condition">({plain(condition_phrase(kb, est))})</span></span>')
