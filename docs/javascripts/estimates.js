/* The estimates index (/estimates/): sort by any column, filter by scenario, outcome, estimator, conditional
   or not, provenance (published or self-reported), year and value. Loaded on that page only. Each row's first cell holds an empty <span class="fl-row"> whose data-*
   attributes (written at build time) are what the filters and sorting read. The filters are kept in the
   page's address so a filtered list can be shared. Without JavaScript the table lists every estimate.
   A conditional figure's condition is inside the figure's own cell (site/figures.py), so no sort or filter
   can show the number without it. */
(function () {
  "use strict";

  function text(el) { return (el.textContent || "").trim(); }

  function option(select, value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }

  function field(bar, label, control) {
    var wrap = document.createElement("label");
    wrap.appendChild(document.createTextNode(label));
    wrap.appendChild(control);
    bar.appendChild(wrap);
    return control;
  }

  function choice(bar, label, key, values) {
    var select = document.createElement("select");
    select.dataset.key = key;
    option(select, "", "all");
    values.forEach(function (v) { option(select, v[0], v[1]); });
    return field(bar, label, select);
  }

  function number(bar, label, key, min, max, step) {
    var input = document.createElement("input");
    input.type = "number";
    input.min = min; input.max = max; input.step = step;
    input.dataset.key = key;
    return field(bar, label, input);
  }

  function init() {
    var root = document.querySelector(".fl-estimates");
    if (!root || root.dataset.ready) return;
    var table = root.querySelector("table");
    if (!table) return;
    root.dataset.ready = "1";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (tr, i) {
      var d = tr.querySelector(".fl-row").dataset;
      return {
        tr: tr, order: i, scenario: d.scenario, outcome: d.outcome, year: +d.year, value: +d.value, date: d.date,
        conditional: d.conditional === "1", provenance: d.provenance || "published",
        name: text(tr.cells[0]).toLowerCase(), scenarioName: text(tr.cells[2]), outcomeName: text(tr.cells[3]),
        estimator: text(tr.cells[4])
      };
    });

    function distinct(key, label) {
      var seen = {};
      rows.forEach(function (r) { if (r[key] && !(r[key] in seen)) seen[r[key]] = label(r); });
      return Object.keys(seen).map(function (k) { return [k, seen[k]]; })
        .sort(function (a, b) { return a[1].localeCompare(b[1]); });
    }

    var bar = document.createElement("div");
    bar.className = "fl-estimate-filters";
    bar.setAttribute("role", "search");
    bar.setAttribute("aria-label", "Filter estimates");
    var years = rows.map(function (r) { return r.year; });
    var controls = [
      choice(bar, "Scenario", "scenario", distinct("scenario", function (r) { return r.scenarioName; })),
      choice(bar, "Outcome", "outcome", distinct("outcome", function (r) { return r.outcomeName; })),
      choice(bar, "Estimator", "estimator", distinct("estimator", function (r) { return r.estimator; })),
      choice(bar, "Conditional", "conditional", [["no", "unconditional only"], ["yes", "conditional only"]]),
      choice(bar, "Provenance", "provenance", [["published", "published only"], ["self-reported", "self-reported only"]]),
      number(bar, "Year from", "from", Math.min.apply(null, years), Math.max.apply(null, years), 1),
      number(bar, "Year to", "to", Math.min.apply(null, years), Math.max.apply(null, years), 1),
      number(bar, "Value ≥ (%)", "min", 0, 100, "any"),
      number(bar, "Value ≤ (%)", "max", 0, 100, "any")
    ];
    var sortSelect = choice(bar, "Sort", "sort", [["1-", "probability, highest first"], ["1", "probability, lowest first"],
      ["5-", "date, newest first"], ["5", "date, oldest first"], ["4", "estimator"], ["2", "scenario"]]);
    sortSelect.options[0].textContent = "by name";
    var count = document.createElement("span");
    count.className = "fl-count";
    count.setAttribute("aria-live", "polite");
    // On a phone the filters fold away under one line that says how many estimates are shown.
    var box = document.createElement("details");
    box.className = "fl-filter-box";
    var summary = document.createElement("summary");
    summary.textContent = "Filter and sort · ";
    summary.appendChild(count);
    box.appendChild(summary);
    box.appendChild(bar);
    box.open = !window.matchMedia("(max-width: 47.9375em)").matches;
    root.parentNode.insertBefore(box, root);
    sortSelect.addEventListener("change", function () {
      var v = sortSelect.value;
      sort.column = v ? parseInt(v, 10) : null;
      sort.direction = v.slice(-1) === "-" ? -1 : 1;
      apply(true);
    });

    var sort = { column: null, direction: 1 };
    var keys = [
      function (r) { return r.name; }, function (r) { return r.value; },
      function (r) { return r.scenarioName.toLowerCase(); }, function (r) { return r.outcomeName; },
      function (r) { return r.estimator.toLowerCase(); }, function (r) { return r.date; }
    ];
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    heads.forEach(function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = text(th);
      button.title = "Sort by " + text(th).toLowerCase();
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        sort.direction = sort.column === i ? -sort.direction : (i === 1 ? -1 : 1);
        sort.column = i;
        apply(true);
      });
    });

    function state() {
      var s = {};
      controls.forEach(function (c) { if (c.value !== "") s[c.dataset.key] = c.value; });
      delete s.sort;
      if (sort.column !== null) s.sort = sort.column + (sort.direction < 0 ? "-" : "");
      return s;
    }

    function apply(write) {
      var s = state();
      var shown = 0;
      var ordered = rows.slice();
      if (sort.column !== null) {
        var key = keys[sort.column];
        ordered.sort(function (a, b) {
          var x = key(a), y = key(b);
          return (x < y ? -1 : x > y ? 1 : a.order - b.order) * (x === y ? 1 : sort.direction);
        });
      }
      ordered.forEach(function (r) {
        var ok = (!s.scenario || r.scenario === s.scenario) && (!s.outcome || r.outcome === s.outcome) &&
          (!s.estimator || r.estimator === s.estimator) &&
          (!s.conditional || (s.conditional === "yes") === r.conditional) &&
          (!s.provenance || s.provenance === r.provenance) &&
          (!s.from || r.year >= +s.from) && (!s.to || r.year <= +s.to) &&
          (!s.min || r.value * 100 >= +s.min) && (!s.max || r.value * 100 <= +s.max);
        r.tr.hidden = !ok;
        if (ok) shown += 1;
        body.appendChild(r.tr);
      });
      var chosen = sort.column === null ? "" : sort.column + (sort.direction < 0 ? "-" : "");
      sortSelect.value = Array.prototype.some.call(sortSelect.options, function (o) { return o.value === chosen; }) ? chosen : "";
      heads.forEach(function (th, i) {
        if (i === sort.column) th.setAttribute("aria-sort", sort.direction > 0 ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
      });
      count.textContent = shown + " of " + rows.length + " estimates";
      if (write) {
        var params = new URLSearchParams(s);
        var query = params.toString();
        history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
    }

    var params = new URLSearchParams(location.search);
    controls.forEach(function (c) {
      if (params.has(c.dataset.key)) c.value = params.get(c.dataset.key);
      c.addEventListener(c.tagName === "SELECT" ? "change" : "input", function () { apply(true); });
    });
    controls.push(sortSelect);
    var sorted = params.get("sort");
    if (sorted && /^[0-5]-?$/.test(sorted)) {  // column number, "-" for descending: "1-" is highest first
      sort.column = parseInt(sorted, 10);
      sort.direction = sorted.slice(-1) === "-" ? -1 : 1;
    }
    apply(false);
  }

  init();
})();
