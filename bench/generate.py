"""Write a synthetic Faultlines project of N entries that validates: bench/generate.py OUT N.

The knowledge base has the shape the real one is growing into:

- concepts grow more slowly than the cases filed under them: about 2·√N failure modes and 0.6·√N
  agendas (20 and 6 at 100 entries, 63 and 19 at 1,000, 200 and 60 at 10,000, which is the 60 × 200
  matrix the budgets name);
- the rest, the cases and what they cite, splits 45 % sources, 35 % examples, 13 % estimates, 7 % claims;
- files are sized like the current ones (on average failure modes 3.3 KB, examples 2.9 KB, claims
  3.0 KB, estimates 1.2 KB, sources 0.4 KB; agendas 8 KB, as they address many failure modes), with
  Markdown text holding inline [[id]] references;
- each example is classified under 2–5 failure modes (instances, non-instances, borderline, some
  contested), each agenda addresses 6–30 failure modes, and entries other than sources cite 1–4 sources,
  popular ones more often.

Every entry is drawn from its own random stream (seeded by kind and index), so entry i of a kind is
the same at every size wherever its references allow. One entry, examples/fixed-unrelated-example, is
identical at every size and nothing refers to it: the benchmark weighs its HTML page across sizes.
"""
from __future__ import annotations

import argparse
import functools
import math
import random
import re
import shutil
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXED_ENTRY = ("examples", "fixed-unrelated-example")

WORDS = """alignment agent model reward signal proxy objective training oversight overseer evaluator policy
gradient feedback human preference deception drift goal hidden latent behaviour capability monitor audit
probe representation feature circuit activation dataset benchmark environment deployment shutdown
channel message encoded plan situation awareness test sandbox tool action trajectory episode rollout
optimizer learner distribution shift specification loophole shortcut heuristic incentive power resource
influence collusion steganography sabotage control protocol rater label annotator critique debate judge
weak strong generalisation transfer interpretability evidence case scenario hypothesis argument claim
estimate survey forecast credence premise outcome catastrophe takeover disempowerment failure mode""".split()
ADJECTIVES = """subtle persistent covert latent emergent strategic gradual sudden learned implicit explicit
partial robust brittle narrow broad deceptive honest sycophantic myopic situational instrumental
terminal observable unobservable adversarial cooperative""".split()
FIRST = "Ada Ben Chen Dara Eli Farah Gus Hana Ivo Jun Kai Lena Milo Noor Omar Pia Quinn Rosa Sami Tara".split()
LAST = "Abbott Baker Cohen Diaz Evans Fischer Garcia Huang Ito Jones Kim Lopez Meyer Nakamura Okafor Park".split()

SHARES = {"source": 0.45, "example": 0.35, "estimate": 0.13, "claim": 0.07}
PLURAL = {"failure-mode": "failure-modes", "example": "examples", "agenda": "agendas", "estimate": "estimates",
          "claim": "claims", "source": "sources"}


def counts(n: int) -> dict[str, int]:
    """How many entries of each kind an N-entry knowledge base has (they sum to n)."""
    fm = max(3, round(2 * math.sqrt(n)))
    ag = max(2, round(0.6 * math.sqrt(n)))
    rest = n - fm - ag - 1  # one fixed example
    out = {"failure-mode": fm, "agenda": ag}
    out.update({k: max(1, int(rest * share)) for k, share in SHARES.items()})
    out["source"] += n - 1 - sum(out.values())  # rounding goes to sources
    out["example"] += 1  # the fixed one
    return out


