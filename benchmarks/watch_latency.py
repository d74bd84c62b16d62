"""Time from saving one interview file to the reload event, with `infoview watch` running.

    python benchmarks/watch_latency.py JOURNAL [--runs 7]

Starts the real command on a free port, listens to its event stream like a
browser tab does, then appends a line to one interview file and measures
until the stream announces the new build. Reports the median.
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("journal", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    files = sorted((args.journal / "interviews").rglob("*.md"))
    target = files[len(files) // 2]
    original = target.read_text()
    proc = subprocess.Popen(
        [sys.executable, "-m", "infoview", "-j", str(args.journal), "watch", "--port", "0",
         "--today", "2026-11-21"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        match = re.search(r"http://([\d.]+):(\d+)/", proc.stdout.readline())
        assert match, "watch did not start"
        host, port = match.group(1), int(match.group(2))
        events: list[tuple[float, str]] = []
        ready = threading.Event()

        def listen() -> None:
            conn = http.client.HTTPConnection(host, port, timeout=600)
            conn.request("GET", "/__infoview/events")
            response = conn.getresponse()
            for raw in response:
                line = raw.decode().strip()
                if line.startswith("data:"):
                    events.append((time.perf_counter(), line[5:].strip()))
                    if int(line[5:]) >= 1:  # epoch 0 is sent at once, before the first build ends
                        ready.set()

        threading.Thread(target=listen, daemon=True).start()
        ready.wait(600)  # the first build has finished
        time.sleep(1)
        samples = []
        for n in range(args.runs):
            seen = len(events)
            start = time.perf_counter()
            target.write_text(original + f"\nEdit {n}.\n")
            while len(events) == seen:
                time.sleep(0.001)
            samples.append(events[-1][0] - start)
            time.sleep(0.5)
        print(f"save → reload event: median {statistics.median(samples) * 1000:.0f} ms "
              f"(min {min(samples) * 1000:.0f}, max {max(samples) * 1000:.0f}, {args.runs} runs)")  # fmt: skip
    finally:
        target.write_text(original)
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
