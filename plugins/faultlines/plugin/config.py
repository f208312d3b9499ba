"""The plugin's options in mkdocs.yml."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class FaultlinesConfig(Config):
    taxonomy_dir = c.Type(str, default="taxonomy")
    """Folder of entry files, relative to mkdocs.yml."""
    schema_dir = c.Type(str, default="schema")
    """Folder of JSON Schemas, relative to mkdocs.yml."""
    workers = c.Type(int, default=0)
    """Processes that convert and theme generated pages during `mkdocs build` (prerender.py); 0: one per
    available CPU, 1: none (MkDocs does every page itself)."""
