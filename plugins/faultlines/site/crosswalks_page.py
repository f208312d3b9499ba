"""/crosswalks/: each other framework's table both ways, with the gaps, and the same as data files.

Theirs -> ours lists every id of the framework with the entries that map to it (or that none does); ours -> theirs
lists every failure mode with its mappings to that framework (or that it has none). The mappings live on the
entries (`crosswalks`), the frameworks' ids and names in schema/frameworks/ (data/crosswalks.py).
"""
from __future__ import annotations

import json

from ..data.crosswalks import MATCHES, Framework
from ..data.model import Entry, KnowledgeBase
from .markdown_text import plain

PAGE = "crosswalks.md"
TITLE = "Crosswalks to other taxonomies"
JSON_FILE = "crosswalks.json"


def mappings(kb: KnowledgeBase, fw: Framework) -> list[tuple[Entry, dict]]:
    """(entry, mapping) for every mapping onto `fw`, in the site's kind and name order."""
    return [(e, w) for kind in fw.applies_to for e in kb.of_kind(kind)
            for w in e.get("crosswalks", []) if w["framework"] == fw.id]


def page(kb: KnowledgeBase) -> str:
    out = [f"# {TITLE}", "",
           "How the knowledge base's entries map onto other frameworks, both ways. For each framework: its ids with "
           "the entries that map to them (an id nothing maps to is a gap on our side), and our entries with the ids "
           "they map to (an entry with none is a gap on theirs). Each mapping says whether ours is the same as, "
           "broader than, narrower than or only related to theirs; the mappings are editors' judgement, and the "
           "validator checks every id and name against the framework's own list, so a mapping cannot drift onto "
           "another id's name.", "{: .fl-summary }", ""]
    if not kb.frameworks and kb.review is None:
        return "\n".join(out + ["No framework is recorded yet (schema/frameworks/).", ""])
    out += ["| Framework | Version | Ids | Mapped ids | Our entries mapped | CSV |", "|---|---|---:|---:|---:|---|"]
    for fw in kb.frameworks.values():
        pairs = mappings(kb, fw)
        out.append(f"| [{plain(fw.title)}](#{fw.id}) | {plain(fw.version)} | {len(fw.items)} | "
                   f"{len({w['id'] for _, w in pairs})} | {len({e.id for e, _ in pairs})} | "
                   f"[`{fw.id}.csv`](csv/crosswalk-{fw.id}.csv) |")
    out.append("")
    for fw in kb.frameworks.values():
        pairs = mappings(kb, fw)
        out += [f"## {plain(fw.title)} {{#{fw.id}}}", "", f"Source: {plain(fw.source)} <{fw.url}>", ""]
        out += ["### Theirs → ours", "", "| Their id | Their name | Our entries |", "|---|---|---|"]
        for item in fw.items.values():
            ours = [f"[{plain(e.name)}]({e.src_uri}) ({MATCHES[w['match']]} theirs)" for e, w in pairs if w["id"] == item.id]
            out.append(f"| {plain(item.id)} | {plain(item.name)}{' (' + plain(item.note) + ')' if item.note else ''} | "
                       f"{'; '.join(ours) if ours else '**gap:** no entry maps here'} |")
        out += ["", "### Ours → theirs", "", "| Our entry | Their ids |", "|---|---|"]
        for kind in fw.applies_to:
            for e in kb.of_kind(kind):
                theirs = [f"{plain(w['id'])} *{plain(w['name'])}* ({MATCHES[w['match']]} theirs)"
                          for w in e.get("crosswalks", []) if w["framework"] == fw.id]
                out.append(f"| [{plain(e.name)}]({e.src_uri}) | {'; '.join(theirs) if theirs else 'not mapped'} |")
        out.append("")
    out += review_section(kb)
    return "\n".join(out)


def review_section(kb: KnowledgeBase) -> list[str]:
    """The Shallow Review 2025's agendas: each row with the agendas of ours that stand for it, or why none does."""
    table = kb.review
    if table is None:
        return []
    ours: dict[str, list[Entry]] = {}
    for agenda in kb.of_kind("agenda"):
        for row in agenda.get("shallow_review", []):
            ours.setdefault(row["agenda"], []).append(agenda)
    rows = table.agenda_rows
    mapped = [n for n in rows if n in ours]
    out = ["## Shallow Review of Technical AI Safety 2025: agendas {#shallow-review-2025}", "",
           f"Source: {plain(table.source.get('publisher', ''))}, <{table.source.get('url', '')}> (agenda table "
           f"version {plain(table.version)}). Its {len(rows)} agenda rows (the labs' rows are not agendas): "
           f"{len(mapped)} stand for one or more of our agendas (an agenda of ours may cover several rows that differ "
           f"only in method), {len([n for n in rows if n in table.not_mapped])} catch-all rows are not mapped, "
           "each with the reason. Agendas name their rows in `shallow_review`; the validator checks every name "
           "against the review's table.", "",
           "### Theirs → ours", "", "| Review agenda | Section | Our agendas |", "|---|---|---|"]
    for name in rows:
        row = table.rows[name]
        if name in ours:
            cell = "; ".join(f"[{plain(a.name)}]({a.src_uri})" for a in ours[name])
        elif name in table.not_mapped:
            cell = "**not mapped:** " + plain(table.not_mapped[name].get("reason", ""))
        else:
            cell = "**gap:** no agenda of ours"
        out.append(f"| {plain(name)} | {plain(row.get('section', ''))} | {cell} |")
    out += ["", "### Ours → theirs", "", "| Our agenda | Review agendas |", "|---|---|"]
    for agenda in kb.of_kind("agenda"):
        names = [r["agenda"] for r in agenda.get("shallow_review", [])]
        out.append(f"| [{plain(agenda.name)}]({agenda.src_uri}) | {plain('; '.join(names)) if names else 'not in the review'} |")
    return out + [""]


def data(kb: KnowledgeBase, site_url: str | None = None) -> str:
    """crosswalks.json: every framework with its ids, and for each id the entries that map to it."""
    frameworks = []
    for fw in kb.frameworks.values():
        pairs = mappings(kb, fw)
        frameworks.append({
            "id": fw.id, "title": fw.title, "version": fw.version, "url": fw.url, "source": fw.source,
            "items": [{"id": i.id, "name": i.name,
                       "ours": [{"id": e.id, "kind": e.kind.name, "url": e.url, "match": w["match"], "note": w["note"]}
                                for e, w in pairs if w["id"] == i.id]} for i in fw.items.values()],
        })
    return json.dumps({"frameworks": frameworks}, indent=1, ensure_ascii=False) + "\n"


CSV_HEADER = ["framework", "their_id", "their_name", "our_id", "our_name", "our_kind", "match", "note", "our_url"]


def csv_rows(kb: KnowledgeBase, fw: Framework, url) -> list[list[str]]:
    """One row per mapping; an id nothing maps to gets a row with empty 'our' columns (the gap)."""
    pairs = mappings(kb, fw)
    rows = []
    for item in fw.items.values():
        mine = [(e, w) for e, w in pairs if w["id"] == item.id]
        for e, w in mine or [(None, None)]:
            rows.append([fw.id, item.id, item.name, e.id if e else "", e.name if e else "", e.kind.name if e else "",
                         w["match"] if w else "", w["note"] if w else "", url(e.url) if e else ""])
    return rows
