/* Faultlines matrix: filters, sorting, keyboard navigation and the phone's list view for the
 * agenda × failure-mode heatmaps (table.fl-heatmap, made by site/matrix_html.py).
 *
 * - Filters (tag, evidence, minimum relevance) hide the rows and columns left without a counted cell and
 *   recompute every total: a row's # and Σ, each column's count and the grand totals.
 * - Sorting has its own control ("Sort rows by"); the headings' links only navigate.
 * - Filter and sort state live in the URL (?tag=&evidence=&min=&sort=), so a view can be shared.
 * - The grid is one tab stop: arrow keys, Home/End and Page Up/Down move inside it (a roving tabindex).
 * - Under 45em (a phone) a list replaces the grid: per row, the columns ranked by relevance.
 * Runs again after Material's instant navigation swaps the page. */
(function () {
  "use strict";

  const LETTER = { 3: "H", 2: "M", 1: "L" };
  const WORD = { 3: "high", 2: "medium", 1: "low" };

  function values(list, attr) {
    const out = new Set();
    list.forEach(el => (el.dataset[attr] || "").split(" ").forEach(v => v && out.add(v)));
    return Array.from(out).sort();
  }

  function select(label, name, options) {
    const wrap = document.createElement("label");
    wrap.className = "fl-filter";
    wrap.append(label + " ");
    const sel = document.createElement("select");
    sel.name = name;
    options.forEach(([value, text]) => {
      const opt = document.createElement("option");
      opt.value = value;
      opt.textContent = text;
      sel.append(opt);
    });
    wrap.append(sel);
    return [wrap, sel];
  }

  const weight = td => +(td.dataset.v || 0);  // an empty cell has no data-v

  function init(table) {
    if (table.dataset.ready) return;
    table.dataset.ready = "1";
    const tbody = table.tBodies[0];
    const rows = Array.from(tbody.rows);
    const heads = Array.from(table.tHead.rows[0].cells);
    const colHeads = heads.filter(th => th.classList.contains("fl-col"));
    const [countHead, sumHead] = heads.slice(-2);
    const foot = Array.from(table.tFoot.rows[0].cells);
    const fmRows = table.dataset.orientation === "failure-modes";
    const evidenceOn = fmRows ? rows : colHeads;
    // The words come from the table (site/matrix_html.py): agendas and relevance, or evaluations and directness.
    const other = table.dataset.other || "agendas", grade = table.dataset.grade || "relevance";
    const rowWord = fmRows ? "failure modes" : other, colWord = fmRows ? other : "failure modes";
    const cellsOf = tr => Array.from(tr.cells).slice(1, 1 + colHeads.length);
    const original = foot.map(td => td.textContent);  // whole-matrix totals, shown while nothing is filtered

    const bar = document.createElement("div");
    bar.className = "fl-filters";
    const [tagWrap, tagSel] = select("Tag", "tag", [["", "any"]].concat(values(rows, "tags").map(t => [t, t])));
    const [evWrap, evSel] = select("Evidence", "evidence",
      [["", "any"]].concat(values(evidenceOn, "evidence").map(v => [v, v])));
    const [relWrap, relSel] = select(grade.charAt(0).toUpperCase() + grade.slice(1) + " at least", "min",
      [["0", "any"], ["1", "low"], ["2", "medium"], ["3", "high"]]);
    const [sortWrap, sortSel] = select("Sort rows by", "sort",
      [["", "order of the knowledge base"], ["name", "name (A–Z)"], ["count", "# (most " + colWord + " first)"],
       ["sum", "Σ (highest first)"]].concat(colHeads.map(th => [th.dataset.id, (grade === "relevance" ? "relevance to " : grade + " of ") + th.textContent])));
    const count = document.createElement("span");
    count.className = "fl-count";
    count.setAttribute("role", "status");
    bar.append(tagWrap, evWrap, relWrap, sortWrap, count);
    const scroller = table.parentElement;
    scroller.before(bar);
    const list = document.createElement("ol");
    list.className = "fl-matrix-list";
    scroller.after(list);
    const phone = window.matchMedia("(max-width: 44.99em)");  // as in faultlines.css

    function readUrl() {
      const q = new URLSearchParams(location.search);
      [[tagSel, "tag"], [evSel, "evidence"], [relSel, "min"], [sortSel, "sort"]].forEach(([sel, key]) => {
        const v = q.get(key);
        if (v !== null && Array.from(sel.options).some(o => o.value === v)) sel.value = v;
      });
    }

    function writeUrl() {
      const q = new URLSearchParams(location.search);
      [[tagSel, "tag", ""], [evSel, "evidence", ""], [relSel, "min", "0"], [sortSel, "sort", ""]].forEach(
        ([sel, key, none]) => { if (sel.value === none) q.delete(key); else q.set(key, sel.value); });
      const search = q.toString();
      history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + location.hash);
    }

    function apply() {
      const tag = tagSel.value, ev = evSel.value, min = +relSel.value;
      const filtered = !!(tag || ev || min);
      const counted = td => weight(td) >= Math.max(1, min);
      const colOk = colHeads.map(th => fmRows || !ev || th.dataset.evidence === ev);
      const rowOk = rows.map(tr => (!tag || (tr.dataset.tags || "").split(" ").includes(tag)) &&
                                  (!fmRows || !ev || tr.dataset.evidence === ev));
      // A column stays when a kept row has a counted cell in it; then a row stays when a kept column does.
      const colShown = colOk.map((ok, k) => ok && (!filtered || rows.some((tr, i) => rowOk[i] && counted(cellsOf(tr)[k]))));
      const rowShown = rows.map((tr, i) => rowOk[i] && (!filtered || cellsOf(tr).some((td, k) => colShown[k] && counted(td))));
      const perCol = colHeads.map(() => 0);
      let cells = 0, sum = 0;
      rows.forEach((tr, i) => {
        tr.hidden = !rowShown[i];
        let n = 0, s = 0;
        cellsOf(tr).forEach((td, k) => {
          td.hidden = !colShown[k];
          const on = colShown[k] && counted(td);
          td.classList.toggle("fl-below", !on && weight(td) > 0);
          if (on) { n++; s += weight(td); if (rowShown[i]) perCol[k]++; }
        });
        const [nTd, sTd] = Array.from(tr.cells).slice(-2);
        nTd.textContent = nTd.dataset.v = n;
        sTd.textContent = sTd.dataset.v = s;
        if (rowShown[i]) { cells += n; sum += s; }
      });
      colHeads.forEach((th, k) => { th.hidden = !colShown[k]; });
      foot.slice(1, 1 + colHeads.length).forEach((td, k) => {
        td.hidden = !colShown[k];
        td.textContent = filtered ? perCol[k] : original[k + 1];
      });
      if (table.tFoot.rows[1]) {  // the FTE row: its cells follow the columns shown
        Array.from(table.tFoot.rows[1].cells).slice(1, 1 + colHeads.length).forEach((td, k) => { td.hidden = !colShown[k]; });
      }
      foot[foot.length - 2].textContent = filtered ? cells : "";
      foot[foot.length - 1].textContent = filtered ? sum : "";
      Array.from(sortSel.options).forEach((o, k) => { if (k >= 4) o.hidden = o.disabled = !colShown[k - 4]; });
      if (sortSel.selectedOptions[0].disabled) sortSel.value = "";
      sort();
      const nr = rowShown.filter(Boolean).length, nc = colShown.filter(Boolean).length;
      count.textContent = `${nr} of ${rows.length} ${rowWord} × ${nc} of ${colHeads.length} ${colWord}`;
      // The list exists only while it is shown: a desktop's page keeps a lighter DOM.
      if (phone.matches) renderList(rowShown, colShown, counted);
      else list.replaceChildren();
      writeUrl();
      roving.reset();
    }

    function sort() {
      const key = sortSel.value;
      const k = colHeads.findIndex(th => th.dataset.id === key);
      heads.forEach(th => th.removeAttribute("aria-sort"));
      let value = null;
      if (key === "name") { value = tr => tr.dataset.name; heads[0].setAttribute("aria-sort", "ascending"); }
      else if (key === "count") { value = tr => +tr.cells[tr.cells.length - 2].dataset.v; countHead.setAttribute("aria-sort", "descending"); }
      else if (key === "sum") { value = tr => +tr.cells[tr.cells.length - 1].dataset.v; sumHead.setAttribute("aria-sort", "descending"); }
      else if (k >= 0) { value = tr => (cellsOf(tr)[k].classList.contains("fl-below") ? 0 : weight(cellsOf(tr)[k])); colHeads[k].setAttribute("aria-sort", "descending"); }
      const sorted = value === null ? rows.slice() : rows.slice().sort((a, b) => {
        const x = value(a), y = value(b);
        const c = typeof x === "string" ? x.localeCompare(y) : y - x;
        return c || a.dataset.name.localeCompare(b.dataset.name);
      });
      sorted.forEach(tr => tbody.append(tr));  // `rows` keeps the knowledge base's order
    }

    /* The phone's view: per row (in the sorted order), the columns it is addressed by, ranked by relevance. */
    function renderList(rowShown, colShown, counted) {
      const items = [];
      Array.from(tbody.rows).forEach(tr => {
        if (!rowShown[rows.indexOf(tr)]) return;
        const li = document.createElement("li");
        const head = tr.cells[0].querySelector("a").cloneNode(true);
        head.removeAttribute("tabindex");
        head.className = "fl-list-head";
        li.append(head);
        const ranked = cellsOf(tr).map((td, k) => [td, k]).filter(([td, k]) => colShown[k] && counted(td))
          .sort((a, b) => weight(b[0]) - weight(a[0]) || a[1] - b[1]);
        if (!ranked.length) {
          const none = document.createElement("p");
          none.textContent = (table.dataset.none || "No " + colWord.replace(/s$/, "") + " addresses it") +
            (+relSel.value ? " at this " + grade + "." : ".");
          li.append(none);
        } else {
          const inner = document.createElement("ol");
          ranked.forEach(([td, k]) => {
            const item = document.createElement("li");
            const mark = document.createElement("span");
            mark.className = "fl-swatch fl-" + LETTER[weight(td)].toLowerCase();
            mark.textContent = LETTER[weight(td)];
            mark.setAttribute("aria-label", WORD[weight(td)] + ":");
            const link = colHeads[k].querySelector("a").cloneNode(true);
            link.removeAttribute("tabindex");
            item.append(mark, " ", link);
            inner.append(item);
          });
          li.append(inner);
        }
        items.push(li);
      });
      list.replaceChildren(...items);
    }

    /* One tab stop for the whole grid: the current cell (or the link in it) has tabindex 0, the rest -1. */
    const roving = (function () {
      let row = 0, col = 0, current = null;
      const grid = () => [table.tHead.rows[0]].concat(Array.from(tbody.rows).filter(tr => !tr.hidden), [table.tFoot.rows[0]])
        .map(tr => Array.from(tr.cells).filter(c => !c.hidden));
      const target = cell => cell.querySelector("a") || cell;
      table.querySelectorAll("a").forEach(a => { a.tabIndex = -1; });
      function place(r, c, focus) {
        const g = grid();
        row = Math.max(0, Math.min(r, g.length - 1));
        col = Math.max(0, Math.min(c, g[row].length - 1));
        if (current) current.tabIndex = -1;
        current = target(g[row][col]);
        current.tabIndex = 0;
        if (focus) { current.focus({ preventScroll: true }); g[row][col].scrollIntoView({ block: "nearest", inline: "nearest" }); }
      }
      table.addEventListener("keydown", e => {
        const g = grid(), page = Math.max(1, Math.floor(scroller.clientHeight / (tbody.rows[0] || table.tHead.rows[0]).offsetHeight) - 2);
        const moves = {
          ArrowRight: [row, col + 1], ArrowLeft: [row, col - 1], ArrowDown: [row + 1, col], ArrowUp: [row - 1, col],
          Home: e.ctrlKey ? [0, 0] : [row, 0], End: e.ctrlKey ? [g.length - 1, g[g.length - 1].length - 1] : [row, g[row].length - 1],
          PageDown: [row + page, col], PageUp: [row - page, col],
        };
        if (!(e.key in moves) || e.altKey || e.metaKey) return;
        e.preventDefault();
        place(moves[e.key][0], moves[e.key][1], true);
      });
      table.addEventListener("focusin", e => {  // a click or a search hit inside the grid moves the tab stop there
        const g = grid();
        for (let r = 0; r < g.length; r++) {
          const c = g[r].findIndex(cell => cell.contains(e.target));
          if (c >= 0 && (r !== row || c !== col)) { place(r, c, false); return; }
        }
      });
      return { reset: () => place(row, col, false) };
    })();

    readUrl();
    [tagSel, evSel, relSel].forEach(s => s.addEventListener("change", apply));
    sortSel.addEventListener("change", apply);
    phone.addEventListener("change", apply);
    apply();
    // Cells scrolled into view stop clear of the sticky row headings, column headings and totals.
    const pad = () => {
      scroller.style.scrollPaddingLeft = heads[0].offsetWidth + "px";
      scroller.style.scrollPaddingRight = Array.from(table.tHead.querySelectorAll("th.fl-total"))
        .reduce((w, th) => w + th.offsetWidth, 0) + "px";
      scroller.style.scrollPaddingTop = table.tHead.offsetHeight + "px";
    };
    pad();
    window.addEventListener("resize", pad);
  }

  function initAll() { document.querySelectorAll("table.fl-heatmap").forEach(init); }
  if (typeof document$ !== "undefined") document$.subscribe(initAll);
  else if (document.readyState !== "loading") initAll();
  else document.addEventListener("DOMContentLoaded", initAll);
})();
