"""The /diagnostics/ page: every diagnostic code, generated from the registry (data/codes.yaml) so that the
page and the validator's codes cannot drift apart. Nothing here imports MkDocs."""
from __future__ import annotations

import unicodedata
from typing import Any

from ..data.codes import Code, Registry, registry

PAGE = "diagnostics.md"
TITLE = "Diagnostic codes"


def render(reg: Registry | None = None) -> str:
    reg = reg or registry()
    out = [f"# {TITLE}", "",
           "Every message of `faultlines validate` (and of `mkdocs build`, which validates first) ends with a code in "
           "brackets that names the rule broken, like a linter's:", "",
           "    taxonomy/examples/new-case.yaml:7:5: error: classifications[0].verdict: expected one of instance, "
           "not-instance, borderline; found 'instnace' (did you mean 'instance'?) [enum-value]", "",
           "Find the code below for what the rule means and how to fix it. `--format github` names it in each "
           "annotation's title and `--format json` in each item's `code`. An error stops validation and the site's "
           "build; a warning is reported, and validation passes.", "",
           "Each code's example is a small change to the illustrative knowledge base at the [end of this "
           "page](#the-examples-knowledge-base) (its sources and cases are made up for the examples); tests check "
           "that every wrong example produces its code and every right one no message at all. This page is "
           "generated from `plugins/faultlines/data/codes.yaml`, where a new rule adds its code.", ""]
    for group, title in reg.groups.items():
        codes = [c for c in reg.codes.values() if c.group == group]
        if codes:
            out += [f"- **{title}**: " + ", ".join(f"[`{c.code}`](#{c.code})" for c in codes)]
    out.append("")
    for group, title in reg.groups.items():
        codes = [c for c in reg.codes.values() if c.group == group]
        if not codes:
            continue
        out += [f"## {title}", ""]
        for code in codes:
            out += _code(code)
    out += ["## The examples' knowledge base", "",
            "Every example is laid over these files (and the repository's `schema/`); they validate as they are.", ""]
    out += _files(reg.base)
    return "\n".join(out) + "\n"


def _code(code: Code) -> list[str]:
    severity = "" if code.severity == "error" else f" ({code.severity})"
    out = [f"### `{code.code}`{severity} {{#{code.code}}}", "", code.meaning, "", f"**Fix:** {code.fix}", ""]
    if code.wrong is None:
        return out + [f"*No example: {code.no_example}*", ""]
    out += ["**Wrong:**", ""] + _files(code.wrong)
    out += ["**Right:**", ""] + (_files(code.right) if code.right else ["The knowledge base as it is.", ""])
    return out


def _files(files: dict[str, Any]) -> list[str]:
    out = []
    for path, value in files.items():
        if value is None:
            out += [f"No `{path}` at all.", ""]
        elif isinstance(value, dict) and "link" in value:
            out += [f"`{path}` is a symbolic link to `{value['link']}`.", ""]
        else:
            text, note = value, ""
            if isinstance(value, dict) and "latin1" in value:
                text, note = value["latin1"], " saved in Latin-1, not UTF-8"
            elif isinstance(value, dict) and "pad_to" in value:
                text, note = value["text"], f", padded with comment lines to {value['pad_to']:,} bytes"
            out += [f"`{path}`{note}:", "", "```yaml", _visible(text).rstrip("\n"), "```", ""]
    return out


def _visible(text: str) -> str:
    """Text with its invisible characters shown: a tab as ⟨tab⟩, other control and format characters as ⟨U+XXXX⟩."""
    def show(ch: str) -> str:
        if ch == "\t":
            return "⟨tab⟩"
        if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf"):
            return f"⟨U+{ord(ch):04X}⟩"
        return ch
    return "".join(show(ch) for ch in text)
