"""The agenda × failure-mode matrix as a reader uses it, in headless Chromium at a desktop's and a phone's size."""
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser
DESKTOP, PHONE = {"width": 1440, "height": 900}, {"width": 390, "height": 844}
MATRICES = ("/matrix/", "/matrix-by-agenda/")


@pytest.fixture
def open_page(browser):
    contexts = []

    def make(url, viewport=DESKTOP, scheme="light"):
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        contexts.append(context)
        pg = context.new_page()
        pg.errors = []
        pg.on("pageerror", lambda e: pg.errors.append(str(e)))
        pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
        pg.goto(url)
        pg.wait_for_selector("table.fl-heatmap[data-ready]", state="attached")
        return pg

    yield make
    for context in contexts:
        context.close()


GRID = """() => {
  const t = document.querySelector("table.fl-heatmap");
  const cols = Array.from(t.tHead.rows[0].cells).filter(th => th.classList.contains("fl-col"));
  const rows = Array.from(t.tBodies[0].rows);
  return {
    cols: cols.map(th => ({id: th.dataset.id, hidden: th.hidden})),
    rows: rows.map(tr => ({name: tr.dataset.name, hidden: tr.hidden,
      cells: Array.from(tr.cells).slice(1, 1 + cols.length).map(td => ({v: +(td.dataset.v || 0), hidden: td.hidden,
        counted: !td.hidden && !td.classList.contains("fl-below") && +(td.dataset.v || 0) > 0})),
      n: +tr.cells[tr.cells.length - 2].textContent, s: +tr.cells[tr.cells.length - 1].textContent})),
    foot: Array.from(t.tFoot.rows[0].cells).slice(1).map(td => ({text: td.textContent, hidden: td.hidden})),
  };
}"""


MEASURE = """() => {
  const s = document.querySelector(".fl-matrix"), t = s.querySelector("table");
  const cell = document.activeElement.closest("th, td") || t.tHead.rows[0].cells[0];
  const lefts = Array.from(t.querySelectorAll("th.fl-col")).map(th => th.getBoundingClientRect().left);
  return {scroll: s.scrollWidth, client: s.clientWidth, caption: t.caption.textContent,
          sticky: t.tHead.rows[0].cells[0].getBoundingClientRect().right, firstCol: Math.min(...lefts),
          totals: t.querySelector("th.fl-total").getBoundingClientRect().left, total: cell.classList.contains("fl-n")
            || cell.classList.contains("fl-s"),
          frame: s.getBoundingClientRect().right, scrollLeft: s.scrollLeft, index: cell.cellIndex,
          cell: [cell.getBoundingClientRect().left, cell.getBoundingClientRect().right]};
}"""


def _walk_by_keyboard(pg) -> list:
    """Walk the grid to its far end and back; each cell landed on is shown whole, clear of the sticky column."""
    pg.focus("table.fl-heatmap tbody th a")
    walked = []
    for key in ["End"] + ["ArrowLeft"] * 40 + ["Home", "ArrowRight", "ArrowRight", "End", "Home"]:
        pg.keyboard.press(key)
        b = pg.evaluate(MEASURE)
        walked.append((key, b["index"], b["scrollLeft"]))
        assert b["cell"][1] <= b["frame"] + 1, walked  # shown whole inside the frame ...
        if b["index"] > 0:
            assert b["cell"][0] >= b["sticky"] - 1, walked  # ... and beside the sticky column, not under it
        if not b["total"]:
            assert b["cell"][1] <= b["totals"] + 1, walked  # ... nor under the sticky totals at the right
    return walked


@pytest.mark.parametrize("path", MATRICES)
def test_a_narrower_grid_scrolls_and_never_hides_a_cell_behind_the_sticky_column(server, open_page, path):
    pg = open_page(server + path, {"width": 1024, "height": 768})  # a tablet: too narrow for every column
    box = pg.evaluate(MEASURE)
    assert box["scroll"] > box["client"] and box["firstCol"] >= box["sticky"] - 1
    assert "H high, M medium, L low" in box["caption"]
    walked = _walk_by_keyboard(pg)
    assert max(w[2] for w in walked) > 0 and walked[0][1] == walked[-2][1] > 40
    assert pg.errors == []


def test_at_1440_px_every_column_fits_or_scrolls_clear_of_the_sticky_column(server, open_page):
    """At 45 x 45 every column fitted; a bigger knowledge base scrolls, never under the sticky column."""
    for path in MATRICES:
        pg = open_page(server + path)
        box = pg.evaluate(MEASURE)
        assert box["firstCol"] >= box["sticky"] - 1, path
        if box["scroll"] > box["client"]:
            _walk_by_keyboard(pg)
        assert pg.errors == []


