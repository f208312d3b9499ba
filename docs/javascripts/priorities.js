/* The priorities page (/priorities/): change the relevance weights, sort by any column, see how rows move.
   Loaded on that page only. Each row carries, per grade (h, m, l), the summed FTE range of its agendas with an
   estimate ("low:high", high empty when open-ended) and the number of agendas; the effort range is
   wH*H + wM*M + wL*L, computed for the low and the high end separately, so it stays a range. The weights and
   the sort are kept in the address (?h=1&m=0.5&l=0.25&sort=effort&dir=asc). Without JavaScript the table is
   in its default order with the default weights. */
(function () {
  "use strict";

  var DEFAULTS = { h: 1, m: 0.5, l: 0.25 };
  var GRADES = ["h", "m", "l"];
  var LABELS = { h: "High", m: "Medium", l: "Low" };
  var STATUS = { gap: 0, thin: 1, covered: 2 };

  function parseRange(text) {
    if (!text) return null;
    var parts = text.split(":");
    return { low: +parts[0], high: parts[1] === "" ? Infinity : +parts[1] };
  }

  function whole(x) { return x >= 1 || x === 0 ? String(Math.round(x)) : "<1"; }

  function rangeText(r) {
    if (!r) return null;
    if (r.high === Infinity) return whole(r.low) + "+";
    var lo = whole(r.low), hi = whole(r.high);
    return lo === hi ? lo : lo + "\u2013" + hi;
  }

  function readWeights(params) {
    var w = {};
    GRADES.forEach(function (g) {
      var v = parseFloat(params.get(g));
      w[g] = isFinite(v) && v >= 0 && v <= 1 ? v : DEFAULTS[g];
    });
    return w;
  }

  function init() {
    var table = document.querySelector("table.fl-priorities");
    if (!table || table.dataset.ready) return;
    table.dataset.ready = "1";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (tr) {
      var d = tr.dataset, sums = {}, counts = {};
      GRADES.forEach(function (g) { sums[g] = parseRange(d[g]); counts[g] = +d["n" + g]; });
      return { tr: tr, id: d.id, name: d.name, status: d.status, evidence: +d.evidence, estimates: +d.estimates,
               sums: sums, counts: counts, rank: +d.rank, effort: null,
               cell: tr.querySelector(".fl-effort-range"), rankCell: tr.querySelector(".fl-rank") };
    });
    var params = new URLSearchParams(window.location.search);
    var weights = readWeights(params);
    var sortKey = params.get("sort") || "default";
    var dir = params.get("dir") === "desc" ? -1 : 1;

    // The controls: one number field per grade, a sort choice (the phone's list has no headers), a reset.
    var bar = document.createElement("form");
    bar.className = "fl-priority-controls";
    bar.setAttribute("aria-label", "Relevance weights and sort order");
    bar.addEventListener("submit", function (ev) { ev.preventDefault(); });
    var inputs = {};
    GRADES.forEach(function (g) {
      var label = document.createElement("label");
      label.appendChild(document.createTextNode(LABELS[g] + " relevance counts "));
      var input = document.createElement("input");
      input.type = "number"; input.min = "0"; input.max = "1"; input.step = "0.05";
      input.name = g; input.value = String(weights[g]);
      input.addEventListener("input", function () {
        var v = parseFloat(input.value);
        if (isFinite(v) && v >= 0 && v <= 1) { weights[g] = v; update(); }
      });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" of an agenda"));
      bar.appendChild(label);
      inputs[g] = input;
    });
    var sortLabel = document.createElement("label");
    sortLabel.appendChild(document.createTextNode("Sort by "));
    var select = document.createElement("select");
    select.name = "sort";
    [["default", "gaps first, then least effort"], ["effort", "effort"], ["name", "failure mode"],
     ["agendas", "agendas"], ["evidence", "evidence"], ["estimates", "estimates"], ["status", "status"]]
      .forEach(function (o) {
        var opt = document.createElement("option");
        opt.value = o[0]; opt.textContent = o[1];
        select.appendChild(opt);
      });
    select.value = sortKey;
    select.addEventListener("change", function () { sortKey = select.value; dir = 1; update(); });
    sortLabel.appendChild(select);
    bar.appendChild(sortLabel);
    var reset = document.createElement("button");
    reset.type = "button"; reset.textContent = "Default weights";
    reset.addEventListener("click", function () {
      GRADES.forEach(function (g) { weights[g] = DEFAULTS[g]; inputs[g].value = String(DEFAULTS[g]); });
      update();
    });
    bar.appendChild(reset);
    var status = document.createElement("p");
    status.className = "fl-priority-status";
    status.setAttribute("aria-live", "polite");
    table.parentNode.insertBefore(bar, table);
    table.parentNode.insertBefore(status, table);

    // Column headings sort too (ascending, then descending on a second press).
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      var key = th.dataset.sort;
      if (!key) return;
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var k = key === "rank" ? "default" : key;
        dir = sortKey === k ? -dir : 1;
        sortKey = k; select.value = k;
        update();
      });
    });

    function effortOf(r) {
      var total = null;
      GRADES.forEach(function (g) {
        var s = r.sums[g];
        if (!s) return;
        var part = { low: s.low * weights[g], high: s.high * weights[g] };
        if (weights[g] === 0) part.high = 0;
        total = total ? { low: total.low + part.low, high: total.high + part.high } : part;
      });
      return total;
    }

    function compareDefault(a, b) {
      return (STATUS[a.status] - STATUS[b.status]) || compareEffort(a, b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    }

    function compareEffort(a, b) {
      var ea = a.effort || { low: 0, high: 0 }, eb = b.effort || { low: 0, high: 0 };
      return (ea.low - eb.low) || (ea.high === eb.high ? 0 : ea.high < eb.high ? -1 : 1);
    }

    function agendas(r) { return r.counts.h * 1e6 + r.counts.m * 1e3 + r.counts.l; }  // by grade: high first

    var compare = {
      "default": compareDefault,
      effort: function (a, b) { return compareEffort(a, b) || compareDefault(a, b); },
      name: function (a, b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; },
      agendas: function (a, b) { return (agendas(a) - agendas(b)) || compareDefault(a, b); },
      evidence: function (a, b) { return (a.evidence - b.evidence) || compareDefault(a, b); },
      estimates: function (a, b) { return (a.estimates - b.estimates) || compareDefault(a, b); },
      status: function (a, b) { return (STATUS[a.status] - STATUS[b.status]) || compareDefault(a, b); }
    };

    function update() {
      rows.forEach(function (r) {
        r.effort = effortOf(r);
        var text = rangeText(r.effort);
        if (text !== null) r.cell.textContent = text;
      });
      // Where each row stands with these weights in the default order (gaps first, then least effort).
      var byDefault = rows.slice().sort(compareDefault);
      byDefault.forEach(function (r, i) { r.now = i + 1; });
      var cmp = compare[sortKey] || compareDefault;
      var sorted = rows.slice().sort(function (a, b) { return dir * cmp(a, b); });
      var moved = 0;
      sorted.forEach(function (r) {
        body.appendChild(r.tr);
        var delta = r.rank - r.now;
        if (delta) moved += 1;
        r.rankCell.textContent = String(r.now) + (delta > 0 ? " \u25b2" + delta : delta < 0 ? " \u25bc" + (-delta) : "");
        r.rankCell.setAttribute("aria-label", "Position " + r.now + (delta ? ", moved " + (delta > 0 ? "up " : "down ") +
          Math.abs(delta) + " from the default weights" : ""));
      });
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
        var k = th.dataset.sort === "rank" ? "default" : th.dataset.sort;
        if (k === sortKey) th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
      });
      var custom = GRADES.some(function (g) { return weights[g] !== DEFAULTS[g]; });
      status.textContent = "Weights: high " + weights.h + ", medium " + weights.m + ", low " + weights.l +
        (custom ? " (changed: " + moved + " failure modes moved in the default order; \u25b2 up, \u25bc down)" : " (the defaults)") + ".";
      var p = new URLSearchParams(window.location.search);
      GRADES.forEach(function (g) { if (weights[g] !== DEFAULTS[g]) p.set(g, String(weights[g])); else p.delete(g); });
      if (sortKey !== "default") p.set("sort", sortKey); else p.delete("sort");
      if (dir === -1) p.set("dir", "desc"); else p.delete("dir");
      var query = p.toString();
      history.replaceState(history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }

    update();
  }

  if (typeof document$ !== "undefined") document$.subscribe(init);  // Material's instant navigation
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
