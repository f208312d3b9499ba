"""A small YAML writer for the entries the builders and `faultlines new estimate` make: mappings, lists of
mappings or of text, numbers, booleans and text. Every string is double-quoted with JSON's escapes (valid YAML),
so no contributor's text can become a key, a list, a number or a comment. docs/javascripts/builder/yaml.js
writes the same text for the same data.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

# Characters YAML may not hold raw, or that hide text (bidirectional controls, zero-width marks): escaped too.
_HIDDEN = re.compile("[\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff0-\uffff]")


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = format(Decimal(repr(value)).normalize(), "f")  # 5e-05 -> 0.00005: no exponent YAML 1.1 misreads
        return text
    text = json.dumps(str(value), ensure_ascii=False)
    return _HIDDEN.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def dump(data: dict[str, Any], indent: int = 0) -> str:
    """The mapping as block YAML, keys in the given order."""
    pad = " " * indent
    lines: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines.append(dump(value, indent + 2).rstrip("\n"))
        elif isinstance(value, list):
            lines.append(f"{pad}{key}:")
            for item in value:
                if isinstance(item, dict):
                    inner = dump(item, indent + 4).rstrip("\n").split("\n")
                    lines.append(f"{pad}  - {inner[0].lstrip()}")
                    lines.extend(inner[1:])
                else:
                    lines.append(f"{pad}  - {scalar(item)}")
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")
    return "\n".join(lines) + "\n"
