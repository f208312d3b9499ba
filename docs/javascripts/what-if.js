/* The what-if page (/what-if/): the reader marks each failure mode not an issue / solved / unsolved / unknown
   and sees (a) the published conditional estimates that apply to that world, (b) the agendas that still
   matter, ranked by their coverage of the failure modes still open, and (c) every product chain recomputed
   from the reader's own premise values, with the routes the reader's marks close shown closed.
   What each mark means is defined on the page and in docs/methodology.md ("What if?"); its data is
   what-if.json (site/what_if.py, written at build time next to the site's root), which says for every
   premise which failure modes it depends on: `arises` (its proposition is that the failure mode arises),
   `through` (a step by which the failure mode leads to a catastrophe) and `given` ([failure mode, state]).
   The reader's world is kept in the address (?s.ID=state&p.ID=value). Without JavaScript the page shows the
   chains and their published values. All text is set with textContent: nothing from the data is parsed as
   markup. */
(function () {
  "use strict";

  var STATES = ["unknown", "not-an-issue", "solved", "unsolved"];
  var WEIGHT_WORDS = { 3: "high", 2: "medium", 1: "low" };
  var MARK_WEIGHT = { unsolved: 2, unknown: 1 };  // an agenda's score counts an unsolved failure mode twice
  var script = document.currentScript;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function pct(p) {
    if (p === 0) return "0%";
    var v = p * 100;
    return (+v.toPrecision(v >= 1 ? 3 : 2)).toString() + "%";
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  /* A published figure with its condition beside it, in one element marked as the site marks every figure
     (site/figures.py): <span class="fl-figure" data-estimate data-conditional> number <span class="fl-condition">. */
  function figureEl(id, text, condition, strong) {
    var number = strong ? el("strong", { text: text }) : document.createTextNode(text);
    return el("span", { className: "fl-figure", "data-estimate": id, "data-conditional": condition ? "true" : "false" },
      condition ? [number, " ", el("span", { className: "fl-condition", text: condition })] : [number]);
  }

  /* How one published failure-mode condition reads in the reader's world: "holds", "differs", "unmarked"
     (the reader left that failure mode unknown) or "occurs-not-solved" (given only that it occurs, while the
     reader says it is solved: not a reading of that world, and never shown as applying). */
  function reading(state, mark) {
    if (!mark || mark === "unknown") return "unmarked";
    if (state === "not-an-issue-by-default") return mark === "not-an-issue" ? "holds" : "differs";
    if (state === "occurs") return mark === "unsolved" ? "holds" : mark === "solved" ? "occurs-not-solved" : "differs";
    return state === mark ? "holds" : "differs";
  }

  /* The site's phrasing of a failure-mode condition (data/conditions.py): "given power-seeking occurs",
     "if power-seeking is not an issue by default", "given power-seeking is solved" / "is unsolved". */
  var STATE_PHRASES = { "occurs": ["given", "occurs"], "not-an-issue-by-default": ["if", "is not an issue by default"],
                        "solved": ["given", "is solved"], "unsolved": ["given", "is unsolved"] };
  function inText(name) { return /^.[a-z]/.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name; }
  function statePhrase(name, state) { var p = STATE_PHRASES[state]; return p[0] + " " + inText(name) + " " + p[1]; }

  function start(data, root, base) {
    var link = function (item) { return el("a", { href: new URL(item.url, base).href, text: item.name }); };
    var names = {};
    data.failure_modes.forEach(function (f) { names[f.id] = f.name; });
    var name = function (id) { return inText(names[id] || id); };  // inside a sentence
    var params = new URLSearchParams(location.search);
    var marks = {};
    data.failure_modes.forEach(function (f) {
      var m = params.get("s." + f.id);
      marks[f.id] = STATES.indexOf(m) >= 0 ? m : "unknown";
    });
    var values = {};
    data.chains.forEach(function (c) {
      c.premises.forEach(function (p) {
        var v = parseFloat(params.get("p." + p.id));
        values[p.id] = isFinite(v) && v >= 0 && v <= 1 ? v : p.value;
      });
    });

    function save() {
      var out = new URLSearchParams();
      Object.keys(marks).forEach(function (id) { if (marks[id] !== "unknown") out.set("s." + id, marks[id]); });
      data.chains.forEach(function (c) {
        c.premises.forEach(function (p) { if (values[p.id] !== p.value) out.set("p." + p.id, String(+values[p.id].toFixed(6))); });
      });
      var query = out.toString();
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }

    /* The reader's world: one select per failure mode, each saying what depends on it; those that published
       figures depend on first, then those that only change the agenda ranking, then those nothing uses. */
    function dependents(f) {
      var parts = [];
      if (f.estimates) parts.push(plural(f.estimates, "estimate"));
      if (f.chains) parts.push(plural(f.chains, "chain"));
      if (f.agendas) parts.push(plural(f.agendas, "agenda"));
      return parts.length ? parts.join(", ") : "nothing depends on it yet";
    }
    function selector(f) {
      var select = el("select", { "data-failure-mode": f.id, "aria-label": f.name + " (" + dependents(f) + ")" });
      STATES.forEach(function (s) { select.appendChild(el("option", { value: s, text: data.states[s] })); });
      select.value = marks[f.id];
      select.addEventListener("change", function () { marks[f.id] = select.value; save(); update(); });
      return el("div", { className: "fl-fm", "data-depends": f.estimates + f.chains ? "figures" : f.agendas ? "agendas" : "nothing" }, [
        el("span", { className: "fl-fm-name" }, [link(f), el("small", { className: "fl-muted fl-deps", text: dependents(f) })]), select]);
    }
    var figures = data.failure_modes.filter(function (f) { return f.estimates + f.chains > 0; });
    var rankingOnly = data.failure_modes.filter(function (f) { return !(f.estimates + f.chains) && f.agendas; });
    var unused = data.failure_modes.filter(function (f) { return !(f.estimates + f.chains + f.agendas); });
    var world = el("fieldset", { id: "fl-world" }, [el("legend", { text: "Your world: how does each failure mode turn out?" })]);
    world.appendChild(el("p", { className: "fl-muted", text: figures.length ?
      "These change the published figures below (conditional estimates and chains of premises):" :
      "No published figure depends on a failure mode's state yet; marks change only the agenda ranking." }));
    world.appendChild(el("div", { className: "fl-fm-list", "data-group": "figures" }, figures.map(selector)));
    var groups = [[rankingOnly, "ranking", " that change only the agenda ranking (no published figure depends on them)"],
                  [unused, "nothing", " that nothing in the knowledge base depends on yet"]];
    groups.forEach(function (g) {
      if (!g[0].length) return;
      var details = el("details", { className: "fl-fm-more", "data-group": g[1] }, [el("summary", { text: plural(g[0].length, "failure mode") + g[2] }),
        el("div", { className: "fl-fm-list" }, g[0].map(selector))]);
      if (g[0].some(function (f) { return marks[f.id] !== "unknown"; })) details.open = true;
      world.appendChild(details);
    });
    var reset = el("button", { type: "button", className: "md-button", text: "Reset to unknown and published values" });
    reset.addEventListener("click", function () {
      Object.keys(marks).forEach(function (id) { marks[id] = "unknown"; });
      data.chains.forEach(function (c) { c.premises.forEach(function (p) { values[p.id] = p.value; }); });
      root.querySelectorAll("select[data-failure-mode]").forEach(function (s) { s.value = "unknown"; });
      root.querySelectorAll("input[data-premise]").forEach(function (i) { i.value = +(values[i.dataset.premise] * 100).toFixed(4); });
      save(); update();
    });
    world.appendChild(el("p", {}, [reset]));

    root.appendChild(el("p", { className: "fl-share" }, ["On this page: ",
      el("a", { href: "#states", text: "what the marks mean" }), " · ",
      el("a", { href: "#applicable", text: "estimates that apply" }), " · ",
      el("a", { href: "#agendas", text: "agendas that still matter" }), " · ",
      el("a", { href: "#your-chains", text: "chains with your figures" })]));
    var applicable = el("section", { id: "fl-applicable" });
    var agendas = el("section", { id: "fl-agendas" });
    var chains = el("section", { id: "fl-chains" });
    root.appendChild(world);
    root.appendChild(el("h2", { id: "applicable", text: "Published conditional estimates that apply to your world" }));
    root.appendChild(applicable);
    root.appendChild(el("h2", { id: "agendas", text: "Agendas that still matter" }));
    root.appendChild(agendas);
    root.appendChild(el("h2", { id: "your-chains", text: "Chains of premises with your figures" }));
    root.appendChild(chains);

    /* (c) each chain: a card per premise (a table row on a wide screen) with the reader's value, the
       published figure and its condition, and the running product; the product against the published one. */
    var outputs = [];
    data.chains.forEach(function (c) {
      var table = el("table", { "data-chain": c.id });
      table.appendChild(el("thead", {}, [el("tr", {}, ["#", "Premise", "Your value (%)", "Running product"]
        .map(function (h) { return el("th", { text: h, scope: "col" }); }))]));
      var body = el("tbody");
      var rows = [];
      c.premises.forEach(function (p, i) {
        var input = el("input", { type: "number", min: "0", max: "100", step: "any", "data-premise": p.id,
                                  "aria-label": "Premise " + (i + 1) + ": " + p.name + " (%)" });
        input.value = +(values[p.id] * 100).toFixed(4);
        input.addEventListener("input", function () {
          var v = parseFloat(input.value);
          if (!isFinite(v) || v < 0 || v > 100) { input.setAttribute("aria-invalid", "true"); return; }
          input.removeAttribute("aria-invalid");
          values[p.id] = v / 100;
          save(); update();
        });
        var running = el("td", { className: "fl-running", "data-label": "Running product" });
        var note = el("small", { className: "fl-premise-note" });
        var row = el("tr", { "data-premise-row": p.id }, [el("td", { className: "fl-premise-number", "data-label": "Premise", text: String(i + 1) }),
          el("td", { "data-label": "Premise" }, [link(p), el("br"), el("small", { className: "fl-muted", text: p.proposition }), note]),
          el("td", { "data-label": "Your value (%)" }, [input, el("br"), el("small", { className: "fl-muted" },
            ["published ", figureEl(p.id, p.published, p.condition)])]), running]);
        body.appendChild(row);
        rows.push({ premise: p, row: row, running: running, note: note, input: input });
      });
      table.appendChild(body);
      var product = el("output", { className: "fl-product", "data-product": c.id });
      var closed = el("p", { className: "fl-route-closed", "data-route-closed": c.id, hidden: "" });
      chains.appendChild(el("h3", {}, [link(c)]));
      chains.appendChild(el("p", {}, ["Your product: ", product, el("span", { className: "fl-muted" },
        [" · published: ", figureEl(c.id, c.published, c.condition)]),
        el("br"), el("small", { className: "fl-muted", text: "The product of the premises below, each conditional on those before it: " + c.proposition })]));
      chains.appendChild(closed);
      chains.appendChild(el("div", { className: "fl-chain-box" }, [table]));
      outputs.push({ chain: c, rows: rows, product: product, closed: closed });
    });
    if (!data.chains.length) chains.appendChild(el("p", { text: "No chain of premises is recorded yet." }));

    /* Whether the reader's marks close a premise (its proposition cannot hold in that world), and what to
       say about it. */
    function premiseInWorld(p, n) {
      var closes = [], notes = [];
      p.arises.forEach(function (f) {
        if (marks[f] === "not-an-issue") closes.push("premise " + n + " is that " + name(f) + " arises, and you marked it not an issue by default");
        else if (marks[f] === "solved" || marks[f] === "unsolved") notes.push("You marked " + name(f) + " " + marks[f] +
          ", so it arises in your world; this premise is the published probability that it does, given the premises before it.");
      });
      p.through.forEach(function (f) {
        if (marks[f] === "not-an-issue") closes.push("premise " + n + " is a step by which " + name(f) + " leads to catastrophe, and in your world it does not arise");
        else if (marks[f] === "solved") closes.push("premise " + n + " is a step by which " + name(f) + " leads to catastrophe, and you marked it solved");
      });
      p.given.forEach(function (g) {
        var r = reading(g[1], marks[g[0]]);
        if (r === "differs") closes.push("premise " + n + " is " + statePhrase(names[g[0]] || g[0], g[1]) + ", and you marked it " + data.states[marks[g[0]]]);
        else if (r === "occurs-not-solved" && p.through.indexOf(g[0]) < 0) notes.push("This premise is " + statePhrase(names[g[0]] || g[0], "occurs") + ", not that it is solved.");
      });
      return { closes: closes, notes: notes };
    }

    function update() {
      /* (a) conditional estimates, by how their failure-mode conditions read in the reader's world. */
      var apply = [], occursOnly = [], other = [];
      data.conditionals.forEach(function (e) {
        var rs = e.conditions.map(function (c) { return reading(c[1], marks[c[0]]); });
        if (rs.indexOf("differs") >= 0 || rs.indexOf("unmarked") >= 0) other.push({ e: e, rs: rs });
        else if (rs.indexOf("occurs-not-solved") >= 0) occursOnly.push({ e: e, rs: rs });
        else apply.push({ e: e, rs: rs });
      });
      applicable.textContent = "";
      var describe = function (x) {
        var e = x.e;
        var why = e.conditions.map(function (c, i) {
          var r = x.rs[i], mark = data.states[marks[c[0]]];
          if (r === "holds") return null;
          if (r === "unmarked") return "you left " + name(c[0]) + " unknown";
          if (r === "occurs-not-solved") return "given " + name(c[0]) + " occurs, not that it is solved";
          return "it is " + statePhrase(names[c[0]] || c[0], c[1]) + "; you marked it " + mark;
        }).filter(Boolean).join("; ");
        return el("li", { "data-estimate": e.id }, [figureEl(e.id, e.figure, e.condition, true), " · ", link(e),
          ": " + e.proposition + " (" + e.estimator + ", " + e.date.replace("/", " to ") + ")" + (why ? " — " + why : "")]);
      };
      if (apply.length) {
        applicable.appendChild(el("ul", { className: "fl-apply" }, apply.map(describe)));
      } else {
        applicable.appendChild(el("p", { className: "fl-apply-none", text: data.conditionals.length ?
          "None yet: mark the failure modes above as their conditions say." :
          "No published estimate in the knowledge base is conditional on a failure mode's state yet." }));
      }
      if (occursOnly.length) {
        applicable.appendChild(el("h3", { id: "occurs-not-solved", text: "Given it occurs, not that it is solved" }));
        applicable.appendChild(el("p", { className: "fl-muted", text: "These estimates are conditional only on a failure mode arising, and say nothing about its being solved. " +
          "You marked it solved, so they are not a reading of your world: they are listed here, not as applying." }));
        applicable.appendChild(el("ul", { className: "fl-occurs-only" }, occursOnly.map(describe)));
      }
      if (other.length) {
        var details = el("details", {}, [el("summary", { text: plural(other.length, "other conditional estimate") +
          ", whose conditions differ from your world or name a failure mode you left unknown" }),
          el("ul", { className: "fl-other" }, other.map(describe))]);
        applicable.appendChild(details);
      }

      /* (b) agendas ranked by coverage (relevance weights) of the failure modes still open, an unsolved one
         counting twice as much as one left unknown. */
      var ranked = data.agendas.map(function (a) {
        var covered = a.addresses.filter(function (x) { return MARK_WEIGHT[marks[x[0]]] && x[0] in names; });
        var score = covered.reduce(function (s, x) { return s + x[1] * MARK_WEIGHT[marks[x[0]]]; }, 0);
        return { agenda: a, covered: covered, score: score };
      });
      var still = ranked.filter(function (r) { return r.score > 0; }).sort(function (x, y) {
        return y.score - x.score || x.agenda.name.localeCompare(y.agenda.name);
      });
      var done = ranked.filter(function (r) { return r.score === 0; });
      var unsolvedCount = Object.keys(marks).filter(function (id) { return marks[id] === "unsolved"; }).length;
      var openCount = Object.keys(marks).filter(function (id) { return MARK_WEIGHT[marks[id]]; }).length;
      agendas.textContent = "";
      agendas.appendChild(el("p", { text: openCount + " of " + data.failure_modes.length + " failure modes are still open (" +
        unsolvedCount + " unsolved, " + (openCount - unsolvedCount) + " unknown). Score: the agenda's relevance to each open failure mode " +
        "(high 3, medium 2, low 1), counted twice for one you marked unsolved, summed." }));
      var ol = el("ol", { className: "fl-agenda-rank" });
      var rest = el("ol", { className: "fl-agenda-rank", start: "9" });
      still.forEach(function (r, i) {
        var detail = r.covered.slice().sort(function (x, y) {
          return y[1] * MARK_WEIGHT[marks[y[0]]] - x[1] * MARK_WEIGHT[marks[x[0]]];
        }).slice(0, 4).map(function (x) {
          return names[x[0]] + " (" + WEIGHT_WORDS[x[1]] + (marks[x[0]] === "unsolved" ? ", unsolved" : "") + ")";
        }).join(", ");
        (i < 8 ? ol : rest).appendChild(el("li", { "data-agenda": r.agenda.id, "data-score": String(r.score) }, [link(r.agenda), " — score " + r.score + ", " +
          plural(r.covered.length, "open failure mode") + ": " + detail + (r.covered.length > 4 ? ", …" : "")]));
      });
      agendas.appendChild(ol);
      if (still.length > 8) {  // the first eight, then the rest folded away (a phone's screen is short)
        agendas.appendChild(el("details", {}, [el("summary", { text: "The other " + (still.length - 8) + " agendas that still matter" }), rest]));
      }
      if (done.length) {
        agendas.appendChild(el("p", { className: "fl-agendas-done" }, ["No longer needed in your world (everything they address is solved or not an issue): "]
          .concat(done.map(function (r, i) { return el("span", { "data-agenda": r.agenda.id }, [link(r.agenda), i < done.length - 1 ? ", " : ""]); }))));
      }

      /* (c) the chains with the reader's figures; a premise the reader's marks rule out closes the route. */
      outputs.forEach(function (o) {
        var product = 1, reasons = [], shutCount = 0;
        o.rows.forEach(function (r, i) {
          var w = premiseInWorld(r.premise, i + 1);
          var shut = w.closes.length > 0;
          product *= shut ? 0 : values[r.premise.id];
          if (shut) { shutCount += 1; if (!reasons.length) reasons = w.closes; }
          r.row.classList.toggle("fl-closed", shut);
          r.input.disabled = shut;
          r.note.textContent = shut ? " Closed in your world: " + w.closes[0] + "." : w.notes.length ? " " + w.notes.join(" ") : "";
          r.note.className = "fl-premise-note" + (shut ? " fl-closed-note" : w.notes.length ? " fl-muted" : "");
          r.running.textContent = pct(product);
        });
        o.product.textContent = pct(product);
        o.closed.hidden = reasons.length === 0;
        o.closed.textContent = reasons.length ? "This route is closed in your world, so its product is 0: " + reasons[0] +
          (shutCount > 1 ? " (" + plural(shutCount - 1, "later premise") + " closed too)" : "") + "." : "";
      });
    }

    update();
  }

  function init() {
    var root = document.getElementById("fl-what-if");
    if (!root || root.dataset.ready || !script) return;
    root.dataset.ready = "1";
    var base = new URL("../", script.src);  // the site's root: the script lives in javascripts/
    fetch(new URL("what-if.json", base).href).then(function (r) {
      if (!r.ok) throw new Error("what-if.json: HTTP " + r.status);
      return r.json();
    }).then(function (data) {
      var fallback = document.querySelector(".fl-static");
      if (fallback) fallback.hidden = true;
      start(data, root, base);
    }).catch(function (error) {
      root.appendChild(el("p", { text: "The interactive part of this page could not load its data (" + error.message +
        "); the published chains are listed below." }));
    });
  }

  init();
})();
