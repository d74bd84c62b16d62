"""Whole-process timings of infoview on generated journals; medians of runs.

    python benchmarks/run.py                 # 1,000 and 10,000 records, 5 runs each
    python benchmarks/run.py --sizes 10000 --runs 7

Each figure is the wall-clock time of a complete `infoview` process (start-up
and imports included), the processor time it used (its workers' included:
on two cores, a build can take at most twice its wall-clock time in
processor time), and its peak resident memory. Journals are generated
(seeded) under benchmarks/out/ and reused when they already exist.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
TODAY = "2026-11-21"
INFOVIEW = [sys.executable, "-m", "infoview"]


def timed(args: list[str], cwd: Path | None = None) -> tuple[float, float, float]:
    """(seconds, processor seconds, peak MB) of one process and its workers; fails loudly if it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{stderr}")
    # On Linux, wait4's usage covers the process and the workers it waited for
    # (for memory: the largest of them).
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def median_of(runs: int, prepare: Callable[[], None], args: list[str]) -> dict[str, float]:
    times, cpus, peaks = [], [], []
    for _ in range(runs):
        prepare()
        seconds, cpu, peak = timed(args)
        times.append(seconds)
        cpus.append(cpu)
        peaks.append(peak)
    return {"median_s": round(statistics.median(times), 3), "cpu_s": round(statistics.median(cpus), 2),
            "peak_mb": round(max(peaks), 1)}  # fmt: skip


def journal(size: int) -> Path:
    path = OUT / f"journal-{size}"
    if not (path / "infoview.toml").exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(size), str(path), "--seed", "1"],
            check=True,
        )
    return path


def an_interview(root: Path) -> Path:
    return sorted((root / "interviews").rglob("*.md"))[len(list((root / "interviews").rglob("*.md"))) // 2]


def nothing() -> None:
    pass


def bench_size(size: int, runs: int) -> dict[str, dict[str, float]]:
    root = journal(size)
    cache = root / ".infoview"
    edited = an_interview(root)
    original = edited.read_text()
    counter = iter(range(10**6))

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def edit_one() -> None:
        edited.write_text(original + f"\nEdited {next(counter)}.\n")

    j = ["-j", str(root)]
    results = {
        "index, cold": median_of(runs, cold, [*INFOVIEW, *j, "index"]),
        "index, nothing changed": median_of(runs, nothing, [*INFOVIEW, *j, "index"]),
        "index, one file edited": median_of(runs, edit_one, [*INFOVIEW, *j, "index"]),
    }
    results["query interviews mode:video after:2026-01-01 (warm)"] = median_of(
        runs, nothing,
        [*INFOVIEW, *j, "query", "interviews", "mode:video", "after:2026-01-01", "--today", TODAY],
    )  # fmt: skip
    followups = [*INFOVIEW, *j, "followups", "--today", TODAY]
    results["followups (warm)"] = median_of(runs, nothing, followups)
    results["followups, first run after one file edited"] = median_of(runs, edit_one, followups)
    results["validate (warm)"] = median_of(runs, nothing, [*INFOVIEW, *j, "validate"])
    site = root / "_site"
    build = [*INFOVIEW, *j, "build", "--today", TODAY]

    def cold_site() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)

    aside = OUT / f"set-aside-{size}"
    aside.mkdir(exist_ok=True)

    def cold_site_set_aside() -> None:
        # The same state, reached without deleting ten thousand files a moment
        # before: on some file systems (ext4 without a journal) creating files
        # soon after many were deleted costs kernel time in the allocator,
        # which is the harness's doing, not the build's. Removed at the end.
        shutil.rmtree(cache, ignore_errors=True)
        if site.exists():
            site.rename(aside / str(next(counter)))

    results["floor: read + YAML (C) + markdown-it, one process"] = median_of(
        runs, nothing, [sys.executable, str(HERE / "floor.py"), str(root)]
    )
    # Set aside first: the deletions of the other cold runs would be recent.
    set_aside = median_of(runs, cold_site_set_aside, build)
    results["build, cold (no index, no site)"] = median_of(runs, cold_site, build)
    results["build, cold, the old site set aside, not deleted"] = set_aside
    results["build, nothing changed"] = median_of(runs, nothing, build)
    results["build, one interview edited"] = median_of(runs, edit_one, build)
    edited.write_text(original)
    timed(build)
    shutil.rmtree(aside, ignore_errors=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    # Time infoview as installed (with its bytecode), even where the environment
    # says not to write bytecode (PYTHONDONTWRITEBYTECODE) for an editable install.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "infoview")], check=True)
    report: dict[str, dict[str, dict[str, float]]] = {}
    for size in args.sizes:
        report[str(size)] = bench_size(size, args.runs)
    width = max(len(name) for r in report.values() for name in r)
    print(f"{'benchmark':<{width}}  " + "  ".join(f"{s + ' records':>32}" for s in report))
    for name in next(iter(report.values())):
        cells = [f"{r[name]['median_s']:>7.3f} s {r[name]['cpu_s']:>6.2f} cpu {r[name]['peak_mb']:>6.1f} MB"
                 for r in report.values()]  # fmt: skip
        print(f"{name:<{width}}  " + "  ".join(f"{c:>32}" for c in cells))
    (OUT / "results.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"\n(medians of {args.runs} runs: wall-clock seconds, processor seconds of the process and its")
    print(f" workers; peak resident memory; {OUT / 'results.json'})")


if __name__ == "__main__":
    main()
