"""Allow-list sanitising of rendered entry pages: the second wall behind markdown_text's escaping."""
from __future__ import annotations

import nh3

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
_GENERIC = {"id", "class", "title", "lang", "dir", "aria-label", "aria-hidden", "role"}
_ATTRIBUTES = {
    "*": _GENERIC,
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"style", "colspan", "rowspan", "align"},
    "th": {"style", "colspan", "rowspan", "align", "scope"},
    "table": {"summary"},
    "ol": {"start"},
    "details": {"open"},
}


def sanitize_html(html: str) -> str:
    """Keep the markup Markdown produces; drop scripts, event handlers, styles and unsafe URLs."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
        filter_style_properties={"text-align"},
        generic_attribute_prefixes={"data-"},  # inert data for the matrix's sorting and filters
    )