class Text:
    """Plausible prose, sized like the real entries', from a seeded random stream."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def words(self, k: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(k))

    def sentence(self, lo: int = 8, hi: int = 22) -> str:
        s = self.words(self.rng.randint(lo, hi))
        return s[0].upper() + s[1:] + "."

    def paragraph(self, chars: int, refs: list[str] = ()) -> str:
        """About `chars` characters of Markdown, with each id in refs cited inline as [[id]]."""
        parts, size, refs = [], 0, list(refs)
        while size < chars:
            s = self.sentence()
            if refs and self.rng.random() < 0.5:
                ref = refs.pop()
                s = s[:-1] + (f" (see [[{ref}]])." if self.rng.random() < 0.5 else f", as in [[{ref}|the {self.words(2)}]].")
            elif self.rng.random() < 0.15:
                w = s.split()
                i = self.rng.randrange(1, len(w))
                w[i] = f"*{w[i].rstrip('.')}*" + ("." if w[i].endswith(".") else "")
                s = " ".join(w)
            parts.append(s)
            size += len(s) + 1
        parts += [f"See also [[{r}]]." for r in refs]
        return " ".join(parts)

    def markdown(self, chars: int, refs: list[str] = ()) -> str:
        """One or more paragraphs separated by blank lines."""
        paragraphs = max(1, chars // 700)
        share = [refs[i::paragraphs] for i in range(paragraphs)]
        return "\n\n".join(self.paragraph(chars // paragraphs, share[i]) for i in range(paragraphs))

    def name(self, k: int = 3) -> str:
        return " ".join([self.rng.choice(ADJECTIVES)] + [self.rng.choice(WORDS) for _ in range(k - 1)]).capitalize()

    def person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def slug(self, k: int = 2) -> str:
        return "-".join(self.rng.choice(WORDS) for _ in range(k))


class Generator:
    def __init__(self, n: int, seed: int = 0):
        self.n, self.seed = n, seed
        self.count = counts(n)
        self.ids: dict[str, list[str]] = {}
        for kind, c in self.count.items():
            self.ids[kind] = [self._id(kind, i) for i in range(c)]
        self.ids["example"][-1] = FIXED_ENTRY[1]
        self.stated: dict[frozenset, set[str]] = defaultdict(set)  # what failure modes said about each pair so far

    def _rng(self, kind: str, i: int) -> random.Random:
        return random.Random(f"{self.seed}:{kind}:{i}")

    def _id(self, kind: str, i: int) -> str:
        rng = self._rng(kind, i)
        prefix = {"failure-mode": "f", "example": "e", "agenda": "a", "estimate": "p", "claim": "c", "source": "s"}[kind]
        return f"{Text(rng).slug(2 if kind != 'example' else 3)}-{prefix}{i}"

    def pick(self, rng: random.Random, kind: str, k: int, below: int | None = None) -> list[str]:
        """k distinct ids of a kind, popular ones more often (references cluster on a few classics)."""
        pool = self.ids[kind][:below] if below is not None else self.ids[kind]
        if kind == "example":
            pool = pool[:-1] if pool and pool[-1] == FIXED_ENTRY[1] else pool  # nothing refers to the fixed one
        k = min(k, len(pool))
        out: list[str] = []
        while len(out) < k:
            j = min(int(rng.paretovariate(0.6)) - 1, len(pool) - 1) if rng.random() < 0.3 else rng.randrange(len(pool))
            if pool[j] not in out:
                out.append(pool[j])
        return out

    # -- kinds ----------------------------------------------------------------------------------------

    def failure_mode(self, i: int) -> dict:
        rng = self._rng("failure-mode", i)
        t = Text(rng)
        me = self.ids["failure-mode"][i]
        others = [f for f in self.pick(rng, "failure-mode", 4) if f != me]
        data = {"id": me, "name": t.name(2) + f" {i}", "aliases": [t.name(2) for _ in range(rng.randint(0, 3))],
                "summary": t.sentence(14, 30), "description": t.markdown(rng.randint(1200, 2600), others[:2]),
                "tags": sorted({t.slug(1) for _ in range(rng.randint(1, 4))}),
                "sources": self.pick(rng, "source", rng.randint(1, 4))}
        if i > 0:
            parents = self.pick(rng, "failure-mode", rng.randint(0, 2), below=i)  # earlier only: acyclic
            # no parent that an earlier failure mode called distinct (the validator refuses the contradiction)
            parents = [p for p in parents if "distinct-from" not in self.stated[frozenset((me, p))]]
            for p in parents:
                self.stated[frozenset((me, p))].add("parent")
            if parents:
                data["parents"] = parents
        relations = []
        for target in others[:rng.randint(0, 3)]:
            said = self.stated[frozenset((me, target))]
            types = [k for k in ("overlaps", "distinct-from", "enables", "precedes")
                     if not (k == "distinct-from" and said & {"overlaps", "parent"})
                     and not (k == "overlaps" and "distinct-from" in said)]
            kind = rng.choice(types)
            said.add(kind)
            relations.append({"type": kind, "target": target, "note": t.paragraph(rng.randint(150, 400)),
                              **self._support(rng)})
        if relations:
            data["relations"] = relations
        if not data["aliases"]:
            del data["aliases"]
        # As the validator requires of an active failure mode (data/case_rules.py): a reason when no example is
        # an instance of it, and draft status when none is an explicit not-instance.
        verdicts = self._verdicts.get(me, set())
        if "instance" not in verdicts:
            data["no_documented_instance"] = t.paragraph(rng.randint(150, 300))
        if "not-instance" not in verdicts:
            data["status"] = "draft"
        return data

    def _support(self, rng: random.Random) -> dict:
        """Supporting sources for a verdict or relation and its basis: mostly the editors' judgement, now and then
        a source's own call in its words (data/case_rules.py requires one of the two)."""
        sources = self.pick(rng, "source", rng.randint(1, 2))
        if rng.random() < 0.7:
            return {"sources": sources, "editors_judgement": True}
        return {"sources": sources, "basis": [{"source": sources[0], "quote": Text(rng).sentence(4, 12),
                                               "locator": f"section {rng.randint(1, 9)}"}]}

    @functools.cached_property
    def _examples(self) -> list[dict]:
        return [self._make_example(i) for i in range(self.count["example"])]

    @functools.cached_property
    def _verdicts(self) -> dict[str, set[str]]:
        """The verdicts each failure mode receives, from every example that is not deprecated."""
        out: dict[str, set[str]] = {}
        for data in self._examples:
            for c in data["classifications"]:
                out.setdefault(c["failure_mode"], set()).add(c["verdict"])
        return out

    def example(self, i: int) -> dict:
        return self._examples[i]

    def _make_example(self, i: int) -> dict:
        if self.ids["example"][i] == FIXED_ENTRY[1]:
            return self.fixed_example()
        rng = self._rng("example", i)
        t = Text(rng)
        fms = self.pick(rng, "failure-mode", rng.randint(2, 5))
        evidence = rng.choice(["deployed", "lab", "lab", "hypothetical"])
        classifications = []
        for fm in fms:
            c = {"failure_mode": fm, "verdict": rng.choice(["instance", "instance", "not-instance", "borderline"]),
                 "rationale": t.paragraph(rng.randint(120, 320)), **self._support(rng)}
            if rng.random() < 0.1:
                c["dissent"] = [{"verdict": "borderline", "held_by": t.person(), "rationale": t.paragraph(200),
                                 "sources": self.pick(rng, "source", 1)}]
            classifications.append(c)
        data = {"id": self.ids["example"][i], "name": t.name(4), "summary": t.sentence(15, 35),
                "description": t.markdown(rng.randint(400, 1000), fms[:2]), "evidence": evidence,
                "year": rng.randint(2012, 2025), "system": t.name(3),
                "tags": sorted({t.slug(1) for _ in range(rng.randint(1, 3))}), "classifications": classifications}
        if evidence != "hypothetical" or rng.random() < 0.5:
            data["sources"] = self.pick(rng, "source", rng.randint(1, 4))
        return data

    def fixed_example(self) -> dict:
        """The same at every size, and cited by nothing: its page must not grow with the knowledge base."""
        t = Text(random.Random("fixed"))
        fm = self.ids["failure-mode"]
        return {"id": FIXED_ENTRY[1], "name": "A fixed, unrelated example", "summary": t.sentence(20, 20),
                "description": t.markdown(900, [fm[0], fm[1]]), "evidence": "lab", "year": 2020, "system": "Fixed system",
                "tags": ["fixed"], "sources": [self.ids["source"][0], self.ids["source"][1]],
                "classifications": [
                    {"failure_mode": fm[0], "verdict": "instance", "rationale": t.paragraph(300),
                     "sources": [self.ids["source"][1]], "editors_judgement": True},
                    {"failure_mode": fm[1], "verdict": "not-instance", "rationale": t.paragraph(300),
                     "sources": [self.ids["source"][0]], "editors_judgement": True},
                    {"failure_mode": fm[2], "verdict": "borderline", "rationale": t.paragraph(200),
                     "editors_judgement": True}]}

    def agenda(self, i: int) -> dict:
        rng = self._rng("agenda", i)
        t = Text(rng)
        fms = self.pick(rng, "failure-mode", rng.randint(6, 30))
        data = {"id": self.ids["agenda"][i], "name": t.name(2) + " research", "summary": t.sentence(20, 40),
                "description": t.markdown(rng.randint(400, 900), fms[:1]),
                "theory_of_change": t.markdown(rng.randint(400, 800), fms[1:2]),
                "target_case": rng.choice(["optimistic", "average", "pessimistic", "worst-case", "mixed"]),
                "broad_approaches": sorted(set(rng.sample(["engineering", "behavioral", "cognitive", "maths-philosophy"], 2))),
                "people": sorted({t.person() for _ in range(rng.randint(1, 4))}),
                "key_papers": self.pick(rng, "source", rng.randint(1, 3)),
                "critiques": t.paragraph(rng.randint(200, 500)),
                "tags": sorted({t.slug(1) for _ in range(rng.randint(1, 3))}),
                "sources": self.pick(rng, "source", rng.randint(1, 3)),
                "addresses": [{"failure_mode": fm, "relevance": rng.choice(["high", "medium", "medium", "low"]),
                               "rationale": t.paragraph(rng.randint(60, 180))} for fm in fms]}
        if i > 0 and rng.random() < 0.5:
            data["see_also"] = self.pick(rng, "agenda", 1, below=i)
        return data

    def estimate(self, i: int) -> dict:
        rng = self._rng("estimate", i)
        t = Text(rng)
        who = t.person()
        data = {"id": self.ids["estimate"][i], "name": f"{who} {2000 + i % 25}: {t.words(4)}", "summary": t.sentence(15, 30),
                "estimator": who, "date": f"{rng.randint(2005, 2025)}-{rng.randint(1, 12):02d}",
                "proposition": t.sentence(15, 30), "outcome": rng.choice(["existential-catastrophe", "human-extinction",
                                                                            "ai-takeover", "scenario-occurs", "other"]),
                "method": rng.choice(["personal-credence", "decomposition", "survey", "tournament"]),
                "tags": sorted({t.slug(1) for _ in range(rng.randint(1, 3))}),
                "sources": self.pick(rng, "source", rng.randint(1, 2))}
        fms = self.pick(rng, "failure-mode", 3)
        if rng.random() < 0.7:
            data["scenario"] = fms[0]
        given = [{"failure_mode": fm, "state": rng.choice(["not-an-issue-by-default", "solved", "unsolved", "occurs"])}
                 for fm in fms[1:1 + rng.choice([0, 0, 1, 2])]]
        if i > 0 and rng.random() < 0.15:
            given.append({"estimate": self.pick(rng, "estimate", 1, below=i)[0]})  # earlier only: acyclic
        if given:
            data["given"] = given
        else:
            data["unconditional"] = True
        if rng.random() < 0.7:
            data["value"] = round(rng.random(), 3)
        else:
            low = round(rng.random() * 0.5, 3)
            data["interval"] = {"low": low, "high": round(low + rng.random() * 0.5, 3)}
        if rng.random() < 0.5:
            data["description"] = t.markdown(rng.randint(300, 800))
        if rng.random() < 0.3:
            data["horizon"] = f"by {rng.randint(2030, 2100)}"
        return data

    def claim(self, i: int) -> dict:
        rng = self._rng("claim", i)
        t = Text(rng)
        fms = self.pick(rng, "failure-mode", rng.randint(1, 3))
        data = {"id": self.ids["claim"][i], "name": t.name(5), "summary": t.sentence(20, 40),
                "statement": t.markdown(rng.randint(400, 900), fms[:1]), "description": t.markdown(rng.randint(400, 1200)),
                "author": t.person(), "date": str(rng.randint(2015, 2025)), "epistemic_status": t.words(3),
                "bears_on": [{"failure_mode": fm, "note": t.paragraph(rng.randint(120, 300))} for fm in fms],
                "tags": sorted({t.slug(1) for _ in range(rng.randint(1, 3))}),
                "sources": self.pick(rng, "source", rng.randint(1, 2))}
        if i > 0 and rng.random() < 0.4:
            data["related"] = [{"claim": self.pick(rng, "claim", 1, below=i)[0],
                                "type": rng.choice(["restates", "responds-to", "supports", "disputes"]),
                                "note": t.sentence()}]
        return data

    def source(self, i: int) -> dict:
        rng = self._rng("source", i)
        t = Text(rng)
        authors = [t.person() for _ in range(rng.randint(1, 5))]
        year = rng.randint(1995, 2025)
        data = {"id": self.ids["source"][i], "name": f"{authors[0].split()[-1]}{' et al.' if len(authors) > 1 else ''} {year} ({i})",
                "title": t.name(rng.randint(4, 10)), "authors": authors, "year": year,
                "url": f"https://example.org/{t.slug(2)}/{i}", "type": rng.choice(["paper", "preprint", "blog-post", "forum-post", "report"]),
                "venue": t.name(2), "verified": rng.random() < 0.8}
        if rng.random() < 0.5:
            data["verification_note"] = t.sentence(8, 16)
        return data

    def entries(self):
        """(kind, data) for every entry."""
        for kind in ("source", "failure-mode", "agenda", "example", "estimate", "claim"):
            make = getattr(self, kind.replace("-", "_"))
            for i in range(self.count[kind]):
                yield kind, make(i)


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str):
    style = ">" if len(value) > 100 and "\n\n" not in value else ("|" if "\n" in value else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(kind: str, data: dict) -> str:
    header = f"# yaml-language-server: $schema=../../schema/{kind}.schema.json\n"
    return header + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)