def test_the_totals_are_in_view_at_1440_px_without_scrolling(server, open_page):
    """# and Σ are what a reader compares: their heading and each visible row's cells are inside the window and
    the frame, and on top (not under another cell), before any sideways scroll."""
    for path in MATRICES:
        pg = open_page(server + path)
        # Down to the grid (the page's own vertical scroll; the grid's sideways scroll stays at 0).
        pg.evaluate("() => window.scrollTo(0, document.querySelector('.fl-matrix').getBoundingClientRect().top + scrollY - 80)")
        seen = pg.evaluate("""() => {
          const s = document.querySelector(".fl-matrix"), t = s.querySelector("table"), f = s.getBoundingClientRect();
          const rows = [t.tHead.rows[0], ...Array.from(t.tBodies[0].rows).slice(0, 5)];
          return {scrollLeft: s.scrollLeft, cells: rows.flatMap(r => Array.from(r.cells).slice(-2)).map(c => {
            const b = c.getBoundingClientRect(), x = (b.left + b.right) / 2, y = (b.top + b.bottom) / 2;
            const top = document.elementFromPoint(x, y);
            return {text: c.textContent, inside: b.left >= f.left && b.right <= Math.min(f.right, innerWidth),
                    onTop: !!top && (top === c || c.contains(top))};
          })};
        }""")
        assert seen["scrollLeft"] == 0
        assert [c["text"] for c in seen["cells"][:2]] == ["#", "Σ"]
        assert all(c["inside"] and c["onTop"] for c in seen["cells"]), (path, seen)


def test_a_gap_row_has_as_many_cells_as_the_header_and_they_line_up(server, open_page):
    """A row no agenda addresses is marked (gap) in its heading; nothing adds a cell to the row."""
    pg = open_page(server + "/matrix/")
    rows = pg.evaluate("""() => {
      const t = document.querySelector("table.fl-heatmap");
      const lefts = r => Array.from(r.cells).map(c => Math.round(c.getBoundingClientRect().left));
      const gap = t.querySelector("tbody tr.fl-gap");
      return {head: lefts(t.tHead.rows[0]), gap: lefts(gap), other: lefts(t.querySelector("tbody tr:not(.fl-gap)")),
              before: getComputedStyle(gap, "::before").content, label: gap.cells[0].innerText};
    }""")
    assert rows["before"] in ("none", "normal")
    assert rows["gap"] == rows["head"] == rows["other"]


def test_heading_links_navigate_and_sorting_has_its_own_control(server, open_page):
    pg = open_page(server + "/matrix/")
    first = pg.locator("table.fl-heatmap th.fl-col a").first
    href = first.get_attribute("href")
    first.click()
    pg.wait_for_url("**/agendas/**")
    assert urlparse(pg.url).path.rstrip("/").endswith(href.strip("/").split("/")[-1])

    pg = open_page(server + "/matrix/")
    before = [r["name"] for r in pg.evaluate(GRID)["rows"]]
    pg.select_option("select[name=sort]", "count")
    rows = pg.evaluate(GRID)["rows"]  # in the page's order
    counts = [r["n"] for r in rows]
    assert counts == sorted(counts, reverse=True) and [r["name"] for r in rows] != before
    assert sorted(r["name"] for r in rows) == sorted(before)
    assert parse_qs(urlparse(pg.url).query) == {"sort": ["count"]}
    assert pg.get_attribute("table.fl-heatmap thead th:nth-last-child(2)", "aria-sort") == "descending"


@pytest.mark.parametrize("path", MATRICES)
def test_filter_hides_empty_rows_and_columns_and_recounts_every_total(server, open_page, path):
    pg = open_page(server + path)
    before = pg.evaluate(GRID)
    pg.select_option("select[name=min]", "3")
    grid = pg.evaluate(GRID)
    shown_cols = [k for k, c in enumerate(grid["cols"]) if not c["hidden"]]
    shown_rows = [r for r in grid["rows"] if not r["hidden"]]
    assert 0 < len(shown_rows) < len(before["rows"]) and 0 < len(shown_cols) < len(before["cols"])
    for r in shown_rows:
        counted = [c for c in r["cells"] if c["counted"]]
        assert counted and all(c["v"] == 3 for c in counted)
        assert (r["n"], r["s"]) == (len(counted), 3 * len(counted))
    for k, col in enumerate(grid["cols"]):
        per_column = sum(r["cells"][k]["counted"] for r in shown_rows)
        assert col["hidden"] == (per_column == 0)
        assert grid["foot"][k]["hidden"] == col["hidden"]
        if not col["hidden"]:
            assert int(grid["foot"][k]["text"]) == per_column
    assert int(grid["foot"][-2]["text"]) == sum(r["n"] for r in shown_rows)
    assert int(grid["foot"][-1]["text"]) == sum(r["s"] for r in shown_rows)
    status = pg.inner_text(".fl-count")
    assert status.startswith(f"{len(shown_rows)} of {len(before['rows'])}")

    # The state is in the address: a reload (or a shared link) shows the same view.
    assert parse_qs(urlparse(pg.url).query) == {"min": ["3"]}
    pg.select_option("select[name=sort]", "sum")
    pg.reload()
    pg.wait_for_selector("table.fl-heatmap[data-ready]", state="attached")
    assert pg.input_value("select[name=min]") == "3" and pg.input_value("select[name=sort]") == "sum"
    assert {r["name"] for r in pg.evaluate(GRID)["rows"] if not r["hidden"]} == {r["name"] for r in shown_rows}
    assert pg.errors == []


