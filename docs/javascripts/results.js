/* An evaluation's results table (.fl-results, written by site/templates/evaluation.md.j2): sort by date
   (newest first, as built), by system (A–Z) or by condition. Loaded on evaluation pages only. The order is
   kept in the page's address (?sort=system) so a view can be shared. Without JavaScript the table stays in
   date order. */
(function () {
  "use strict";

  var KEYS = [["date", "date (newest first)"], ["system", "system (A–Z)"], ["condition", "condition (A–Z)"]];
  var COLUMN = { system: 0, condition: 1, date: 3 };

  function init(wrap) {
    var table = wrap.querySelector("table");
    if (!table || wrap.dataset.ready) return;
    wrap.dataset.ready = "1";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);  // the built (date) order
    var heads = table.tHead.rows[0].cells;
    var label = document.createElement("label");
    label.className = "fl-filter";
    label.appendChild(document.createTextNode("Sort results by "));
    var select = document.createElement("select");
    select.name = "sort";
    KEYS.forEach(function (k) {
      var o = document.createElement("option");
      o.value = k[0];
      o.textContent = k[1];
      select.appendChild(o);
    });
    label.appendChild(select);
    var bar = document.createElement("div");
    bar.className = "fl-filters";
    bar.appendChild(label);
    wrap.parentNode.insertBefore(bar, wrap);

    var text = function (tr, k) { return (tr.cells[COLUMN[k]].textContent || "").trim(); };

    function apply() {
      var key = select.value;
      Array.prototype.forEach.call(heads, function (th) { th.removeAttribute("aria-sort"); });
      heads[COLUMN[key]].setAttribute("aria-sort", key === "date" ? "descending" : "ascending");
      var sorted = key === "date" ? rows.slice() : rows.slice().sort(function (a, b) {
        return text(a, key).localeCompare(text(b, key)) || rows.indexOf(a) - rows.indexOf(b);
      });
      sorted.forEach(function (tr) { body.appendChild(tr); });
      var q = new URLSearchParams(location.search);
      if (key === "date") q.delete("sort"); else q.set("sort", key);
      var search = q.toString();
      history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + location.hash);
    }

    var wanted = new URLSearchParams(location.search).get("sort");
    if (COLUMN.hasOwnProperty(wanted)) select.value = wanted;
    select.addEventListener("change", apply);
    apply();
  }

  function initAll() { document.querySelectorAll(".fl-results").forEach(init); }
  if (typeof document$ !== "undefined") document$.subscribe(initAll);
  else if (document.readyState !== "loading") initAll();
  else document.addEventListener("DOMContentLoaded", initAll);
})();
