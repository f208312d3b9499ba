/* What the builders (/record/estimates/, /record/case/) share: reading a written figure (the specification is
   plugins/faultlines/data/stated_figures.py; both read tests/fixtures/stated_figures.json alike), writing the
   fixed shapes of YAML they produce (always-quoted text, as tools/entry_yaml.py), and checking entries the way
   `faultlines validate` does: the published JSON Schemas through the vendored Ajv, then the checks across
   entries a browser can make, with the CLI's messages (data/schemas.py, data/integrity.py), located to a line,
   a column and a field. Nothing here sends anything anywhere; contributed text is only ever set as text. */
(function () {
  "use strict";

  /* -- figures ------------------------------------------------------------------------------------------ */
  var NUMBER = "(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?";
  var ONE = new RegExp("^(" + NUMBER + ")\\s*(%?)$");
  var RANGE = new RegExp("^(" + NUMBER + ")\\s*(%?)\\s*(?:–|—|-|to)\\s*(" + NUMBER + ")\\s*(%?)$");
  var COMPARISONS = [["at least", "lower", true], ["at most", "upper", true], [">=", "lower", true],
    ["<=", "upper", true], ["≥", "lower", true], ["≤", "upper", true], [">", "lower", false], ["<", "upper", false],
    ["about", null, false], ["~", null, false], ["≈", null, false]];
  var EXAMPLES = "5%, 0.05, >10%, <1%, 1–5% or 5e-3";

  function probability(number, percent) {
    var x = parseFloat(number);
    return percent ? Number((x / 100).toPrecision(12)) : x;
  }

  function ambiguous(stated, number) {
    return { stated_as: stated, fields: {}, code: "stated-figure-ambiguous",
      problem: "'" + stated + "' has a number above 1 and no % sign: write '" + number + "%' for " + number +
        " per cent, or a probability from 0 to 1 such as 0.05" };
  }

  function readFigure(text) {
    var stated = String(text).split(/\s+/).filter(Boolean).join(" ");
    if (!stated) return { stated_as: "", fields: {}, code: "stated-figure-empty", problem: "empty: write the probability, e.g. " + EXAMPLES };
    var rest = stated, side = null, inclusive = false, lowered = stated.toLowerCase();
    for (var i = 0; i < COMPARISONS.length; i++) {
      if (lowered.indexOf(COMPARISONS[i][0]) === 0) {
        rest = stated.slice(COMPARISONS[i][0].length).trim(); side = COMPARISONS[i][1]; inclusive = COMPARISONS[i][2];
        break;
      }
    }
    var one = ONE.exec(rest);
    if (one) {
      var percent = one[2] === "%";
      if (!percent && parseFloat(one[1]) > 1) return ambiguous(stated, one[1]);
      var p = probability(one[1], percent);
      if (side === null) return { stated_as: stated, fields: { value: p } };
      var bound = {}; bound[side] = p;
      if (inclusive) bound.inclusive = true;
      return { stated_as: stated, fields: { bound: bound } };
    }
    var both = side === null ? RANGE.exec(rest) : null;
    if (both) {
      var pct = both[2] === "%" || both[4] === "%";
      if (!pct && Math.max(parseFloat(both[1]), parseFloat(both[3])) > 1) return ambiguous(stated, parseFloat(both[1]) > 1 ? both[1] : both[3]);
      return { stated_as: stated, fields: { interval: { low: probability(both[1], pct), high: probability(both[3], pct) } } };
    }
    return { stated_as: stated, fields: {}, code: "stated-figure-unreadable",
      problem: "'" + stated + "' is not a probability this can read: write it as " + EXAMPLES };
  }

  /* -- YAML ------------------------------------------------------------------------------------------------ */
  var HIDDEN = /[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff0-\uffff]/g;

  function plainNumber(x) {  /* 5e-5 -> "0.00005": no exponent for YAML to misread */
    var s = String(x);
    var m = /^(-?)(\d)(?:\.(\d+))?e([-+]\d+)$/.exec(s);
    if (!m) return s;
    var digits = m[2] + (m[3] || ""), exp = parseInt(m[4], 10);
    if (exp < 0) return m[1] + "0." + new Array(-exp).join("0") + digits;
    return m[1] + digits + new Array(exp - digits.length + 2).join("0");
  }

  function scalar(v) {
    if (v === true || v === false) return String(v);
    if (typeof v === "number") return plainNumber(v);
    return JSON.stringify(String(v)).replace(HIDDEN, function (c) { return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4); });
  }

  /* The text, and where each field stands (as the validator locates it: a key's line and column; a list item
     at its first key). */
  function dump(data) {
    var lines = [], positions = { "": [1, 1] };
    function walk(obj, indent, path, dash) {
      Object.keys(obj).forEach(function (key, i) {
        var v = obj[key], pad = new Array(indent + 1).join(" "), lead = pad;
        if (dash && i === 0) { lead = pad.slice(2) + "- "; }
        var p = path.concat([key]);
        positions[p.join("\u0000")] = [lines.length + 1, indent + 1];
        if (dash && i === 0) positions[path.join("\u0000")] = [lines.length + 1, indent + 1];
        if (Array.isArray(v)) {
          lines.push(lead + key + ":");
          v.forEach(function (item, j) {
            if (item && typeof item === "object") walk(item, indent + 4, p.concat([j]), true);
            else { positions[p.concat([j]).join("\u0000")] = [lines.length + 1, indent + 5]; lines.push(pad + "  - " + scalar(item)); }
          });
        } else if (v && typeof v === "object") {
          lines.push(lead + key + ":");
          walk(v, indent + 2, p, false);
        } else lines.push(lead + key + ": " + scalar(v));
      });
    }
    walk(data, 0, [], false);
    return { text: lines.join("\n") + "\n", positions: positions };
  }

  /* -- difflib, for the CLI's "did you mean" ------------------------------------------------------------------ */
  function matchingCount(a, b) {
    function longest(alo, ahi, blo, bhi) {
      var best = [alo, blo, 0], len = {};
      for (var i = alo; i < ahi; i++) {
        var next = {};
        for (var j = blo; j < bhi; j++) {
          if (a[i] === b[j]) {
            var k = (len[j - 1] || 0) + 1; next[j] = k;
            if (k > best[2]) best = [i - k + 1, j - k + 1, k];
          }
        }
        len = next;
      }
      return best;
    }
    function count(alo, ahi, blo, bhi) {
      var m = longest(alo, ahi, blo, bhi);
      if (!m[2]) return 0;
      return m[2] + count(alo, m[0], blo, m[1]) + count(m[0] + m[2], ahi, m[1] + m[2], bhi);
    }
    return count(0, a.length, 0, b.length);
  }
  function closeMatch(word, options) {  /* difflib.get_close_matches(word, options, n=1), cutoff 0.6 */
    var best = null, score = 0;
    options.forEach(function (o) {
      var r = 2 * matchingCount(o, word) / (o.length + word.length);
      if (r >= 0.6 && r > score) { best = o; score = r; }
    });
    return best;
  }

  /* -- messages ---------------------------------------------------------------------------------------------- */
  function pyRepr(s) {
    var q = s.indexOf("'") >= 0 && s.indexOf('"') < 0 ? '"' : "'";
    var body = s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\t/g, "\\t").replace(/\r/g, "\\r");
    if (q === "'") body = body.replace(/'/g, "\\'");
    return q + body + q;
  }
  function shortText(v) {
    var t = typeof v === "string" ? pyRepr(v) : JSON.stringify(v);
    return t.length <= 80 ? t : t.slice(0, 77) + "…";
  }
  function formatPath(path) {
    var out = "";
    path.forEach(function (p) { out += typeof p === "number" ? "[" + p + "]" : (out ? "." + p : p); });
    return out || "(file)";
  }
  function pointer(ptr) {
    return ptr ? ptr.split("/").slice(1).map(function (s) {
      s = s.replace(/~1/g, "/").replace(/~0/g, "~");
      return /^\d+$/.test(s) ? parseInt(s, 10) : s;
    }) : [];
  }
  var TYPE_WORDS = { string: "text", integer: "a whole number", number: "a number", boolean: "true or false",
    array: "a list", object: "a mapping of fields", "null": "nothing" };
  function describe(v) {
    if (v === null || v === undefined) return "nothing";
    if (typeof v === "boolean") return "boolean";
    if (typeof v === "number") return "number";
    if (typeof v === "string") return "text";
    return Array.isArray(v) ? "list" : "mapping";
  }
  function thousands(n) { return n.toLocaleString("en-US"); }
  function allowedKeys(schema, docs) {  /* the properties a mapping may have, through $ref and the common fields */
    var keys = {};
    (function walk(s, depth) {
      if (!s || typeof s !== "object" || depth > 10) return;
      if (s.$ref) walk(resolve(s.$ref, docs), depth + 1);
      Object.keys(s.properties || {}).forEach(function (k) { keys[k] = 1; });
    })(schema, 0);
    return Object.keys(keys).sort();
  }
  function resolve(ref, docs) {
    var parts = ref.split("#"), node = docs[parts[0] || "defs.schema.json"];
    (parts[1] || "").split("/").filter(Boolean).forEach(function (p) { node = node && node[p]; });
    return node;
  }

  /* Each schema rule's diagnostic code, as data/schemas.py gives it (the /diagnostics/ page lists them): by keyword,
     and for a pattern, a range, a form or a constant by the title of the schema node that holds the keyword. */
  var PATTERN_CODES = { "Entry id": "invalid-id", "Framework": "invalid-framework", "Statement URL": "invalid-url",
    "Tag": "invalid-tag", "Question": "invalid-question", "Single line of plain text": "multi-line-text",
    "One sentence of plain text": "multi-line-text", "Date": "invalid-date", "URL": "invalid-url", "DOI": "invalid-doi" };
  var RANGE_CODES = { "Probability": "probability-range", "Year": "year-range", "Horizon year": "year-range" };
  var FORM_CODES = { "Condition": "condition-form" };
  var CONST_CODES = { "Editors' judgement": "editors-judgement-value" };
  var KEYWORD_CODES = { required: "required-field", "enum": "enum-value", maxLength: "text-too-long",
    minLength: "empty-text", uniqueItems: "repeated-item", minItems: "empty-list", minProperties: "empty-mapping" };
  function schemaCode(e, kind) {
    var title = (e.parentSchema || {}).title, k = e.keyword;
    if (k === "type") return e.data === null ? "empty-field" : "wrong-type";
    if (k === "pattern") return PATTERN_CODES[title] || "schema-pattern";
    if (/^(exclusiveM|m)(in|ax)imum$/.test(k)) return RANGE_CODES[title] || "number-range";
    if (k === "oneOf" || k === "anyOf") {
      return kind === "estimate" && e.instancePath === "" ? "estimate-one-figure" : FORM_CODES[title] || "schema-" + k;
    }
    if (k === "const" && CONST_CODES[title]) return CONST_CODES[title];
    return KEYWORD_CODES[k] || "schema-" + k;
  }

  /* Where and what to say when an estimate does not give exactly one of value, interval and bound, as
     data/estimate_rules.py probability_forms says it: at the second form given, else at the file. */
  function probabilityForms(data) {
    var forms = "give exactly one of 'value' (a probability), 'interval' ({low, high}) and 'bound' ({lower} or {upper})";
    var given = ["value", "interval", "bound"].filter(function (k) { return data && k in data; });
    if (given.length < 2) return [[], forms];
    var at = given.indexOf("value") >= 0 ? "value" : given[1], v = data.value, iv = data.interval;
    var num = function (x) { return typeof x === "number"; };
    if (num(v) && iv && typeof iv === "object" && num(iv.low) && num(iv.high)) {
      var inside = iv.low <= v && v <= iv.high ? "inside" : "outside";
      return [[at], "value " + plainNumber(v) + " is " + inside + " this estimate's own interval (" + plainNumber(iv.low) +
        " to " + plainNumber(iv.high) + "); " + forms + ": the interval alone when the source gives a range, the value " +
        "alone when it gives one figure"];
    }
    return [[at], given.join(" and ") + " are both given; " + forms];
  }

  function Checker(schemas) {
    var ajv = new window.FaultlinesAjv({ allErrors: true, strict: false, verbose: true });
    Object.keys(schemas).forEach(function (name) { ajv.addSchema(schemas[name], name); });
    this.ajv = ajv;
    this.docs = schemas;
  }

  /* The schema's errors as data/schemas.py words them: one per failing keyword outside oneOf/anyOf branches,
     a oneOf of keyed forms reported by the form the keys pick, unknown fields gathered per mapping. */
  Checker.prototype.schemaErrors = function (kind, data) {
    var validate = this.ajv.getSchema(kind + ".schema.json");
    if (validate(data)) return [];
    var errors = validate.errors, docs = this.docs, out = [], unknown = {}, ajv = this.ajv, branches = {};
    /* A oneOf's branches, each checked on its own (Ajv words errors inside a $ref relative to the referenced
       schema, so the branch an error came from cannot be read off its schemaPath). */
    var branchErrors = function (e) {
      var at = (e.schemaPath.charAt(0) === "#" ? kind + ".schema.json" : "") + e.schemaPath;
      return e.schema.map(function (_, i) {
        var v = ajv.compile({ $ref: at + "/" + i });
        v(e.data);
        return (v.errors || []).map(function (x) { return Object.assign({}, x, { instancePath: e.instancePath + x.instancePath }); });
      });
    };
    var sig = function (x) { return x.instancePath + "|" + x.keyword + "|" + JSON.stringify(x.params); };
    errors.forEach(function (e) {
      if (e.keyword === "oneOf" || e.keyword === "anyOf") {
        e.branches = branchErrors(e);
        e.branches.forEach(function (list) { list.forEach(function (x) { branches[sig(x)] = 1; }); });
      }
    });
    var inBranch = function (e) { return e.keyword !== "oneOf" && e.keyword !== "anyOf" && branches[sig(e)]; };
    errors.forEach(function (e) {
      var path = pointer(e.instancePath);
      if (e.keyword === "if" || inBranch(e)) return;
      if (e.keyword === "unevaluatedProperties" || e.keyword === "additionalProperties") {
        var key = e.params.unevaluatedProperty || e.params.additionalProperty;
        var at = e.instancePath;
        if (!unknown[at]) { unknown[at] = { path: path, keys: [], schema: e.parentSchema }; out.push(unknown[at]); }
        unknown[at].keys.push(key);
        return;
      }
      if (e.keyword === "oneOf" || e.keyword === "anyOf") {
        var forms = e.schema, inst = e.data, chosen = [];
        if (inst && typeof inst === "object" && !Array.isArray(inst)) {
          forms.forEach(function (f, i) {
            if (f.required && f.required.every(function (k) { return k in inst; })) chosen.push(i);
          });
        }
        if (chosen.length === 1) {
          var inner = e.branches[chosen[0]].slice();
          inner.sort(function (a, b) { return pointer(a.instancePath).length - pointer(b.instancePath).length; });
          if (inner.length) { out.push({ error: inner[0] }); return; }
        }
      }
      out.push({ error: e });
    });
    return out.map(function (item) {
      if (item.keys) {
        var allowed = allowedKeys(item.schema, docs), extras = item.keys.slice().sort(), key = extras[0];
        var hint = closeMatch(key, allowed);
        var message = "unknown field '" + key + "'" + (hint ? "; did you mean '" + hint + "'?" : "; allowed fields: " + allowed.join(", "));
        if (extras.length > 1) message += " (also unknown: " + extras.slice(1).join(", ") + ")";
        return { path: item.path.concat([key]), message: message, code: "unknown-field" };
      }
      var e = item.error;
      if (kind === "estimate" && e.instancePath === "" && (e.keyword === "oneOf" || e.keyword === "anyOf")) {
        var forms = probabilityForms(e.data);
        return { path: forms[0], message: forms[1], code: "estimate-one-figure" };
      }
      return { path: pointer(e.instancePath), message: null, error: e, code: schemaCode(e, kind), kind: kind };
    });
  };

  Checker.prototype.word = function (d, raw) {  /* one Ajv error in the CLI's words; raw: the YAML text of a number */
    var e = d.error, v = e.data, s = e.parentSchema || {};
    var shown = raw !== undefined ? pyRepr(raw) : shortText(v);
    switch (e.keyword) {
      case "required":
        var m = "missing required field '" + e.params.missingProperty + "'";
        if (/\/then\//.test(e.schemaPath)) {
          var then = resolve(e.schemaPath.replace(/\/required$/, "").replace(/^#/, d.kind + ".schema.json#"), this.docs);
          m += " (" + ((then && then.description) || "required by another field's value") + ")";
        }
        return m;
      case "type":
        var t = Array.isArray(e.params.type) ? e.params.type.join(" or ") : e.params.type;
        var out = v === null ? "empty: fill it in with " + (TYPE_WORDS[t] || t) : "expected " + (TYPE_WORDS[t] || t) + ", found " + describe(v) + " " + shown;
        return out + (t === "string" && (v === null || typeof v !== "object") && v !== null ? "; quote it to make it text" : "");
      case "enum":
        var options = e.params.allowedValues.map(String), hint = typeof v === "string" ? closeMatch(v, options) : null;
        return "expected one of " + options.join(", ") + "; found " + (v === null ? "nothing (empty)" : shown) + (hint ? " (did you mean '" + hint + "'?)" : "");
      case "pattern":
        return (shown + " is not a valid " + (s.title || "value").toLowerCase() + ": " + (s.description || "")).replace(/[: ]+$/, "");
      case "maxLength": case "minLength":
        return "text is " + thousands(typeof v === "string" ? Array.from(v).length : 0) + " characters; " +
          (e.keyword === "maxLength" ? "at most " : "at least ") + thousands(e.params.limit) + " allowed";
      case "minimum": case "maximum":
        return shown + " is out of range: must be " + (e.keyword === "minimum" ? "at least " : "at most ") + e.params.limit;
      case "oneOf": case "anyOf":
        return ("does not fit " + (s.title ? s.title.toLowerCase() : "any allowed form") + ": " + (s.description || "")).replace(/[: ]+$/, "");
      case "uniqueItems": return "list has a repeated item; each item may appear once";
      case "minItems": return "list needs at least " + e.params.limit + " item(s)";
      default: return e.message;
    }
  };

  /* Every problem of one file: [{file, line, column, path, message, code}], sorted as the CLI sorts them. */
  Checker.prototype.check = function (file, kind, data, dumped, extra) {
    var self = this, out = [];
    this.schemaErrors(kind, data).forEach(function (d) {
      if (d.message === null) {
        var raw = typeof d.error.data === "number" ? plainNumber(d.error.data) : undefined;
        if (d.error.keyword === "required") d.path = pointer(d.error.instancePath);
        d.message = self.word(d, raw);
      }
      out.push(d);
    });
    (extra || []).forEach(function (d) { out.push(d); });
    return out.map(function (d) {
      var p = d.path, at;
      for (var n = p.length; n >= 0 && !at; n--) at = dumped.positions[p.slice(0, n).join("\u0000")];
      return { file: file, line: at[0], column: at[1], path: formatPath(p), rawPath: p, message: d.message, code: d.code };
    }).sort(function (a, b) { return a.line - b.line || a.column - b.column || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0); });
  };

  /* data/integrity.py's message for an id that is not there (with its "did you mean"). */
  function unknownId(target, kind, plural, index) {
    var named = index.names[target];
    if (named) {
      return "unknown " + kind + " id '" + target + "': '" + named.text + "' is " + named.what + " of a " + kind +
        " whose id is '" + named.id + "' (taxonomy/" + plural + "/" + named.id + ".yaml); write '" + named.id + "'";
    }
    var hint = closeMatch(target, index.ids);
    return "unknown " + kind + " id '" + target + "'" + (hint ? "; did you mean '" + hint + "'?" : "; add taxonomy/" + plural + "/" + target + ".yaml or fix the id");
  }
  function slug(text) { return String(text).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, ""); }
  function nameIndex(items) {
    var names = {};
    items.forEach(function (x) {
      x.names.slice(1).concat([x.names[0]]).forEach(function (text, i, all) {
        var what = i < all.length - 1 ? "an alias" : "the name";
        if (!names[slug(text)]) names[slug(text)] = { id: x.id, text: text, what: what };
      });
    });
    return { names: names, ids: items.map(function (x) { return x.id; }) };
  }

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

  /* Fetch builder.json and the published schemas, relative to the site's root (the page's script address). */
  function load(base, kinds) {
    var names = ["defs"].concat(kinds);
    var get = function (path) {
      return fetch(new URL(path, base).href).then(function (r) {
        if (!r.ok) throw new Error(path + ": HTTP " + r.status);
        return r.json();
      });
    };
    return Promise.all([get("builder.json")].concat(names.map(function (k) { return get("schema/" + k + ".schema.json"); })))
      .then(function (all) {
        var schemas = {};
        names.forEach(function (k, i) { schemas[k + ".schema.json"] = all[i + 1]; });
        return { data: all[0], checker: new Checker(schemas) };
      });
  }

  /* The files as the person takes them: text to copy, a download each, and GitHub's new-file page when the site
     has a repository. Nothing leaves the page until a link is clicked. */
  function outputs(root, files, repoUrl) {
    root.textContent = "";
    root.appendChild(el("h2", { text: files.length === 1 ? "Your file" : "Your " + files.length + " files" }));
    root.appendChild(el("p", { text: "Each file goes at the path above it. Download them, copy the text, or " +
      (repoUrl ? "propose each on GitHub (it opens GitHub's new-file page with the name and text filled in; you review it there before anything is saved)." : "send them to the editors.") }));
    files.forEach(function (f) {
      var blob = new Blob([f.text], { type: "text/yaml" });
      var links = [el("a", { href: URL.createObjectURL(blob), download: f.path.split("/").pop(), className: "md-button fl-download", text: "Download " + f.path.split("/").pop() })];
      if (repoUrl) {
        var url = repoUrl.replace(/\/+$/, "") + "/new/main?filename=" + encodeURIComponent(f.path) + "&value=" + encodeURIComponent(f.text);
        links.push(el("a", { href: url, className: "md-button fl-propose", target: "_blank", rel: "noopener", text: "Propose on GitHub" }));
      }
      root.appendChild(el("div", { className: "fl-output", "data-path": f.path }, [
        el("p", {}, [el("code", { className: "fl-output-path", text: f.path })]),
        el("pre", { className: "fl-output-text" }, [el("code", { text: f.text })]),
        el("p", { className: "fl-output-links" }, links)]));
    });
    if (files.length > 1) {
      var all = files.map(function (f) { return "# " + f.path + "\n" + f.text; }).join("---\n");
      root.appendChild(el("details", { className: "fl-output-all" }, [el("summary", { text: "All files as one text to copy" }),
        el("pre", {}, [el("code", { className: "fl-output-set", text: all })])]));
    }
  }

  /* Messages shown before any download, each linked to the input it is about. */
  function showProblems(root, problems, inputFor) {
    root.textContent = "";
    if (!problems.length) return;
    root.appendChild(el("h2", { text: problems.length === 1 ? "One thing to fix" : problems.length + " things to fix" }));
    var list = el("ul", { className: "fl-problems" });
    problems.forEach(function (d) {
      var input = inputFor(d);
      var where = d.file ? d.file + ":" + d.line + ":" + d.column + ": " : "";
      var item = el("li", { className: "fl-problem", "data-code": d.code, "data-path": d.path || "" }, [
        el("span", { className: "fl-problem-where", text: where + (d.path ? d.path + ": " : "") }),
        el("span", { className: "fl-problem-message", text: d.message }), " ",
        el("code", { className: "fl-problem-code", text: d.code })]);
      if (input) {
        if (!input.id) input.id = "fl-in-" + Math.random().toString(36).slice(2);
        input.setAttribute("aria-invalid", "true");
        var note = el("span", { className: "fl-field-problem", text: d.message, "data-code": d.code });
        input.parentNode.appendChild(note);
        item.appendChild(el("a", { href: "#" + input.id, text: " (go to the field)" }));
      }
      list.appendChild(item);
    });
    root.appendChild(list);
  }
  function clearProblems(form) {
    Array.prototype.forEach.call(form.querySelectorAll(".fl-field-problem"), function (n) { n.remove(); });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (n) { n.removeAttribute("aria-invalid"); });
  }

  window.FaultlinesBuilder = { readFigure: readFigure, dump: dump, scalar: scalar, Checker: Checker, load: load,
    unknownId: unknownId, nameIndex: nameIndex, slug: slug, el: el, outputs: outputs, showProblems: showProblems,
    clearProblems: clearProblems, closeMatch: closeMatch, formatPath: formatPath };
})();
