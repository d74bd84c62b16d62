"""Bursty edits under `infoview watch` for a while: does the preview ever stall?

    python benchmarks/watch_soak.py JOURNAL [--minutes 60] [--seed 1]

Runs the real command on a free port on a copy of JOURNAL, then, until the
time is up, makes bursts of edits (notes appended, new talks, a field
changed, a file removed), a burst every 0.2 to 3 seconds, and after each asks
for the dashboard. Reports the bursts, the builds watch logged, the slowest
answer, and every traceback or stall (no answer within 60 seconds); exits 1
if there was any.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("journal", type=Path)
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = Path(tempfile.mkdtemp()) / "journal"
    shutil.copytree(args.journal, root, ignore=shutil.ignore_patterns("_site", ".infoview"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "infoview", "-j", str(root), "watch", "--port", "0", "--today", "2026-11-21"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(proc.stderr), daemon=True).start()
    problems: list[str] = []
    slowest = 0.0
    bursts = 0
    try:
        match = re.search(r"at (http://\S+)", proc.stdout.readline())
        assert match, "watch did not start"
        url = match.group(1)
        contacts = sorted(p.stem for p in (root / "contacts").rglob("*.md"))
        end = time.monotonic() + args.minutes * 60
        while time.monotonic() < end:
            burst(root, rng, contacts, bursts)
            bursts += 1
            time.sleep(rng.uniform(0.2, 3.0))
            start = time.monotonic()
            try:
                with urllib.request.urlopen(url, timeout=60) as page:
                    page.read()
            except OSError as exc:
                problems.append(f"burst {bursts}: no answer ({exc})")
            slowest = max(slowest, time.monotonic() - start)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    text = "".join(log)
    problems += [f"traceback: {line}" for line in text.splitlines() if "Traceback" in line]
    builds = len(re.findall(r"built in|problems? in the journal", text))
    print(f"{bursts} bursts, {builds} builds, slowest answer {slowest:.2f} s, {len(problems)} problems")
    for problem in problems:
        print(problem)
    sys.exit(1 if problems else 0)


def burst(root: Path, rng: random.Random, contacts: list[str], n: int) -> None:
    """A few saves close together, as an editor and a sync client make them."""
    notes = sorted((root / "interviews").rglob("*.md"))
    for note in rng.sample(notes, min(len(notes), rng.randint(1, 8))):
        with note.open("a", encoding="utf-8") as handle:
            handle.write(f"\nSoak edit {n}.\n")
    choice = rng.random()
    if choice < 0.3:
        who = rng.choice(contacts)
        (root / f"interviews/soak-{n}-{who}.md").write_text(
            f"---\ncontact: {who}\ndate: 2026-12-01\n---\nNew talk.\n", encoding="utf-8"
        )
    elif choice < 0.4:
        made = sorted((root / "interviews").glob("soak-*.md"))
        if made:
            rng.choice(made).unlink()
    elif choice < 0.5:
        note = rng.choice(notes)
        text = note.read_text(encoding="utf-8")
        note.write_text(text.replace("---\n", "---\ntags: [soak]\n", 1), encoding="utf-8")


if __name__ == "__main__":
    main()
