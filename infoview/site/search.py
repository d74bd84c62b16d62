"""The offline search index: one script file that defines the records.

A plain <script src> works from file:// where fetch() of a JSON file does
not. The data is JSON with '<', '>' and '&' escaped, assigned to one global;
the search script renders results with textContent only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

_TAGS = re.compile(r"<[^>]+>")
MAX_TEXT = 4000


def strip_tags(markup: str, separator: str = " ") -> str:
    """The text of some HTML: tags out, entities decoded, white space folded."""
    import html

    return " ".join(html.unescape(_TAGS.sub(separator, markup)).split())


def plain_text(body_html: str) -> str:
    return strip_tags(body_html)[:MAX_TEXT]


def entry(kind: str, title: str, url: str, detail: str, text: str, tags: Iterable[str]) -> dict:
    return {"k": kind, "t": title, "u": url, "d": detail, "x": text, "g": list(tags)}


PREFIX = "window.INFOVIEW_SEARCH = "


def read_entries(path: Path) -> dict[str, dict]:
    """The entries of a previous build's index, by page URL ({} if unreadable)."""
    try:
        text = path.read_text(encoding="ascii")
        data = json.loads(text.removeprefix(PREFIX).rstrip().removesuffix(";"))
        return {entry["u"]: entry for entry in data if isinstance(entry, dict) and "u" in entry}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def script(entries: list[dict]) -> bytes:
    data = json.dumps(entries, ensure_ascii=True, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"{PREFIX}{data};\n".encode("ascii")
