"""Everything the site publishes for tools and spreadsheets, besides its pages (shapes in docs/data.md):

- /taxonomy.json: the whole knowledge base (export.py);
- /api/<id>.json: one entry, with the same keys as in taxonomy.json and the three version keys;
- /csv/examples-failure-modes.csv and /csv/agendas-failure-modes.csv: one row per classification and per
  graded coverage, for spreadsheets (cells that a spreadsheet would run as a formula are defused);
- /csv/estimates.csv: one row per estimate, with whether it is conditional and its condition in words;
- /schema/<kind>.schema.json: the JSON Schemas the entries follow.

Generated in memory from the validated knowledge base; nothing is written into docs/. No MkDocs imports.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from . import crosswalks_page
from .charts import figure
from .export import export
from ..data.conditions import condition_phrase, is_conditional
from ..data.self_reported import provenance
from ..data.kinds import KINDS
from ..data.detection import DIRECTNESS_WEIGHT, results_of
from ..data.model import RELEVANCE_WEIGHT, KnowledgeBase
from ..data.references import INLINE_REF
from ..data.schemas import DEFS_FILE
from ..data.effort import agenda_effort
from ..data.review_rules import REVIEW_FILE

CSV_EXAMPLES = "csv/examples-failure-modes.csv"
CSV_AGENDAS = "csv/agendas-failure-modes.csv"
CSV_ESTIMATES = "csv/estimates.csv"
ESTIMATES_HEADER = ["estimate", "estimate_name", "proposition", "figure", "low", "high", "shape", "conditional",
                    "condition", "provenance", "outcome", "scenario", "scenario_name", "estimator", "date", "horizon",
                    "method", "estimate_url"]
CSV_DETECTION = "csv/evaluations-failure-modes.csv"
CSV_RESULTS = "csv/evaluation-results.csv"
EXAMPLES_HEADER = ["example", "example_name", "failure_mode", "failure_mode_name", "verdict", "contested",
                   "rationale", "basis", "example_year", "example_evidence", "example_url", "failure_mode_url"]
AGENDAS_HEADER = ["agenda", "agenda_name", "failure_mode", "failure_mode_name", "relevance", "relevance_weight",
                  "rationale", "agenda_url", "failure_mode_url", "agenda_fte_low", "agenda_fte_high", "agenda_fte_as_stated",
                  "agenda_organisations"]
DETECTION_HEADER = ["evaluation", "evaluation_name", "failure_mode", "failure_mode_name", "directness",
                    "directness_weight", "rationale", "editors_judgement", "evaluation_url", "failure_mode_url"]
RESULTS_HEADER = ["evaluation", "evaluation_name", "system", "condition", "occurred", "runs", "score", "scale_min",
                  "scale_max", "scale_unit", "date", "source", "locator", "note", "counted_in_example", "evaluation_url"]
# What each CSV file holds and its columns, for the /csv/ index page.
CSV_FILES = (
    (CSV_EXAMPLES, "One row per classification of an example against a failure mode: the verdict (instance, "
                   "not-instance or borderline), whether it is contested, the rationale, its basis (the sources that make "
                   "the call, with their words, or editors' judgement), and both pages' addresses.",
     EXAMPLES_HEADER),
    (CSV_AGENDAS, "One row per failure mode an agenda addresses: the relevance (high, medium, low, and as a weight "
                  "3, 2, 1), the rationale, both pages' addresses, the agenda's estimated FTEs (the Shallow Review 2025's "
                  "figures as a range: low, high, empty high for an open '100+', both empty for none; and as the review "
                  "writes them) and its organisations' ids.", AGENDAS_HEADER),
    (CSV_ESTIMATES, "One row per estimate: the figure as shown and as numbers (low, high; shape value, interval, "
                    "lower or upper bound), whether it is conditional (true or false) and its condition in words "
                    "(as every page shows it beside the figure), its provenance (published, or self-reported: "
                    "submitted by the estimator), the outcome, scenario, estimator, date, horizon and method. A "
                    "conditional figure is a probability given its condition, not on its own.",
     ESTIMATES_HEADER),
    (CSV_DETECTION, "One row per failure mode an evaluation looks for: how directly (high, medium, low, and as a "
                    "weight 3, 2, 1), the rationale, whether the grade is the editors' judgement, and both pages' "
                    "addresses.", DETECTION_HEADER),
    (CSV_RESULTS, "One row per published result of an evaluation (a system under a condition): counts (occurred of "
                  "runs) or a score with its scale's min, max and unit, the date, the source and where in it, and "
                  "the example that counts it, if one does.", RESULTS_HEADER),
)
VERSION_KEYS = ("format_version", "schema_version", "data_version", "release")
# A cell starting with one of these is run as a formula by Excel, LibreOffice or Google Sheets
# (CSV injection); a leading apostrophe makes the spreadsheet show it as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _dumps(data) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def data_files(kb: KnowledgeBase, schema_dir: Path, site_url: str | None = None,
               memo: dict | None = None, release: dict | None = None) -> list[tuple[str, str]]:
    """(path in the site, content) for every published data file, in a stable order.

    Each entry is encoded as JSON once, for its /api/ file and for taxonomy.json (spliced in with the
    indentation json.dumps would give it: the files are the same bytes). With a memo (a dict kept between
    calls by `mkdocs serve`), an entry whose exported form did not change is not encoded again.
    """
    data = export(kb, release)
    versions = {k: data[k] for k in VERSION_KEYS}
    texts = []
    remembered = dict(memo) if memo is not None else {}
    if memo is not None:
        memo.clear()
    for entry in data["entries"]:
        hit = remembered.get(entry["id"])
        text = hit[1] if hit is not None and hit[0] == entry else json.dumps(entry, indent=1, ensure_ascii=False)
        if memo is not None:
            memo[entry["id"]] = (entry, text)
        texts.append(text)
    head = json.dumps({k: v for k, v in data.items() if k != "entries"}, indent=1, ensure_ascii=False)[:-2]
    if texts:
        body = ",\n".join("  " + t.replace("\n", "\n  ") for t in texts)
        taxonomy = f'{head},\n "entries": [\n{body}\n ]\n}}\n'
    else:
        taxonomy = f'{head},\n "entries": []\n}}\n'
    out = [("taxonomy.json", taxonomy)]
    version_head = json.dumps(versions, indent=1, ensure_ascii=False)[:-2] + ",\n"
    out += [(f"api/{entry['id']}.json", version_head + text[2:] + "\n") for entry, text in zip(data["entries"], texts)]
    out.append((CSV_EXAMPLES, examples_csv(kb, site_url)))
    out.append((CSV_AGENDAS, agendas_csv(kb, site_url)))
    out.append((CSV_ESTIMATES, estimates_csv(kb, site_url)))
    out.append((crosswalks_page.JSON_FILE, crosswalks_page.data(kb, site_url)))
    for fw in kb.frameworks.values():  # one CSV per framework: its ids, each with the entries mapped to it
        rows = crosswalks_page.csv_rows(kb, fw, lambda path: _url(site_url, path))
        out.append((f"csv/crosswalk-{fw.id}.csv", _csv(crosswalks_page.CSV_HEADER, rows)))
    out.append((CSV_DETECTION, detection_csv(kb, site_url)))
    out.append((CSV_RESULTS, results_csv(kb, site_url)))
    for name in [DEFS_FILE] + [k.schema_file for k in KINDS] + [REVIEW_FILE]:
        if name == REVIEW_FILE and not (Path(schema_dir) / name).is_file():
            continue  # the review's names are optional for a project
        out.append((f"schema/{name}", (Path(schema_dir) / name).read_text(encoding="utf-8")))
    return out


# -- CSV -----------------------------------------------------------------------------------------------------


def spreadsheet_safe(value: object) -> str:
    """Text for one CSV cell that no spreadsheet will evaluate as a formula."""
    text = "" if value is None else str(value)
    if isinstance(value, bool):
        text = "true" if value else "false"
    return "'" + text if text.startswith(FORMULA_START) else text


def plain_text(kb: KnowledgeBase, markdown: str | None) -> str:
    """Markdown as one line of text for a cell: [[id]] becomes the entry's name, [[id|text]] the text."""
    if not markdown:
        return ""

    def name(match) -> str:
        if match.group(2):
            return match.group(2).strip()
        entry = kb.entries.get(match.group(1).strip())
        return entry.name if entry else match.group(1)

    return " ".join(INLINE_REF.sub(name, markdown).split())