def test_the_grid_is_one_tab_stop_with_arrow_keys_inside(server, open_page):
    pg = open_page(server + "/matrix/")
    stops = pg.evaluate("""() => Array.from(document.querySelectorAll("table.fl-heatmap *"))
        .filter(el => el.tabIndex >= 0 && (el.tabIndex > 0 || el.matches("a[href], [tabindex]"))).length""")
    assert stops == 1
    pg.focus("select[name=sort]")
    pg.keyboard.press("Tab")
    where = "() => { const a = document.activeElement; const c = a.closest('th, td'); " \
            "return c && [c.parentElement.rowIndex, c.cellIndex, a.textContent.trim()]; }"
    assert pg.evaluate(where)[:2] == [0, 0]  # the grid's first cell
    pg.keyboard.press("ArrowRight")
    row, col, text = pg.evaluate(where)
    first_agenda = pg.inner_text("table.fl-heatmap th.fl-col >> nth=0").strip()
    assert (row, col, text) == (0, 1, first_agenda)
    pg.keyboard.press("ArrowDown")
    pg.keyboard.press("ArrowDown")
    assert pg.evaluate(where)[:2] == [2, 1]
    pg.keyboard.press("Tab")  # leaves the grid in one step
    assert pg.evaluate("() => !document.activeElement.closest('table.fl-heatmap')")
    pg.keyboard.press("Shift+Tab")  # and comes back to the cell it left
    assert pg.evaluate(where)[:2] == [2, 1]


def test_no_tooltips_in_the_matrix(server, open_page):
    pg = open_page(server + "/matrix/")
    assert pg.locator("table.fl-heatmap [title]").count() == 0
    pg.hover("table.fl-heatmap thead th:last-child")
    pg.hover("table.fl-heatmap th.fl-col >> nth=3")
    pg.mouse.move(5, 880)
    pg.wait_for_timeout(400)
    assert pg.locator("[role=tooltip]:visible, .md-tooltip:visible, .md-tooltip2:visible").count() == 0


@pytest.mark.parametrize("path", MATRICES)
def test_phone_shows_a_ranked_list_instead_of_the_grid(server, open_page, path):
    pg = open_page(server + path, PHONE)
    assert not pg.is_visible(".fl-matrix") and pg.is_visible("ol.fl-matrix-list")
    grid = pg.evaluate(GRID)
    names = pg.evaluate("""() => Array.from(document.querySelectorAll("table.fl-heatmap th.fl-col a"))
        .map(a => a.textContent)""")
    items = pg.evaluate("""() => Array.from(document.querySelectorAll("ol.fl-matrix-list > li")).map(li => ({
        head: li.querySelector(".fl-list-head").textContent,
        ranked: Array.from(li.querySelectorAll("ol li")).map(x => [x.querySelector(".fl-swatch").textContent,
                                                                     x.querySelector("a").textContent])}))""")
    assert len(items) == len(grid["rows"])
    letters = {3: "H", 2: "M", 1: "L"}
    for item, row in zip(items, grid["rows"]):
        expected = sorted(((c["v"], -k) for k, c in enumerate(row["cells"]) if c["v"]), reverse=True)
        assert item["ranked"] == [[letters[v], names[-k]] for v, k in expected]
    assert any(len(i["ranked"]) > 1 for i in items)
    width = pg.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    pg.select_option("select[name=min]", "3")  # the filters act on the list too
    assert all(all(r[0] == "H" for r in li) for li in pg.evaluate(
        """() => Array.from(document.querySelectorAll("ol.fl-matrix-list > li")).map(li =>
             Array.from(li.querySelectorAll("ol li .fl-swatch")).map(s => [s.textContent]))"""))
    assert pg.errors == []


CONTRAST = """() => {
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const page = rgb(getComputedStyle(document.body).backgroundColor);
  const out = {};
  for (const cls of ["fl-l", "fl-m", "fl-h"]) {
    const td = document.querySelector("table.fl-heatmap td." + cls), st = getComputedStyle(td);
    out[cls] = {text: ratio(rgb(st.color), rgb(st.backgroundColor)), page: ratio(rgb(st.backgroundColor), page)};
  }
  return out;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_heat_scale_reads_the_same_way_in_light_and_dark(server, open_page, scheme):
    pg = open_page(server + "/matrix/", DESKTOP, scheme)
    assert pg.get_attribute("body", "data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
    c = pg.evaluate(CONTRAST)
    assert all(v["text"] >= 4.5 for v in c.values()), c
    # More relevance stands out more from the page, in both schemes.
    assert c["fl-l"]["page"] < c["fl-m"]["page"] < c["fl-h"]["page"], c
