"""Glossary tooltips (tooltips.py): what gets wrapped, what is left alone, and agreement with the abbr rule."""
import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from faultlines.site.tooltips import Tooltips

TERMS = {
    "Goal drift": "Goals change over training.",
    "goal drift": "Goals change over training.",
    "Goal": "Just the word.",
    "Reward hacking": 'A "proxy" <b>exploited</b> & more',
    "RLHF": "Reinforcement learning from human feedback.",
}


def _abbrs(out: str) -> list[tuple[str, str]]:
    return [(html.unescape(t), html.unescape(w)) for t, w in re.findall(r'<abbr title="([^"]*)">([^<]*)</abbr>', out)]


def test_longest_whole_word_match_case_sensitive():
    out, used = Tooltips(TERMS).apply("<p>Goal drift, goal drift, Goals, Goal, GOAL drift and RLHFs.</p>")
    assert [w for _, w in _abbrs(out)] == ["Goal drift", "goal drift", "Goal"]
    assert used == {"Goal drift", "goal drift", "Goal"}


def test_title_is_escaped_and_text_is_kept_byte_for_byte_where_nothing_matches():
    page = "<p>Reward hacking &amp; R&amp;D &lt;x&gt;</p><p>Nothing &quot;here&quot; &#40;at all&#41;</p>"
    out, _ = Tooltips(TERMS).apply(page)
    assert '<abbr title="A &quot;proxy&quot; &lt;b&gt;exploited&lt;/b&gt; &amp; more">Reward hacking</abbr>' in out
    assert "&amp; R&amp;D &lt;x&gt;</p>" in out  # text around a match is re-escaped, not unescaped into markup
    assert "<p>Nothing &quot;here&quot; &#40;at all&#41;</p>" in out  # untouched text stays exactly as it was


def test_code_pre_links_attributes_and_existing_abbrs():
    page = ('<p><code>Goal drift</code> <a href="/goal-drift/" title="Goal drift">Goal drift</a></p>'
            '<pre><code class="x">RLHF</code></pre><abbr title="own">RLHF</abbr><img alt="RLHF"/>'
            '<script>var RLHF = 1;</script><!-- Goal drift -->')
    out, used = Tooltips(TERMS).apply(page)
    # Only the link text is wrapped (as the abbr extension did); attribute values, code, comments are not.
    assert _abbrs(out) == [("Goals change over training.", "Goal drift"), ("own", "RLHF")]
    assert 'title="Goal drift">' in out and '<abbr title="own">RLHF</abbr>' in out and "<!-- Goal drift -->" in out


def test_text_inside_an_attribute_value_is_never_wrapped_even_after_a_bare_greater_than_sign():
    hostile = {"Goal drift": '" onmouseover="alert(1)'}  # a contributor's summary becomes the title
    page = """<p><a href="/x/" title="a > Goal drift">link</a> <span data-x='b > RLHF'>Goal drift</span></p>"""
    out, used = Tooltips({**TERMS, **hostile}).apply(page)
    assert '<a href="/x/" title="a > Goal drift">' in out and "data-x='b > RLHF'>" in out
    assert out.count("<abbr") == 1 and 'title="&quot; onmouseover=&quot;alert(1)"' in out
    assert used == {"Goal drift"}


def test_element_marked_data_no_tooltips_is_left_alone_with_its_nested_children():
    page = ('<table data-no-tooltips=""><tr><td><table><tr><td>RLHF</td></tr></table>RLHF</td></tr></table>'
            "<p>RLHF</p>")
    out, _ = Tooltips(TERMS).apply(page)
    assert out.count("<abbr") == 1 and out.endswith('<p><abbr title="Reinforcement learning from human feedback.">'
                                                   "RLHF</abbr></p>")


def test_no_terms_returns_the_page_unchanged():
    assert Tooltips({}).apply("<p>RLHF</p>") == ("<p>RLHF</p>", set())


words = st.sampled_from(["Goal", "goal", "drift", "Goal drift", "RLHF", "Reward", "hacking", "Reward hacking",
                         "x", "Goals", "driftwood", "-", ",", "é"])


@settings(max_examples=300, deadline=None)
@given(st.lists(words, max_size=30), st.lists(st.sampled_from([" ", "", "\n", "_", "'"]), max_size=30))
def test_matches_what_the_abbr_extension_regex_matches(parts, seps):
    """The trie expression finds the same terms at the same places as the abbr extension's alternation."""
    text = "".join(p + (seps[i] if i < len(seps) else " ") for i, p in enumerate(parts))
    alternation = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in sorted(TERMS, key=len, reverse=True)) + r")\b")
    expected = [m.group(0) for m in alternation.finditer(text)]
    out, _ = Tooltips(TERMS).apply("<p>" + html.escape(text, quote=False) + "</p>")
    assert [w for _, w in _abbrs(out)] == expected
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text  # nothing lost or added but the tags


def test_site_pages_have_tooltips_but_the_heatmap_has_none(real_site):
    page = (real_site / "examples" / "ball-grasping-hand" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="Training or selection against bad behaviour[^"]*">camouflage</abbr>', page)
    for matrix in ("matrix", "matrix-by-agenda"):
        text = (real_site / matrix / "index.html").read_text(encoding="utf-8")
        table = text[text.index('<table class="fl-heatmap"'):text.index("</table>", text.index('<table class="fl-heatmap"'))]
        assert "fl-col" in table and "<abbr" not in table
