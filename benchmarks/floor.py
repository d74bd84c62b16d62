"""The floor the site build is measured against: the least work any build does.

Reads every record file, loads its front matter with PyYAML's C loader and
renders its body with markdown-it-py, in one process, writing nothing.

    python benchmarks/floor.py JOURNAL
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from markdown_it import MarkdownIt


def main(root: Path) -> int:
    md = MarkdownIt("commonmark")
    count = 0
    for folder in ("contacts", "interviews", "companies"):
        for path in sorted((root / folder).rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            _, front, body = text.split("---\n", 2)
            yaml.load(front, Loader=yaml.CSafeLoader)
            md.render(body)
            count += 1
    return count


if __name__ == "__main__":
    print(main(Path(sys.argv[1])))
