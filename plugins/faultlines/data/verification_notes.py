"""A source's verification note says what was compared — which public copy, and what was checked against it —
never how it was found: the name of a search command or index means nothing to a reader and checks nothing."""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from .diagnostics import Diagnostic
from .documents import Document

# Names of search commands and indexes (ours and the usual ones), not words a reader could check a claim by.
TOOL_WORDS = re.compile(
    r"\b(?:find_string|read_file|find_files|find_repos|grep|ripgrep|search (?:tool|command|corpus|index)"
    r"|(?:pages|docs|issues|code) corp(?:us|ora)|file[- ]index)(?:'s)?\b", re.IGNORECASE)


def tool_words_in_notes(documents: Iterable[Document]) -> Iterator[Diagnostic]:
    for doc in documents:
        note = doc.data.get("verification_note") if doc.kind.name == "source" else None
        if not isinstance(note, str):
            continue
        found = sorted({m.group(0) for m in TOOL_WORDS.finditer(note)}, key=str.lower)
        if found:
            named = ", ".join(f"'{w}'" for w in found)
            yield doc.diagnostic(("verification_note",), (
                f"names a search command or index ({named}): say instead which public copy was compared (the arXiv "
                f"abstract page, the PDF's section 4, the publisher's page, an archived copy of the post) and what "
                f"was checked against it"), "verification-note-names-a-tool")
