"""Whole-process timings of infoview on generated journals; medians of runs.

    python benchmarks/run.py                 # both profiles, 1,000 and 10,000 records, 5 runs each
    python benchmarks/run.py --sizes 10000 --runs 7 --notes long

Two profiles of journal (see generate.py): short notes, and notes of the
length of real ones. Each size of each profile is measured with the floor
of its own run beside it; if `hugo` is on the PATH, Hugo builds the same
notes (a minimal layout) and the ratio is printed.

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
import re
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
PASSPHRASE = "a passphrase for the benchmark"  # (for build --encrypt)


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
    return medians_of(runs, [(prepare, args)])[0]


def medians_of(runs: int, each: list[tuple[Callable[[], None], list[str]]]) -> list[dict[str, float]]:
    """Several commands timed in turn, run after run (what the file system is
    doing then weighs on each alike), each prepared first; their medians."""
    figures: list[list[tuple[float, float, float]]] = [[] for _ in each]
    for _ in range(runs):
        for (prepare, args), found in zip(each, figures, strict=True):
            prepare()
            found.append(timed(args))
    return [{"median_s": round(statistics.median(t for t, _, _ in found), 3),
             "cpu_s": round(statistics.median(c for _, c, _ in found), 2),
             "peak_mb": round(max(p for _, _, p in found), 1)} for found in figures]  # fmt: skip


def journal(size: int, notes: str) -> Path:
    path = OUT / (f"journal-{size}" if notes == "short" else f"journal-{size}-{notes}")
    if not (path / "infoview.toml").exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                str(size),
                str(path),
                "--seed",
                "1",
                "--notes",
                notes,
            ],
            check=True,
        )
    return path


def megabytes(path: Path, skip: tuple[str, ...] = ()) -> float:
    """The size of the files under path (those under folders named in skip left out)."""
    total = sum(p.stat().st_size for p in path.rglob("*")
                if p.is_file() and not set(p.relative_to(path).parts) & set(skip))  # fmt: skip
    return round(total / 1e6, 1)


def hugo(root: Path, runs: int) -> dict[str, float] | None:
    """Hugo building the same notes with a minimal layout, when it is installed."""
    if shutil.which("hugo") is None:
        return None
    site = OUT / f"hugo-{root.name}"
    shutil.rmtree(site, ignore_errors=True)
    (site / "layouts/_default").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    for name in ("single", "list"):
        (site / f"layouts/_default/{name}.html").write_text("<h1>{{ .Title }}</h1>{{ .Content }}")
    (site / "content").symlink_to(root)
    return median_of(runs, lambda: shutil.rmtree(site / "public", ignore_errors=True),
                     ["hugo", "--quiet", "-s", str(site)])  # fmt: skip


def an_interview(root: Path) -> Path:
    return sorted((root / "interviews").rglob("*.md"))[len(list((root / "interviews").rglob("*.md"))) // 2]


def nothing() -> None:
    pass


def bench_size(size: int, runs: int, notes: str) -> dict[str, dict[str, float]]:
    root = journal(size, notes)
    edited = an_interview(root)
    original = edited.read_text()
    try:
        return _bench(root, edited, original, size, runs)
    finally:  # (a run stopped by an error leaves the journal as it was)
        edited.write_text(original)


def _bench(root: Path, edited: Path, original: str, size: int, runs: int) -> dict[str, dict[str, float]]:
    cache = root / ".infoview"
    counter = iter(range(10**6))

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def edit_one() -> None:
        edited.write_text(original + f"\nEdited {next(counter)}.\n")

    def edit_fields() -> None:
        """What a verb or an edit of the front matter does: a field changed (the topic)."""
        # (the process's id too: never the text a run stopped half-way left there)
        changed = re.sub(
            r"(?m)^topic: .*$", f"topic: Edited {os.getpid()}.{next(counter)}", original, count=1
        )
        assert changed != original, f"{edited} has no topic to edit"
        edited.write_text(changed)

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
    results["followups, first run after one interview's fields edited"] = median_of(
        runs, edit_fields, followups
    )
    results["validate (warm)"] = median_of(runs, nothing, [*INFOVIEW, *j, "validate"])
    results["show contact-00010 (warm)"] = median_of(
        runs, nothing, [*INFOVIEW, *j, "show", "contact-00010", "--today", TODAY]
    )
    results["show INTERVIEW, first run after its fields edited"] = median_of(
        runs, edit_fields, [*INFOVIEW, *j, "show", edited.stem, "--today", TODAY]
    )
    results["stats (warm)"] = median_of(runs, nothing, [*INFOVIEW, *j, "stats", "--today", TODAY])
    site = root / "_site"
    build = [*INFOVIEW, *j, "build", "--today", TODAY]

    def cold_site() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)

    aside = OUT / f"set-aside-{size}"
    shutil.rmtree(aside, ignore_errors=True)  # (what a run stopped half-way set aside)
    aside.mkdir()

    def set_aside(*folders: Path) -> Callable[[], None]:
        # The same state as deleting them, reached without deleting ten thousand
        # files a moment before: on some file systems (ext4 without a journal)
        # creating files soon after many were deleted costs kernel time in the
        # allocator, which is the harness's doing, not the build's. Removed at the end.
        def prepare() -> None:
            for folder in folders:
                if folder.exists():
                    folder.rename(aside / str(next(counter)))

        return prepare

    results["floor: read + YAML (C) + markdown-it, one process"] = median_of(
        runs, nothing, [sys.executable, str(HERE / "floor.py"), str(root)]
    )
    public = root / "public"
    encrypted = [*build, "--encrypt", "-o", str(public)]
    # Set aside first: the deletions of the other cold runs would be recent. A
    # plain and an encrypted build in turn: encryption's cost, with all else alike.
    plain_cold, sealed_cold = medians_of(
        runs, [(set_aside(cache, site), build), (set_aside(cache, public), encrypted)]
    )
    results["build, cold (no index, no site)"] = median_of(runs, cold_site, build)
    results["build, cold, the old site set aside, not deleted"] = plain_cold
    results["build, nothing changed"] = median_of(runs, nothing, build)
    results["build, one interview edited"] = median_of(runs, edit_one, build)
    results["build, one interview's fields edited"] = median_of(runs, edit_fields, build)
    results["build --encrypt, cold, the old site set aside"] = sealed_cold
    timed(encrypted)  # (the plain site it is sealed from made again after the cold runs)
    results["build --encrypt, nothing changed"] = median_of(runs, nothing, encrypted)
    results["build --encrypt, one interview edited"] = median_of(runs, edit_one, encrypted)
    edited.write_text(original)
    timed(build)
    shutil.rmtree(aside, ignore_errors=True)
    # (.infoview/site is the plain site an encrypted one is sealed from, and .infoview/spare
    # the site before the last: sites, not the index. The spare's files are links to the
    # site's, but for those the last build changed: only those take room of their own.)
    journal_mb, index_mb = (
        megabytes(root, (".infoview", "_site", "public")),
        megabytes(cache, ("site", "spare")),
    )
    spare_mb = round(sum(p.stat().st_size for p in (cache / "spare").rglob("*")
                         if p.is_file() and p.stat().st_nlink == 1) / 1e6, 1)  # fmt: skip
    results["size: the journal's files, and .infoview/"] = {"notes_mb": journal_mb, "index_mb": index_mb,
                                                           "ratio": round(index_mb / journal_mb, 2),
                                                           "spare_own_mb": spare_mb}  # fmt: skip
    made = hugo(root, runs)
    if made is not None:
        results["hugo, cold (for comparison)"] = made
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--notes", choices=["short", "long"], nargs="+", default=["short", "long"])
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    os.environ["INFOVIEW_PASSPHRASE"] = PASSPHRASE
    # Time infoview as installed (with its bytecode), even where the environment
    # says not to write bytecode (PYTHONDONTWRITEBYTECODE) for an editable install.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "infoview")], check=True)
    report: dict[str, dict[str, dict[str, float]]] = {}
    for notes in args.notes:
        for size in args.sizes:
            report[f"{size} {notes}"] = bench_size(size, args.runs, notes)
    names = list(dict.fromkeys(name for r in report.values() for name in r))
    width = max(len(name) for name in names)
    print(f"{'benchmark':<{width}}  " + "  ".join(f"{s + ' notes':>32}" for s in report))
    for name in names:
        cells = [_cell(r.get(name)) for r in report.values()]
        print(f"{name:<{width}}  " + "  ".join(f"{c:>32}" for c in cells))
    for column, r in report.items():
        floor = r["floor: read + YAML (C) + markdown-it, one process"]["median_s"]
        cold = r["build, cold, the old site set aside, not deleted"]["median_s"]
        ratio = (
            f"; Hugo takes {r['hugo, cold (for comparison)']['median_s'] / cold:.2f}x as long"
            if "hugo, cold (for comparison)" in r
            else ""
        )
        sealed = r["build --encrypt, cold, the old site set aside"]["median_s"]
        print(f"{column}: a cold build is {cold / floor:.2f}x the floor{ratio}; "
              f"encrypted, it takes {100 * (sealed / cold - 1):+.0f}%")  # fmt: skip
    (OUT / "results.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"\n(medians of {args.runs} runs: wall-clock seconds, processor seconds of the process and its")
    print(" workers; peak resident memory. Sizes: the journal's files, the index, and their ratio;")
    print(" +MB: what the site kept in .infoview/spare holds of its own, not linked to the site;")
    print(f" {OUT / 'results.json'})")


def _cell(figures: dict[str, float] | None) -> str:
    if figures is None:
        return "-"
    if "ratio" in figures:
        return (f"{figures['notes_mb']:.1f} MB, {figures['index_mb']:.1f} MB ({figures['ratio']:.2f}x)"
                f" +{figures.get('spare_own_mb', 0):.1f}")  # fmt: skip
    return f"{figures['median_s']:>7.3f} s {figures['cpu_s']:>6.2f} cpu {figures['peak_mb']:>6.1f} MB"


if __name__ == "__main__":
    main()
