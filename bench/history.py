"""Time reading entry dates from git (data/history.py) for a generated knowledge base with a real history.

    .venv/bin/python bench/history.py                 # 10,000 entries, 200 commits
    .venv/bin/python bench/history.py --sizes 1000,10000 --commits 50

Each size is written by generate.py into a fresh git repository: one commit adds every entry, then each of
`--commits` more commits changes 1 % of the entries (chosen at random, seeded), so the log lists about
N × (1 + commits / 100) file names. Prints the best of three reads, in a fresh process each, and checks that
every entry got its dates. The CPU time (this process and git's) shows the cost on a busy machine too.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import write_project  # noqa: E402

READ = """
import os, time, sys
from faultlines.data.history import read_history
start, before = time.perf_counter(), os.times()
history = read_history(sys.argv[1])
after = os.times()
cpu = sum(after[i] - before[i] for i in range(4))  # this process and git's
print(time.perf_counter() - start, cpu, len(history.dates), history.note)
"""


def git(cwd: Path, *args: str, n: int = 0) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.org", GIT_COMMITTER_NAME="bench",
               GIT_COMMITTER_EMAIL="bench@example.org", GIT_AUTHOR_DATE=f"{1704067200 + n * 86400} +0000",
               GIT_COMMITTER_DATE=f"{1704067200 + n * 86400} +0000")
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def measure(n: int, commits: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "kb"
        write_project(project, n)
        git(project, "init", "-q", "-b", "main")
        git(project, "add", "-A")
        git(project, "commit", "-q", "-m", "all entries")
        files = sorted((project / "taxonomy").rglob("*.yaml"))
        rng = random.Random(0)
        for i in range(1, commits + 1):
            for path in rng.sample(files, max(1, len(files) // 100)):
                with open(path, "a", encoding="utf-8") as f:
                    f.write(f"# edit {i}\n")
            git(project, "commit", "-q", "-am", f"edit {i}", n=i)
        runs = []
        for _ in range(3):
            out = subprocess.run([sys.executable, "-c", READ, str(project / "taxonomy")], capture_output=True,
                                 text=True, check=True).stdout.split(maxsplit=3)
            runs.append((float(out[0]), float(out[1])))
            assert int(out[2]) == len(files), out
        wall, cpu = min(runs)
        print(f"| {n:,} | {commits} | {wall:.2f} | {cpu:.2f} | {os.getloadavg()[0]:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated entry counts (default 10000)")
    parser.add_argument("--commits", type=int, default=200, help="commits after the first (default 200)")
    args = parser.parse_args()
    print("| Entries | Commits | read_history (s) | CPU, with git's (s) | load average |\n|---:|---:|---:|---:|---:|")
    for n in (int(s) for s in args.sizes.split(",")):
        measure(n, args.commits)


if __name__ == "__main__":
    main()
