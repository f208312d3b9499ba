/* The what-if page (/what-if/): the reader marks each failure mode not an issue / solved / unsolved / unknown
   and sees (a) the published conditional estimates that apply to that world, (b) the agendas that still
   matter, ranked by their coverage of the failure modes still open, and (c) every product chain recomputed
   from the reader's own premise values. Loaded on that page only; its data is what-if.json (written at
   build time next to the site's root). The reader's world is kept in the address (?s.ID=state&p.ID=value).
   Without JavaScript the page shows the chains and their published values. All text is set with
   textContent: nothing from the data is parsed as markup. */
(function () {
  "use strict";

  var STATES = ["unknown", "not-an-issue", "solved", "unsolved"];
  var WEIGHT_WORDS = { 3: "high", 2: "medium", 1: "low" };
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
    var v = p * 100;
    var digits = v >= 10 ? 3 : v >= 1 ? 3 : 2;
    return (+v.toPrecision(digits)).toString() + "%";
  }

  /* A published condition state matched against the reader's mark. "occurs" means the failure mode arises,
     whether or not it is then solved. */
  function matches(state, mark) {
    if (state === "not-an-issue-by-default") return mark === "not-an-issue";
    if (state === "occurs") return mark === "solved" || mark === "unsolved";
    return state === mark;
  }

  function start(data, root, base) {
    var link = function (item) { return el("a", { href: new URL(item.url, base).href, text: item.name }); };
    var names = {};
    data.failure_modes.forEach(function (f) { names[f.id] = f.name; });
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

    /* The reader's world: one select per failure mode. */
    var world = el("fieldset", { id: "fl-world" }, [el("legend", { text: "Your world: how does each failure mode turn out?" })]);
    var list = el("div", { className: "fl-fm-list" });
    data.failure_modes.forEach(function (f) {
      var select = el("select", { "data-failure-mode": f.id, "aria-label": f.name });
      STATES.forEach(function (s) { select.appendChild(el("option", { value: s, text: data.states[s] })); });
      select.value = marks[f.id];
      select.addEventListener("change", function () { marks[f.id] = select.value; save(); update(); });
      list.appendChild(el("div", { className: "fl-fm" }, [link(f), select]));
    });
    world.appendChild(list);
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

    /* (c) each chain: an input per premise, the running product, the product against the published figure. */
    var outputs = [];
    data.chains.forEach(function (c) {
      var table = el("table", { "data-chain": c.id });
      table.appendChild(el("thead", {}, [el("tr", {}, ["#", "Premise", "Your value (%)", "Running product"]
        .map(function (h) { return el("th", { text: h, scope: "col" }); }))]));
      var body = el("tbody");
      var running = [];
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
        var cell = el("td", { className: "fl-running" });
        running.push(cell);
        body.appendChild(el("tr", {}, [el("td", { text: String(i + 1) }),
          el("td", {}, [link(p), el("br"), el("small", { className: "fl-muted", text: p.condition ? "given " + p.condition : "given nothing" })]),
          el("td", {}, [input, el("br"), el("small", { className: "fl-muted", text: "published " + p.published })]), cell]));
      });
      table.appendChild(body);
      var product = el("output", { className: "fl-product", "data-product": c.id });
      var wrap = el("div", { className: "md-typeset__table" }, [table]);
      chains.appendChild(el("h3", {}, [link(c)]));
      chains.appendChild(el("p", {}, ["Your product: ", product, el("span", { className: "fl-muted", text: " · published: " + c.published })]));
      chains.appendChild(wrap);
      outputs.push({ chain: c, running: running, product: product });
    });
    if (!data.chains.length) chains.appendChild(el("p", { text: "No chain of premises is recorded yet." }));

    function update() {
      /* (a) conditional estimates whose every failure-mode condition holds in the reader's world. */
      var apply = [], other = [];
      data.conditionals.forEach(function (e) {
        var ok = e.conditions.every(function (c) { return matches(c[1], marks[c[0]]); });
        (ok ? apply : other).push(e);
      });
      applicable.textContent = "";
      var describe = function (e) {
        var given = e.conditions.map(function (c) { return (names[c[0]] || c[0]) + " " + c[1].replace(/-/g, " "); }).join("; ");
        return el("li", { "data-estimate": e.id }, [el("strong", { text: e.figure }), " · ", link(e),
          ": " + e.proposition + " (" + e.estimator + ", " + e.date.replace("/", " to ") + "; given " + given +
          (e.also ? "; also given " + e.also : "") + ")"]);
      };
      if (apply.length) {
        applicable.appendChild(el("ul", { className: "fl-apply" }, apply.map(describe)));
      } else {
        applicable.appendChild(el("p", { className: "fl-apply-none", text: data.conditionals.length ?
          "None yet: mark the failure modes below as their conditions say." :
          "No published estimate in the knowledge base is conditional on a failure mode's state yet." }));
      }
      if (other.length) {
        var details = el("details", {}, [el("summary", { text: other.length + " other conditional estimate(s), whose conditions differ from your world" }),
          el("ul", { className: "fl-other" }, other.map(describe))]);
        applicable.appendChild(details);
      }

      /* (b) agendas ranked by coverage (relevance weights) of the failure modes still open. */
      var open = function (id) { return marks[id] === "unsolved" || marks[id] === "unknown"; };
      var ranked = data.agendas.map(function (a) {
        var covered = a.addresses.filter(function (x) { return open(x[0]) && x[0] in names; });
        var score = covered.reduce(function (s, x) { return s + x[1]; }, 0);
        return { agenda: a, covered: covered, score: score };
      });
      var still = ranked.filter(function (r) { return r.score > 0; }).sort(function (x, y) {
        return y.score - x.score || x.agenda.name.localeCompare(y.agenda.name);
      });
      var done = ranked.filter(function (r) { return r.score === 0; });
      var openCount = Object.keys(marks).filter(open).length;
      agendas.textContent = "";
      agendas.appendChild(el("p", { text: openCount + " of " + data.failure_modes.length +
        " failure modes are still open (unsolved or unknown). Score: the agenda's relevance to each open failure mode, high 3, medium 2, low 1, summed." }));
      var ol = el("ol", { className: "fl-agenda-rank" });
      var rest = el("ol", { className: "fl-agenda-rank", start: "9" });
      still.forEach(function (r, i) {
        var detail = r.covered.slice().sort(function (x, y) { return y[1] - x[1]; }).slice(0, 4)
          .map(function (x) { return names[x[0]] + " (" + WEIGHT_WORDS[x[1]] + ")"; }).join(", ");
        (i < 8 ? ol : rest).appendChild(el("li", { "data-agenda": r.agenda.id }, [link(r.agenda), " — score " + r.score + ", " +
          r.covered.length + " open failure mode(s): " + detail + (r.covered.length > 4 ? ", …" : "")]));
      });
      agendas.appendChild(ol);
      if (still.length > 8) {  // the first eight, then the rest folded away (a phone's screen is short)
        agendas.appendChild(el("details", {}, [el("summary", { text: "The other " + (still.length - 8) + " agendas that still matter" }), rest]));
      }
      if (done.length) {
        agendas.appendChild(el("p", { className: "fl-agendas-done" }, ["No longer needed in your world (everything they address is solved or not an issue): "]
          .concat(done.map(function (r, i) { return el("span", { "data-agenda": r.agenda.id }, [link(r.agenda), i < done.length - 1 ? ", " : ""]); }))));
      }

      /* (c) the chains with the reader's figures. */
      outputs.forEach(function (o) {
        var product = 1;
        o.chain.premises.forEach(function (p, i) {
          product *= values[p.id];
          o.running[i].textContent = pct(product);
        });
        o.product.textContent = pct(product);
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