def mkdocs_config(n: int) -> str:
    """The repository's mkdocs.yml with its own name and without the hand-written pages this project lacks."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^site_name:.*$", f"site_name: Faultlines benchmark ({n:,} entries)", text, count=1)
    head, nav_start, nav = text.partition("\nnav:\n")
    if not nav_start:
        return text
    # Keep the generated pages of the real nav; hand-written pages (docs/*.md but the home page) are not copied.
    handwritten = {p.name for p in (ROOT / "docs").glob("*.md")} - {"index.md"}
    kept = [line for line in nav.splitlines() if not any(line.rstrip().endswith(" " + h) for h in handwritten)]
    return head + nav_start + "\n".join(kept) + "\n"


def write_project(out: Path, n: int, seed: int = 0) -> dict[str, int]:
    """A complete project at out/: taxonomy/, schema/, docs/ (assets only) and mkdocs.yml like the repository's."""
    if out.exists():
        shutil.rmtree(out)
    (out / "taxonomy").mkdir(parents=True)
    shutil.copytree(ROOT / "schema", out / "schema")
    shutil.copytree(ROOT / "docs", out / "docs", ignore=shutil.ignore_patterns("*.md"))
    (out / "docs" / "index.md").write_text(f"# Synthetic knowledge base\n\n{n:,} generated entries for the benchmark.\n")
    (out / "mkdocs.yml").write_text(mkdocs_config(n), encoding="utf-8")
    gen = Generator(n, seed)
    for kind in PLURAL.values():
        (out / "taxonomy" / kind).mkdir()
    for kind, data in gen.entries():
        (out / "taxonomy" / PLURAL[kind] / f"{data['id']}.yaml").write_text(dump(kind, data), encoding="utf-8")
    return gen.count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to (re)create")
    parser.add_argument("n", type=int, help="number of entries")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    c = write_project(args.out, args.n, args.seed)
    print(f"wrote {sum(c.values()):,} entries to {args.out}: " + ", ".join(f"{v:,} {k}" for k, v in c.items()))


if __name__ == "__main__":
    main()
