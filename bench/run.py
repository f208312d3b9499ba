"""Measure Faultlines at several sizes and print the table the README carries: bench/run.py [--sizes ...].

For each size N it writes a synthetic project (bench/generate.py) and measures, each in a fresh process
as a user would run it:

- floor: reading and parsing every entry file with yaml.CSafeLoader and nothing else;
- `faultlines validate --no-cache` (everything from scratch), its ratio to the floor, and its peak memory;
- the first `faultlines validate` of a checkout (from scratch, and writing the cache);
- `faultlines validate` after one file changed, with the cache of the run before (the everyday case);
- `mkdocs build` from scratch (no validation cache), its time per entry and peak memory;
- the HTML size of one fixed entry page (the same entry at every size, that nothing refers to) and of
  the matrix pages;
- `mkdocs serve`: the time from saving an edit to one entry until the served page shows it;
- what a reader downloads (bench/weight.py): the fixed entry page, the matrix and the home page with every
  file they load, and the search index (total, per entry, and with the worker script before a first search),
  uncompressed and gzip-compressed. These are printed in a second table;
- the same site with the other generators (a third table): `properdocs build` (our plugin under ProperDocs),
  and `faultlines render` followed by `zensical build` (Zensical runs no plugin; docs/ecosystem.md).

Timings of the short commands are the best of --repeat runs (the machine may be busy with other work;
the minimum is the least disturbed run), serve's of --repeat edits in one session (all are printed);
builds run once. Peak memory is the child's
maximum resident set size. Nothing here asserts a budget: the table is for people to read.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402
import weight  # noqa: E402

BIN = Path(sys.executable).parent
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
FLOOR = """
import sys, yaml
from pathlib import Path
for p in sorted(Path(sys.argv[1]).glob("*/*.yaml")):
    with open(p, "rb") as f:
        yaml.load(f.read(), Loader=yaml.CSafeLoader)
