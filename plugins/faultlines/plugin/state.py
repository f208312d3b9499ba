"""What the plugin remembers: across `mkdocs serve` rebuilds (Session) and within one build (Build)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..data.model import KnowledgeBase
from ..site.generated import GeneratedSite
from ..site.page_memo import PageMemo
from ..site.tooltips import Tooltips
from .prerender import Prerender
from .reuse import PageReuse


@dataclass
class Session:
    """Made once per command (on_startup; on_config when a caller skips it) and kept across serve's rebuilds."""

    serving: bool
    taxonomy_dir: Path = Path("taxonomy")
    schema_dir: Path = Path("schema")
    # While serving: pages whose Markdown and surroundings did not change are not rebuilt (reuse.py) ...
    reuse: PageReuse | None = None
    # ... pages whose inputs an edit did not change are not even rendered to Markdown again ...
    page_memo: PageMemo | None = None
    # ... and the /api/ files' JSON is kept by entry.
    data_memo: dict | None = None
    last_good: KnowledgeBase | None = None  # shown while an edit does not validate
    history_note: str | None = None  # why entry dates are missing, once said (not again on every rebuild)
    port_checked: bool = False  # serve: the address was found free before the first build

    @classmethod
    def for_command(cls, command: str) -> "Session":
        if command == "serve":
            return cls(serving=True, reuse=PageReuse(), page_memo=PageMemo(), data_memo={})
        return cls(serving=False)


@dataclass
class Build:
    """One build's generated pages and what later events need of them (made in on_files)."""

    kb: KnowledgeBase
    titles: dict[str, str] = field(default_factory=dict)  # generated page -> its title (plain text)
    sources: dict[str, str] = field(default_factory=dict)  # entry page -> its YAML file, for "Edit this page"
    tooltips: Tooltips | None = None
    search_entries: list = field(default_factory=list)
    site: GeneratedSite | None = None  # every generated page and file, and the home page's parts
    nav: object = None  # kept from on_nav for theming in worker processes (on_env)
    prerender: Prerender | None = None

    def generated(self, src_uri: str) -> bool:
        return src_uri in self.titles
