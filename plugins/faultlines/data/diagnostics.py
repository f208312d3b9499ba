"""Located diagnostics: every problem found in the data, with file, line, column and field path.

Problems are collected, never raised, so one run reports all of them.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Iterable

Path = tuple  # a field path such as ("classifications", 0, "verdict")


def format_path(path: Path) -> str:
    """Render ("classifications", 0, "verdict") as classifications[0].verdict."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(file)"


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    path: str
    message: str
    # The rule broken, named as in the registry (data/codes.yaml) and on the site's /diagnostics/ page.
    code: str = field(default="error", compare=False)
    # "error" (the data is wrong: validation fails) or "warning" (worth a look, e.g. two entries with nearly
    # the same name: reported, but validation passes and the site builds).
    severity: str = field(default="error", compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def text(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.path}: {self.message} [{self.code}]"

    def github(self) -> str:
        return github_annotation(self.severity, self.file, f"Faultlines {self.code}",
                                 f"{self.path}: {self.message} [{self.code}]", self.line, self.column)


def github_annotation(severity: str, file: str, title: str, message: str,
                      line: int | None = None, column: int | None = None) -> str:
    """A GitHub Actions workflow command (::error file=…::…), escaped as the runner requires."""
    def esc(s: str, prop: bool = False) -> str:  # %, CR, LF everywhere; also , and : in properties
        s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return s.replace(",", "%2C").replace(":", "%3A") if prop else s

    where = "".join(f",{k}={v}" for k, v in (("line", line), ("col", column)) if v is not None)
    return f"::{severity} file={esc(file, True)}{where},title={esc(title, True)}::{esc(message)}"


def render(diagnostics: Iterable[Diagnostic], fmt: str) -> str:
    diags = sorted(diagnostics)
    if fmt == "json":
        return json.dumps([asdict(d) for d in diags], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(d.github() for d in diags)
    return "\n".join(d.text() for d in diags)