def _csv(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    # A byte-order mark tells Excel the file is UTF-8 (Python reads it with encoding="utf-8-sig").
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows([[spreadsheet_safe(cell) for cell in row] for row in rows])
    return buffer.getvalue()


def _url(site_url: str | None, path: str) -> str:
    return (site_url.rstrip("/") + "/" + path) if site_url else path


def examples_csv(kb: KnowledgeBase, site_url: str | None = None) -> str:
    header = EXAMPLES_HEADER
    rows = []
    for ex in sorted(kb.of_kind("example"), key=lambda e: e.id):
        for c in kb.classifications_of_example(ex):
            rows.append([ex.id, ex.name, c.failure_mode.id, c.failure_mode.name, c.verdict, c.contested,
                         plain_text(kb, c.data.get("rationale")), basis_text(c.data), ex.get("year", ""), ex.get("evidence", ""),
                         _url(site_url, ex.url), _url(site_url, c.failure_mode.url)])
    return _csv(header, rows)


def basis_text(item: dict) -> str:
    """Whose call, in one cell: 'editors' judgement', or each source id with its words and where they stand."""
    calls = item.get("basis")
    if not calls:
        return "editors' judgement"
    return "; ".join(f"{b['source']}: “{b['quote']}” ({b['locator']})" for b in calls)


def agendas_csv(kb: KnowledgeBase, site_url: str | None = None) -> str:
    header = AGENDAS_HEADER
    rows = []
    for ag in sorted(kb.of_kind("agenda"), key=lambda e: e.id):
        effort = agenda_effort(ag)
        fte = effort.range
        low, high = ("", "") if fte is None else (_number(fte.low), "" if fte.high is None else _number(fte.high))
        stated = "; ".join(f"{name}: {figure}" for name, figure in effort.rows if figure)
        orgs = " ".join(ag.get("organisations", []) or [])
        for item in ag.get("addresses", []):
            fm = kb.entries[item["failure_mode"]]
            rows.append([ag.id, ag.name, fm.id, fm.name, item["relevance"], RELEVANCE_WEIGHT[item["relevance"]],
                         plain_text(kb, item.get("rationale")), _url(site_url, ag.url), _url(site_url, fm.url),
                         low, high, stated, orgs])
    return _csv(header, rows)


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def estimates_csv(kb: KnowledgeBase, site_url: str | None = None) -> str:
    rows = []
    for est in sorted(kb.of_kind("estimate"), key=lambda e: e.id):
        low, high, shape, text = figure(est.data)
        scenario = kb.entries[est.get("scenario")] if est.get("scenario") else None
        rows.append([est.id, est.name, est.get("proposition"), text, low, high, shape, is_conditional(est),
                     condition_phrase(kb, est), provenance(est), est.get("outcome"), scenario.id if scenario else "",
                     scenario.name if scenario else "", est.get("estimator"), est.get("date"), est.get("horizon", ""),
                     est.get("method"), _url(site_url, est.url)])
    return _csv(ESTIMATES_HEADER, rows)


def detection_csv(kb: KnowledgeBase, site_url: str | None = None) -> str:
    rows = []
    for ev in sorted(kb.of_kind("evaluation"), key=lambda e: e.id):
        for item in ev.get("looks_for", []):
            fm = kb.entries[item["failure_mode"]]
            rows.append([ev.id, ev.name, fm.id, fm.name, item["directness"], DIRECTNESS_WEIGHT[item["directness"]],
                         plain_text(kb, item.get("rationale")), item.get("editors_judgement", False),
                         _url(site_url, ev.url), _url(site_url, fm.url)])
    return _csv(DETECTION_HEADER, rows)


def results_csv(kb: KnowledgeBase, site_url: str | None = None) -> str:
    """One row per system × condition × evaluation, the evaluation's own results and its examples'."""
    rows = []
    for ev in sorted(kb.of_kind("evaluation"), key=lambda e: e.id):
        for r in results_of(kb, ev):
            d, scale = r.data, r.data.get("scale", {})
            rows.append([ev.id, ev.name, d["system"], d["condition"], d.get("occurred", ""), d.get("runs", ""),
                         d.get("score", ""), scale.get("min", ""), scale.get("max", ""), scale.get("unit", ""), r.date,
                         d["source"], d.get("locator", ""), d.get("note", ""), r.example.id if r.example else "",
                         _url(site_url, ev.url)])
    return _csv(RESULTS_HEADER, rows)
