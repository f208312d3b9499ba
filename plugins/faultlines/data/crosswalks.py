"""Crosswalks: how our entries map onto other taxonomies, checked against those taxonomies' own ids and names.

A crosswalk that is not checked drifts (one public ATLAS crosswalk paired 81 of 117 ids with another technique's
name). Each external framework is a small JSON file in `schema/frameworks/` with its source, version and every
id and name we may map to; an entry's `crosswalks` list names the framework, the id and the name as the
framework spells it, and says whether our entry is the same as, broader than, narrower than or only related to
theirs. The validator rejects an unknown framework or id (with the nearest one) and a name that disagrees with
the framework's, so a mapping cannot quietly point at the wrong thing.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .diagnostics import Diagnostic
from .documents import Document, display_path

FOLDER = "frameworks"  # under the schema folder
MATCHES = {  # how our entry stands to theirs, in words for pages
    "same": "the same as",
    "broader": "broader than",
    "narrower": "narrower than",
    "related": "related to",
}


@dataclass(frozen=True)
class Item:
    id: str
    name: str
    note: str = ""  # e.g. a URL or a short gloss kept with the id


@dataclass
class Framework:
    id: str
    title: str
    version: str
    url: str
    source: str  # what the ids and names were taken from, and how they were checked
    applies_to: tuple[str, ...]  # the kinds of entry that map to it
    items: dict[str, Item] = field(default_factory=dict)  # by id, in the framework's own order


def load_frameworks(schema_dir: Path) -> tuple[dict[str, Framework], list[Diagnostic]]:
    """Every framework file, and a located problem for each one that cannot be read."""
    folder = Path(schema_dir) / FOLDER
    out: dict[str, Framework] = {}
    problems: list[Diagnostic] = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        shown = display_path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            items = {str(i["id"]): Item(str(i["id"]), str(i["name"]), str(i.get("note", ""))) for i in data["items"]}
            fw = Framework(path.stem, data["title"], data["version"], data["url"], data["source"],
                           tuple(data["applies_to"]), items)
        except (OSError, ValueError, KeyError, TypeError) as e:
            problems.append(Diagnostic(shown, 1, 1, "(file)", f"cannot read this framework file ({e}); it needs "
                                       "title, version, url, source, applies_to and items [{id, name}]",
                                       "crosswalk-framework-file"))
            continue
        if data.get("id", path.stem) != path.stem:
            problems.append(Diagnostic(shown, 1, 1, "id", f"id '{data.get('id')}' does not match the file name "
                                       f"'{path.stem}'", "crosswalk-framework-file"))
        out[fw.id] = fw
    return out, problems


def check_crosswalks(documents: list[Document], frameworks: dict[str, Framework]) -> Iterator[Diagnostic]:
    for doc in documents:
        walks = doc.data.get("crosswalks") if isinstance(doc.data, dict) else None
        seen: dict[tuple[str, str], int] = {}
        for i, walk in enumerate(walks if isinstance(walks, list) else []):
            if not isinstance(walk, dict) or not isinstance(walk.get("framework"), str):
                continue  # the schema reports the shape
            fw = frameworks.get(walk["framework"])
            if fw is None:
                near = difflib.get_close_matches(walk["framework"], list(frameworks), n=1)
                hint = f" (did you mean '{near[0]}'?)" if near else ""
                yield doc.diagnostic(("crosswalks", i, "framework"), (
                    f"unknown framework '{walk['framework']}'{hint}; the frameworks are the files in "
                    f"schema/{FOLDER}/: {', '.join(sorted(frameworks)) or 'none'}"), "crosswalk-unknown-framework")
                continue
            if doc.kind.name not in fw.applies_to:
                yield doc.diagnostic(("crosswalks", i, "framework"), (
                    f"{fw.title} maps {', '.join(fw.applies_to)} entries, not {doc.kind.name} entries"),
                    "crosswalk-wrong-kind")
                continue
            their_id = str(walk.get("id", ""))
            item = fw.items.get(their_id)
            if item is None:
                near = difflib.get_close_matches(their_id, list(fw.items), n=1)
                by_name = [it.id for it in fw.items.values() if it.name.casefold() == str(walk.get("name", "")).casefold()]
                hint = (f" (the name given is that of '{by_name[0]}')" if by_name
                        else f" (did you mean '{near[0]}', {fw.items[near[0]].name!r}?)" if near else "")
                yield doc.diagnostic(("crosswalks", i, "id"), (
                    f"{fw.title} has no id '{their_id}'{hint}; its ids are listed in schema/{FOLDER}/{fw.id}.json"),
                    "crosswalk-unknown-id")
                continue
            if isinstance(walk.get("name"), str) and walk["name"] != item.name:
                yield doc.diagnostic(("crosswalks", i, "name"), (
                    f"{fw.title} calls {their_id} {item.name!r}, not {walk['name']!r}: write its name exactly as "
                    f"the framework does, or check that {their_id} is the id you mean"), "crosswalk-name-mismatch")
            key = (fw.id, their_id)
            if key in seen:
                yield doc.diagnostic(("crosswalks", i, "id"), (
                    f"{fw.id} {their_id} is already mapped at crosswalks[{seen[key]}]; one mapping per id"),
                    "crosswalk-duplicate")
            seen.setdefault(key, i)
