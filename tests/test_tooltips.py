"""Glossary tooltips (tooltips.py): what gets wrapped, what is left alone, and agreement with the abbr rule."""
import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from faultlines.site.tooltips import Term, Tooltips

TERMS = {
    "Goal drift": "Goals change over training.",
    "goal drift": "Goals change over training.",
    "Goal": "Just the word.",
    "Reward hacking": 'A "proxy" <b>exploited</b> & more',
    "RLHF": "Reinforcement learning from human feedback.",
}


def _abbrs(out: str) -> list[tuple[str, str]]:
    return [(html.unescape(t), html.unescape(w)) for t, w in re.findall(r'<abbr title="([^"]*)"(?: tabindex="0")?>([^<]*)</abbr>', out)]


def test_longest_whole_word_match_case_sensitive():
    out, used = Tooltips(TERMS).apply("<p>Goal drift, goal drift, Goals, Goal, GOAL drift and RLHFs.</p>")
    assert [w for _, w in _abbrs(out)] == ["Goal drift", "goal drift", "Goal"]
    assert used == {"Goal drift", "goal drift", "Goal"}


def test_title_is_escaped_and_text_is_kept_byte_for_byte_where_nothing_matches():
    page = "<p>Reward hacking &amp; R&amp;D &lt;x&gt;</p><p>Nothing &quot;here&quot; &#40;at all&#41;</p>"
    out, _ = Tooltips(TERMS).apply(page)
    assert '<abbr title="A &quot;proxy&quot; &lt;b&gt;exploited&lt;/b&gt; &amp; more" tabindex="0">Reward hacking</abbr>' in out
    assert "&amp; R&amp;D &lt;x&gt;</p>" in out  # text around a match is re-escaped, not unescaped into markup
    assert "<p>Nothing &quot;here&quot; &#40;at all&#41;</p>" in out  # untouched text stays exactly as it was


def test_code_pre_links_headings_attributes_and_existing_abbrs_are_left_alone():
    page = ('<h1 id="x">RLHF and Goal drift</h1><h2>Goal drift</h2>'
            '<p><code>Goal drift</code> <a href="/goal-drift/" title="Goal drift">Goal drift</a></p>'
            '<pre><code class="x">RLHF</code></pre><abbr title="own">RLHF</abbr><img alt="RLHF"/>'
            '<script>var RLHF = 1;</script><!-- Goal drift --><button>RLHF</button>')
    out, used = Tooltips(TERMS).apply(page)
    # A link's text is the link's own: a tooltip inside it would hide where it goes (and a tap would follow it).
    assert _abbrs(out) == [("own", "RLHF")] and used == set()
    assert 'title="Goal drift">' in out and '<abbr title="own">RLHF</abbr>' in out and "<!-- Goal drift -->" in out


def test_first_mention_in_each_section_only_and_a_name_and_its_aliases_count_as_one():
    terms = [Term("Camouflage", "Looks good.", key="camouflage"),
             Term("Camouflage failure", "Camouflage: Looks good.", key="camouflage", alias=True),
             Term("RLHF", "Feedback.", key="rlhf")]
    page = ("<p>Camouflage, camouflage failure and Camouflage again; RLHF.</p><p>camouflage</p>"
            "<h2>Next</h2><p>Camouflage failure here, RLHF and RLHF.</p>")
    out, used = Tooltips(terms).apply(page)
    assert [w for _, w in _abbrs(out)] == ["Camouflage", "RLHF", "Camouflage failure", "RLHF"]
    assert used == {"Camouflage", "camouflage", "camouflage failure", "Camouflage failure", "RLHF"}  # marked or not


def test_never_part_of_a_hyphenated_compound_or_a_path():
    terms = [Term("Scheming", "Plans.", key="s"), Term("Impact", "Side effects.", key="n", alias=True),
             Term("Power-seeking", "Power.", key="p")]
    page = ("<p>high-impact ways; High-Impact Failures; taxonomy/agendas/scheming-and-deception-evals.yaml; "
            "scheming-evals; power-seeking-ish</p><p>Then power-seeking, and scheming.</p>")
    out, _ = Tooltips(terms).apply(page)
    assert [w for _, w in _abbrs(out)] == ["power-seeking", "scheming"]


