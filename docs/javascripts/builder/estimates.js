/* The estimates builder (/record/estimates/): who you are, then one row per cell you have a view on; each
   filled row becomes one self-reported estimate file, made exactly as `faultlines new estimate --form` makes
   it (tools/estimate_forms.py), checked here as `faultlines validate` checks it, and only then offered to
   download, copy or propose. The published figures of the same cell are shown beside each row. */
(function () {
  "use strict";
  var B = window.FaultlinesBuilder, el = B.el;
  var script = document.currentScript;
  var FORMS = [
    ["unconditional", "P(B leads to existential catastrophe)", null],
    ["not-an-issue", "P(B leads to existential catastrophe | A is not an issue by default)", "not-an-issue-by-default"],
    ["solved", "P(B leads to existential catastrophe | A is solved)", "solved"],
    ["progress", "P(meaningful AI-powered alignment progress is possible before catastrophe | C is solved)", "solved"]
  ];
  var PROGRESS = "Meaningful AI-powered alignment progress is possible before catastrophe.";

  function nameInText(name) { return name.charAt(1) && name.charAt(1) === name.charAt(1).toLowerCase() && name.charAt(1) !== name.charAt(1).toUpperCase() ? name.charAt(0).toLowerCase() + name.slice(1) : name; }

  function formId(who, form, b, a) {
    var cell = { unconditional: b, "not-an-issue": b + "-if-" + a + "-not-an-issue", solved: b + "-if-" + a + "-solved",
      progress: "progress-if-" + a + "-solved" }[form];
    var full = (B.slug(who) || "someone") + "-" + cell;
    if (full.length <= 64) return full;
    full = full.slice(0, 64);
    return full.slice(0, full.lastIndexOf("-"));
  }

  /* tools/estimate_forms.py's estimate_entry, field for field. */
  function entry(form, who, date, read, names, b, a, horizon, reasoning, link) {
    var state = FORMS.filter(function (f) { return f[0] === form; })[0][2];
    var bn = nameInText(names[b] || b || ""), an = nameInText(names[a] || a || ""), what, proposition;
    if (form === "progress") { proposition = PROGRESS; what = "meaningful AI-powered alignment progress is possible before catastrophe"; }
    else { proposition = bn.charAt(0).toUpperCase() + bn.slice(1) + " leads to existential catastrophe."; what = bn + " leads to existential catastrophe"; }
    var given = { "not-an-issue": ", if " + an + " is not an issue by default", solved: ", given " + an + " is solved",
      progress: ", given " + an + " is solved", unconditional: "" }[form];
    var d = { id: formId(who, form, b, a), name: (who || "Someone") + " (" + date.slice(0, 4) + "): " + what + given,
      summary: (who || "Someone") + "'s own probability that " + what + given + ", submitted by them to Faultlines.",
      provenance: "self-reported" };
    if (who) d.estimator = who;
    d.date = date; d.proposition = proposition;
    d.outcome = form === "progress" ? "alignment-progress" : "existential-catastrophe";
    if (form !== "progress" && b) d.scenario = b;
    d.method = "personal-credence";
    if (state && a) d.given = [{ failure_mode: a, state: state }];
    else if (!state) d.unconditional = true;
    Object.keys(read.fields).forEach(function (k) { d[k] = read.fields[k]; });
    d.stated_as = read.stated_as;
    if (horizon) d.horizon = horizon;
    if (link) d.statement_url = link;
    if (reasoning) d.description = reasoning;
    return d;
  }

  function start(loaded, root) {
    var data = loaded.data, checker = loaded.checker;
    var names = {}, byText = {};
    data.failure_modes.forEach(function (f) {
      names[f.id] = f.names[0];
      byText[f.id] = f.id;
      f.names.forEach(function (n) { byText[n.toLowerCase()] = f.id; });
    });
    var index = B.nameIndex(data.failure_modes);
    var list = el("datalist", { id: "fl-failure-modes" });
    data.failure_modes.forEach(function (f) { list.appendChild(el("option", { value: f.names[0], label: f.id })); });

    function field(label, input, help) {
      return el("label", { className: "fl-field" }, [el("span", { className: "fl-label", text: label }), input,
        help ? el("small", { className: "fl-help", text: help }) : null]);
    }
    var who = el("input", { type: "text", name: "estimator", autocomplete: "name" });
    var date = el("input", { type: "text", name: "date", value: new Date().toISOString().slice(0, 10), placeholder: "YYYY-MM-DD" });
    var horizon = el("input", { type: "text", name: "horizon", placeholder: "e.g. by 2100" });
    var link = el("input", { type: "url", name: "statement_url", placeholder: "https://…" });
    var reasoning = el("textarea", { name: "reasoning", rows: "3" });
    var form = el("form", { className: "fl-builder-form", novalidate: "novalidate" });
    form.appendChild(list);
    form.appendChild(el("fieldset", { className: "fl-person" }, [el("legend", { text: "You" }),
      field("Your name", who, "as it should appear next to your figures"), field("Date", date, "YYYY-MM-DD, YYYY-MM or YYYY"),
      field("Horizon (optional)", horizon, "the period your figures cover, if any"),
      field("Where you have said it publicly (optional)", link, "a post, comment or talk; otherwise your pull request is the record"),
      field("Reasoning (optional)", reasoning, "a few sentences; shown on each estimate's page")]));
    var rowsBox = el("div", { className: "fl-cells" });
    form.appendChild(el("fieldset", {}, [el("legend", { text: "Your figures" }),
      el("p", { className: "fl-help", text: "One row per cell you have a view on; leave a row's figure empty to skip it. Type a failure mode's name or id." }), rowsBox]));
    var rows = [];

    function published(row) {
      var b = row.form.value === "progress" ? "progress" : byText[row.b.value.trim().toLowerCase()] || row.b.value.trim();
      var a = byText[row.a.value.trim().toLowerCase()] || row.a.value.trim();
      var state = FORMS.filter(function (f) { return f[0] === row.form.value; })[0][2];
      var key = b + "|" + (state ? a : "") + "|" + (state || "");
      var found = data.cells[key] || [];
      row.published.textContent = "";
      row.published.appendChild(el("span", { className: "fl-label", text: "Published for this cell: " }));
      if (!found.length) row.published.appendChild(el("span", { className: "fl-gap", text: "none yet" }));
      found.forEach(function (c, i) {
        var label = c.figure + (c.condition ? " " + c.condition : "") + (c.provenance === "self-reported" ? " (self-reported)" : "");
        row.published.appendChild(el("span", { className: "fl-figure", "data-conditional": c.condition ? "true" : "false",
          "data-provenance": c.provenance }, [el("a", { href: new URL(c.url, base).href, text: label }),
          " — " + c.estimator + ", " + String(c.date).slice(0, 4)]));
        if (i < found.length - 1) row.published.appendChild(document.createTextNode("; "));
      });
    }

    function addRow(formName) {
      var select = el("select", { name: "form" });
      FORMS.forEach(function (f) { select.appendChild(el("option", { value: f[0], text: f[1] })); });
      select.value = formName;
      var row = { form: select, b: el("input", { type: "text", name: "b", list: "fl-failure-modes" }),
        a: el("input", { type: "text", name: "a", list: "fl-failure-modes" }),
        figure: el("input", { type: "text", name: "figure", placeholder: "5%, >10%, 1–5%", inputmode: "decimal" }),
        published: el("p", { className: "fl-published" }) };
      var bLabel = field("B: the failure mode", row.b), aLabel = field("A: the condition's failure mode", row.a);
      row.box = el("div", { className: "fl-cell", "data-row": String(rows.length) }, [field("Cell", select), bLabel, aLabel,
        field("Your probability", row.figure), row.published]);
      function sync() {
        var f = select.value;
        bLabel.hidden = f === "progress";
        aLabel.hidden = f === "unconditional";
        aLabel.querySelector(".fl-label").textContent = f === "progress" ? "C: the failure mode solved" : "A: the condition's failure mode";
        published(row);
      }
      [select, row.b, row.a].forEach(function (c) { c.addEventListener("change", sync); c.addEventListener("input", sync); });
      rows.push(row);
      rowsBox.appendChild(row.box);
      sync();
      return row;
    }
    FORMS.forEach(function (f) { addRow(f[0]); });
    var add = el("button", { type: "button", className: "md-button", text: "Add a row" });
    add.addEventListener("click", function () { addRow("solved"); });
    var make = el("button", { type: "submit", className: "md-button md-button--primary", text: "Check and make the files" });
    form.appendChild(el("p", {}, [add, " ", make]));
    var problemsBox = el("div", { className: "fl-builder-problems", "aria-live": "polite" });
    var outBox = el("div", { className: "fl-builder-output" });
    root.appendChild(form); root.appendChild(problemsBox); root.appendChild(outBox);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      B.clearProblems(form);
      outBox.textContent = "";
      var problems = [], files = [], seen = {}, targets = [];
      var person = { who: who.value.trim().split(/\s+/).join(" "), date: date.value.trim(), horizon: horizon.value.trim().split(/\s+/).join(" "),
        link: link.value.trim(), reasoning: reasoning.value.trim() };
      var used = rows.filter(function (r) { return r.figure.value.trim() !== ""; });
      if (!used.length) problems.push({ message: "fill in at least one figure", code: "builder-nothing-to-record", input: rows[0].figure });
      used.forEach(function (r) {
        var f = r.form.value, read = B.readFigure(r.figure.value);
        var b = f === "progress" ? null : byText[r.b.value.trim().toLowerCase()] || r.b.value.trim() || null;
        var a = f === "unconditional" ? null : byText[r.a.value.trim().toLowerCase()] || r.a.value.trim() || null;
        if (read.problem) { problems.push({ message: read.problem, code: read.code, input: r.figure, path: "value" }); return; }
        if (f !== "progress" && !b) { problems.push({ message: "choose the failure mode B the probability is about", code: "estimate-form-scenario-missing", input: r.b }); return; }
        if (f !== "unconditional" && !a) { problems.push({ message: "choose the failure mode A the probability is conditional on", code: "estimate-form-condition-missing", input: r.a }); return; }
        var d = entry(f, person.who, person.date, read, names, b, a, person.horizon, person.reasoning, person.link);
        var path = "taxonomy/estimates/" + d.id + ".yaml", dumped = B.dump(d), extra = [];
        if (data.ids[d.id] || seen[d.id]) extra.push({ path: ["id"], code: "duplicate-id", message: "id '" + d.id + "' is already used by " +
          (data.ids[d.id] ? "taxonomy/" + data.ids[d.id] + "/" + d.id + ".yaml" : "another row of this form") + "; ids are unique across all kinds" });
        seen[d.id] = true;
        [["scenario", d.scenario], ["given", d.given && d.given[0].failure_mode]].forEach(function (pair) {
          if (pair[1] && !names[pair[1]]) extra.push({ path: pair[0] === "given" ? ["given", 0, "failure_mode"] : ["scenario"], code: "unknown-reference",
            message: B.unknownId(pair[1], "failure-mode", "failure-modes", index) });
        });
        if (d.interval && d.interval.low > d.interval.high) extra.push({ path: ["interval"], code: "interval-order",
          message: "interval low (" + B.scalar(d.interval.low) + ") is greater than high (" + B.scalar(d.interval.high) + ")" });
        if (d.scenario && d.given && d.given[0].failure_mode === d.scenario) extra.push({ path: ["given", 0, "failure_mode"], code: "self-reference",
          message: "an estimate cannot be conditioned on its own scenario '" + d.scenario + "'" });
        checker.check(path, "estimate", d, dumped, extra).forEach(function (m) { m.row = r; problems.push(m); });
        files.push({ path: path, text: dumped.text });
      });
      var inputFor = function (d) {
        if (d.input) return d.input;
        var top = d.rawPath && d.rawPath.length ? d.rawPath[0] : "";
        if (/'estimator'/.test(d.message) || top === "estimator" || top === "name" && !d.row) return who;
        if (top === "date") return date;
        if (top === "horizon") return horizon;
        if (top === "statement_url") return link;
        if (top === "description") return reasoning;
        if (!d.row) return null;
        if (top === "scenario") return d.row.b;
        if (top === "given") return d.row.a;
        if (/^(value|interval|bound|stated_as)$/.test(top)) return d.row.figure;
        if (top === "name" || top === "summary" || top === "id") return who;
        return d.row.figure;
      };
      B.showProblems(problemsBox, problems, inputFor);
      if (problems.length) { problemsBox.scrollIntoView({ block: "nearest" }); return; }
      B.outputs(outBox, files, data.repo_url);
    });
  }

  var base = new URL("../..", script.src);
  var root = document.getElementById("fl-builder");
  if (!root || root.dataset.ready) return;
  root.dataset.ready = "1";
  B.load(base, ["estimate"]).then(function (loaded) { start(loaded, root); }).catch(function (e) {
    root.appendChild(el("p", { className: "fl-error", text: "The builder could not load what it needs (" + e.message + "). Reload the page, or use `faultlines new estimate --form …`." }));
  });
})();