"""
EDIT_MARK = "Edited for the benchmark"


@dataclass
class Run:
    seconds: float
    peak_mb: float
    returncode: int
    stderr: str = ""


def run_measured(args: list[str], cwd: Path, timeout: float = 3600) -> Run:
    """Run a command to completion: its wall time and its own peak memory (from wait4, Linux and macOS)."""
    start = time.perf_counter()
    err_file = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=err_file, text=True)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
        time.sleep(0.005)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err_file.seek(0)
    peak_kb = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)
    return Run(seconds, peak_kb / 1024, proc.returncode, err_file.read())


def best(args: list[str], cwd: Path, repeat: int, before=None) -> Run:
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(run_measured(args, cwd))
    failed = [r for r in runs if r.returncode != 0]
    if failed:
        raise SystemExit(f"{' '.join(args)} failed in {cwd}:\n{failed[0].stderr[-3000:]}")
    return min(runs, key=lambda r: r.seconds)


def edit(path: Path, n: int) -> None:
    """Change one entry's summary (valid before and after): a different text of a different length."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("summary:"):
            lines[i] = f"summary: {EDIT_MARK} ({n}).\n"
            # drop a folded summary's continuation lines
            j = i + 1
            while j < len(lines) and lines[j].startswith("  "):
                lines[j] = ""
                j += 1
            break
    path.write_text("".join(lines), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8", "replace")
    except OSError:
        return None


def serve_rebuild(project: Path, repeat: int = 1, timeout: float = 1800) -> tuple[float, float]:
    """(first build, seconds from saving an edit until `mkdocs serve` serves it: the best of `repeat` edits,
    each a different text, in one serve session)."""
    port = free_port()
    entry = project / "taxonomy" / generate.FIXED_ENTRY[0] / f"{generate.FIXED_ENTRY[1]}.yaml"
    original = entry.read_bytes()
    url = f"http://127.0.0.1:{port}/{generate.FIXED_ENTRY[0]}/{generate.FIXED_ENTRY[1]}/"
    log = tempfile.TemporaryFile(mode="w+")
    start = time.perf_counter()
    # As `make serve` runs it: the rebuilt site goes to a RAM disk where there is one (see the Makefile).
    env = dict(ENV, TMPDIR="/dev/shm") if os.access("/dev/shm", os.W_OK) else ENV
    proc = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        while fetch(url) is None:
            if proc.poll() is not None or time.perf_counter() - start > timeout:
                log.seek(0)
                raise SystemExit(f"mkdocs serve did not come up:\n{log.read()[-3000:]}")
            time.sleep(0.2)
        first = time.perf_counter() - start
        shown = []
        for n in range(1, repeat + 1):
            time.sleep(1.0)  # let the watcher settle after the build before
            edit(entry, n)
            saved = time.perf_counter()
            while f"{EDIT_MARK} ({n})" not in (fetch(url) or ""):
                if proc.poll() is not None or time.perf_counter() - saved > timeout:
                    log.seek(0)
                    raise SystemExit(f"mkdocs serve never showed the edit:\n{log.read()[-3000:]}")
                time.sleep(0.05)
            shown.append(time.perf_counter() - saved)
        print(f"    serve: edit shown after {', '.join(f'{t:.2f}' for t in shown)} s", file=sys.stderr)
        return first, min(shown)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        entry.write_bytes(original)


@dataclass
class Row:
    n: int
    counts: dict = field(default_factory=dict)
    floor: Run | None = None
    validate: Run | None = None
    first: Run | None = None
    warm: Run | None = None
    build: Run | None = None
    pages: int = 0
    entry_kb: float = float("nan")
    matrix_kb: dict = field(default_factory=dict)
    serve_first: float = float("nan")
    serve: float = float("nan")
    weights: dict = field(default_factory=dict)  # page -> weight.Weight
    search: weight.SearchIndex | None = None
    generators: dict = field(default_factory=dict)  # step -> Run: properdocs, render, zensical
    zensical_search: weight.Weight | None = None  # Zensical's search.json


def measure(n: int, work: Path, repeat: int, do_build: bool, do_serve: bool, do_generators: bool = True) -> Row:
    project = work / f"kb-{n}"
    row = Row(n, generate.write_project(project, n))
    taxonomy = project / "taxonomy"
    cache = project / ".faultlines-cache"
    faultlines = str(BIN / "faultlines")
    print(f"[{n:,}] floor and validate", file=sys.stderr)
    row.floor = best([sys.executable, "-c", FLOOR, str(taxonomy)], project, repeat)
    row.validate = best([faultlines, "validate", "--no-cache"], project, repeat)
    row.first = best([faultlines, "validate"], project, repeat, before=lambda: shutil.rmtree(cache, ignore_errors=True))
    # The everyday case: the cache holds the previous run, then one file changes.
    changing = sorted((taxonomy / "examples").glob("*.yaml"))[0]
    original = changing.read_bytes()
    best([faultlines, "validate"], project, 1)  # fill the cache
    counter = iter(range(1, 1000))
    row.warm = best([faultlines, "validate"], project, repeat, before=lambda: edit(changing, next(counter)))
    changing.write_bytes(original)
    if do_build:
        print(f"[{n:,}] mkdocs build", file=sys.stderr)
        shutil.rmtree(cache, ignore_errors=True)
        site = project / "site"
        row.build = run_measured([str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", str(site)], project, timeout=4 * 3600)
        if row.build.returncode != 0:
            raise SystemExit(f"mkdocs build failed at {n} (exit {row.build.returncode}):\n{row.build.stderr[-3000:]}")
        row.pages = sum(1 for _ in site.rglob("index.html"))
        fixed = site / generate.FIXED_ENTRY[0] / generate.FIXED_ENTRY[1] / "index.html"
        row.entry_kb = fixed.stat().st_size / 1024
        for page in sorted(site.glob("matrix*/**/index.html")):
            row.matrix_kb[page.parent.relative_to(site).as_posix()] = page.stat().st_size / 1024
        for name, page in (("example page", fixed), ("matrix", site / "matrix" / "index.html"),
                           ("home", site / "index.html")):
            row.weights[name] = weight.page_weight(site, page)
        row.search = weight.search_index(site)
    if do_build and do_generators:
        measure_generators(row, project, cache)
    if do_serve:
        print(f"[{n:,}] mkdocs serve", file=sys.stderr)
        row.serve_first, row.serve = serve_rebuild(project, repeat)
    return row


def measure_generators(row: Row, project: Path, cache: Path) -> None:
    """The same site with the other generators, each from no validation cache: ProperDocs runs our plugin;
    Zensical builds what `faultlines render` wrote (docs/ecosystem.md), so its time is both steps."""
    steps = [("properdocs", [str(BIN / "properdocs"), "build", "--quiet", "-f", "mkdocs.yml",
                             "--site-dir", str(project / "site-properdocs")], project),
             ("render", [str(BIN / "faultlines"), "render", str(project / "render")], project),
             ("zensical", [str(BIN / "zensical"), "build", "-f", "mkdocs.yml"], project / "render")]
    shutil.rmtree(project / "render", ignore_errors=True)
    for name, args, cwd in steps:
        print(f"[{row.n:,}] {name}", file=sys.stderr)
        if name != "zensical":
            shutil.rmtree(cache, ignore_errors=True)
        run = run_measured(args, cwd, timeout=4 * 3600)
        row.generators[name] = run
        if run.returncode != 0:  # a finding for the table, not the end of the run (the MkDocs figures stand)
            print(f"{name} failed at {row.n} (exit {run.returncode}):\n{run.stderr[-3000:]}", file=sys.stderr)
            return
    index = project / "render" / "site" / "search.json"  # what a reader of the Zensical site fetches to search
    row.zensical_search = weight.Weight()
    row.zensical_search.add(index.read_bytes())


def generators_table(rows: list[Row]) -> str:
    out = ["| Entries | MkDocs + plugin (s) | ProperDocs + plugin (s) | `faultlines render` (s) | Zensical build (s) "
           "| render + Zensical (s) | × MkDocs | Zensical peak (MB) | Zensical search index (KB) |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---|"]

    def took(r: Row, name: str) -> str:
        run = r.generators.get(name)
        return "—" if run is None else f"failed (exit {run.returncode})" if run.returncode else fmt(run.seconds, 1)
    for r in rows:
        g = r.generators
        if not g or r.build is None:
            continue
        done = all(name in g and not g[name].returncode for name in ("render", "zensical"))
        both = g["render"].seconds + g["zensical"].seconds if done else float("nan")
        index = r.zensical_search
        out.append(f"| {r.n:,} | {fmt(r.build.seconds, 1)} | {took(r, 'properdocs')} | {took(r, 'render')} | "
                   f"{took(r, 'zensical')} | {fmt(both, 1)} | {fmt(both / r.build.seconds)} | "
                   f"{fmt(g['zensical'].peak_mb, 0) if done else '—'} | "
                   f"{f'{index.raw / 1024:,.0f} ({index.compressed / 1024:,.0f} compressed)' if index else '—'} |")
    return "\n".join(out)


def machine() -> str:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout if shutil.which("lscpu") else ""
    model = next((l.split(":", 1)[1].strip() for l in lscpu.splitlines() if l.startswith("Model name")), platform.processor())
    mem = ""
    if Path("/proc/meminfo").exists():
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    return (f"{os.cpu_count()} CPUs ({model}){mem}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}")


def fmt(x: float, digits: int = 2) -> str:
    return "—" if x != x else f"{x:.{digits}f}"


def table(rows: list[Row]) -> str:
    out = ["| Entries | Floor: CSafeLoader (s) | `validate --no-cache` (s) | × floor | validate peak (MB) "
           "| first `validate` (writes the cache) (s) | validate after 1 edit (s) | `mkdocs build` (s) | ms per entry "
           "| build peak (MB) | pages | fixed entry page (KB) | matrix pages (KB) | serve: edit shown after (s) |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for r in rows:
        b = r.build
        matrix = ", ".join(f"{k.split('/')[0]} {v:.0f}" for k, v in r.matrix_kb.items()) or "—"
        out.append(f"| {r.n:,} | {fmt(r.floor.seconds)} | {fmt(r.validate.seconds)} | "
                   f"{fmt(r.validate.seconds / r.floor.seconds)} | {fmt(r.validate.peak_mb, 0)} | {fmt(r.first.seconds)} | "
                   f"{fmt(r.warm.seconds)} | "
                   f"{fmt(b.seconds if b else float('nan'), 1)} | {fmt(b.seconds / r.n * 1000 if b else float('nan'), 1)} | "
                   f"{fmt(b.peak_mb if b else float('nan'), 0)} | {r.pages or '—'} | {fmt(r.entry_kb, 1)} | {matrix} | "
                   f"{fmt(r.serve)} |")
    return "\n".join(out)


def weight_table(rows: list[Row]) -> str:
    """What a reader downloads, per size: pages with what they load (no search index), and the search index."""
    kb = lambda b: f"{b / 1024:,.0f}"  # noqa: E731
    out = ["| Entries | example page (KB) | matrix (KB) | home (KB) | search index (KB) | per entry (bytes) "
           "| first search: index + worker (KB) | documents |",
           "|---:|---|---|---|---:|---:|---|---:|"]
    for r in rows:
        if r.search is None:
            continue
        pages = [f"{kb(w.raw)} ({kb(w.compressed)} compressed)" for w in r.weights.values()]
        s = r.search
        out.append(f"| {r.n:,} | {' | '.join(pages)} | {kb(s.index.raw)} | {s.index.raw / r.n:,.0f} | "
                   f"{kb(s.first_search.raw)} ({kb(s.first_search.compressed)} compressed) | {s.documents:,} |")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated entry counts (default: 100,1000,10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each short command; the best is kept")
    parser.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / ".work",
                        help="where the synthetic projects go (default: bench/.work)")
    parser.add_argument("--no-build", action="store_true", help="skip mkdocs build (and serve)")
    parser.add_argument("--no-generators", action="store_true", help="skip ProperDocs and render + Zensical")
    parser.add_argument("--serve-sizes", default="100,1000", help="sizes at which to time mkdocs serve ('' for none)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    serve_sizes = {int(s) for s in args.serve_sizes.split(",") if s}
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in sizes:
        rows.append(measure(n, args.work, args.repeat, not args.no_build, not args.no_build and n in serve_sizes,
                            not args.no_generators))
        print(table(rows[-1:]), file=sys.stderr)
        print(generators_table(rows[-1:]), file=sys.stderr)
        print(weight_table(rows[-1:]), file=sys.stderr)
    for r in rows:
        print(f"{r.n:,} entries: " + ", ".join(f"{v:,} {k}" for k, v in r.counts.items()), file=sys.stderr)
    print(f"Machine: {machine()}\n")
    print(table(rows))
    print()
    print(weight_table(rows))
    print()
    print(generators_table(rows))


if __name__ == "__main__":
    main()