def test_an_alias_that_is_an_ordinary_word_only_as_written_in_mid_sentence():
    """"Impact" (an alias of negative side effects) is everyday English: only "… the Impact …" is the term."""
    terms = [Term("Negative side effects", "Harm on the way.", key="n"),
             Term("Impact", "Negative side effects: Harm on the way.", key="n", alias=True),
             Term("SLT", "Sharp left turn: capabilities generalise.", key="t", alias=True)]
    page = ("<p>Impact matters. the impact of it. Low impact.</p><p>Impact.</p><p>The so-called Impact problem.</p>"
            "<h2>b</h2><p>slt and Slt are not SLT.</p>")
    out, _ = Tooltips(terms).apply(page)
    assert [w for _, w in _abbrs(out)] == ["Impact", "SLT"]
    assert "The so-called <abbr" in out  # the mid-sentence one is marked


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
    assert out.count("<abbr") == 1 and out.endswith('<p><abbr title="Reinforcement learning from human feedback." '
                                                   'tabindex="0">RLHF</abbr></p>')


def test_no_terms_returns_the_page_unchanged():
    assert Tooltips({}).apply("<p>RLHF</p>") == ("<p>RLHF</p>", set())


words = st.sampled_from(["Goal", "goal", "drift", "Goal drift", "RLHF", "Reward", "hacking", "Reward hacking",
                         "x", "Goals", "driftwood", "-", ",", "é"])


@settings(max_examples=300, deadline=None)
@given(st.lists(words, max_size=30), st.lists(st.sampled_from([" ", "", "\n", "_", "'", "-", "/"]), max_size=30))
def test_matches_a_plain_alternation_first_mention_only(parts, seps):
    """The trie expression finds what a plain alternation of the terms finds (longest first, whole words, not in a
    compound or a path), and marks each term's first mention only."""
    text = "".join(p + (seps[i] if i < len(seps) else " ") for i, p in enumerate(parts))
    alternation = re.compile(r"(?<![\w/-])(?:" + "|".join(re.escape(t) for t in sorted(TERMS, key=len, reverse=True))
                             + r")(?![\w/]|-\w)")
    expected = list(dict.fromkeys(m.group(0) for m in alternation.finditer(text)))
    out, _ = Tooltips(TERMS).apply("<p>" + html.escape(text, quote=False) + "</p>")
    assert [w for _, w in _abbrs(out)] == expected
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text  # nothing lost or added but the tags


def test_site_pages_have_tooltips_but_the_heatmap_has_none(real_site):
    page = (real_site / "examples" / "ball-grasping-hand" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="Training or selection against bad behaviour[^"]*" tabindex="0">camouflage</abbr>', page)
    for matrix in ("matrix", "matrix-by-agenda"):
        text = (real_site / matrix / "index.html").read_text(encoding="utf-8")
        table = text[text.index('<table class="fl-heatmap"'):text.index("</table>", text.index('<table class="fl-heatmap"'))]
        assert "fl-col" in table and "<abbr" not in table


HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def test_built_pages_mark_a_term_only_where_it_helps(real_site):
    """On every built page: no tooltip inside a link, a heading, code or preformatted text; none for part of a
    hyphenated word ("high-impact"); none for the everyday word "impact"; at most one per term per section."""
    from bs4 import BeautifulSoup
    problems: dict[str, list[str]] = {"inside": [], "compound": [], "ordinary": [], "repeated": []}
    marked_pages = 0
    for file in sorted(real_site.rglob("*.html")):
        text = file.read_text(encoding="utf-8")
        if 'tabindex="0">' not in text:
            continue
        marked_pages += 1
        where = file.relative_to(real_site).as_posix()
        problems["compound"] += [f"{where}: {text[m.start() - 20:m.end() + 20]!r}"
                                 for m in re.finditer(r"[\w/-]<abbr |</abbr>(?:-\w|/)", text)]
        soup = BeautifulSoup(text, "html.parser")
        seen: set[str] = set()
        for el in soup.find_all(True):
            if el.name in HEADINGS:
                seen = set()
            if el.name != "abbr" or not el.has_attr("tabindex"):
                continue
            inside = {p.name for p in el.parents} & (HEADINGS | {"a", "code", "pre"})
            if inside:
                problems["inside"].append(f"{where}: {el.text} in {sorted(inside)}")
            if el.text.lower() == "impact" and el.text != "Impact":
                problems["ordinary"].append(f"{where}: {el.text}")
            if el["title"] in seen:
                problems["repeated"].append(f"{where}: {el.text}")
            seen.add(el["title"])
    assert marked_pages > 50  # tooltips are there at all
    assert {k: v[:10] for k, v in problems.items() if v} == {}
