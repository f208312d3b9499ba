/* Faultlines matrix: sortable columns and filters for the agenda × failure-mode heatmaps.
 * Works on any table.fl-heatmap; runs again after Material's instant navigation swaps the page. */
(function () {
  "use strict";

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

  function init(table) {
    if (table.dataset.ready) return;
    table.dataset.ready = "1";
    const tbody = table.tBodies[0];
    const rows = Array.from(tbody.rows);
    const heads = Array.from(table.tHead.rows[0].cells);
    const colHeads = heads.filter(th => th.classList.contains("fl-col"));
    const fmRows = table.dataset.orientation === "failure-modes";
    const evidenceOn = fmRows ? rows : colHeads;

    const bar = document.createElement("div");
    bar.className = "fl-filters";
    const [tagWrap, tagSel] = select("Tag", "tag", [["", "any"]].concat(values(rows, "tags").map(t => [t, t])));
    const [evWrap, evSel] = select("Evidence", "evidence",
      [["", "any"]].concat(values(evidenceOn, "evidence").map(v => [v, v])));
    const [relWrap, relSel] = select("Relevance at least", "relevance",
      [["0", "any"], ["1", "low"], ["2", "medium"], ["3", "high"]]);
    const count = document.createElement("span");
    count.className = "fl-count";
    count.setAttribute("aria-live", "polite");
    bar.append(tagWrap, evWrap, relWrap, count);
    table.parentElement.before(bar);

    function apply() {
      const tag = tagSel.value, ev = evSel.value, min = +relSel.value;
      const colShown = colHeads.map(th => fmRows || !ev || th.dataset.evidence === ev);
      heads.forEach((th, i) => {
        const k = colHeads.indexOf(th);
        if (k >= 0) th.hidden = !colShown[k];
      });
      let shown = 0;
      rows.forEach(tr => {
        const cells = Array.from(tr.cells).slice(1, 1 + colHeads.length);
        cells.forEach((td, k) => {
          td.hidden = !colShown[k];
          td.classList.toggle("fl-below", min > 0 && +(td.dataset.v || 0) < min);
        });
        const tagOk = !tag || (tr.dataset.tags || "").split(" ").includes(tag);
        const evOk = !fmRows || !ev || tr.dataset.evidence === ev;
        const relOk = min === 0 || cells.some((td, k) => colShown[k] && +(td.dataset.v || 0) >= min);
        tr.hidden = !(tagOk && evOk && relOk);
        if (!tr.hidden) shown++;
      });
      Array.from(table.tFoot.rows[0].cells).slice(1, 1 + colHeads.length)
        .forEach((td, k) => { td.hidden = !colShown[k]; });
      count.textContent = shown + " of " + rows.length + " rows";
    }
    [tagSel, evSel, relSel].forEach(s => s.addEventListener("change", apply));

    heads.forEach((th, i) => {
      th.tabIndex = 0;
      th.setAttribute("aria-sort", "none");
      const sort = event => {
        if (event.target.closest("a") && event.type === "click" && th.classList.contains("fl-col")) event.preventDefault();
        const desc = th.getAttribute("aria-sort") !== "descending";
        heads.forEach(h => h.setAttribute("aria-sort", "none"));
        th.setAttribute("aria-sort", desc ? "descending" : "ascending");
        const key = tr => i === 0 ? tr.dataset.name : +(tr.cells[i].dataset.v || 0);  // an empty cell has no data-v
        rows.sort((a, b) => {
          const x = key(a), y = key(b);
          const c = typeof x === "number" ? x - y : x.localeCompare(y);
          return (i === 0 ? !desc : desc) ? -c || a.dataset.name.localeCompare(b.dataset.name)
                                           : c || a.dataset.name.localeCompare(b.dataset.name);
        });
        rows.forEach(tr => tbody.append(tr));
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(e); } });
    });
    apply();
  }

  function initAll() { document.querySelectorAll("table.fl-heatmap").forEach(init); }
  if (typeof document$ !== "undefined") document$.subscribe(initAll);
  else if (document.readyState !== "loading") initAll();
  else document.addEventListener("DOMContentLoaded", initAll);
})();
