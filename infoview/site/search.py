"""The offline search index: script files that add the records to one global.

A plain <script src> works from file:// where fetch() of a JSON file does
not. The data is JSON with '<', '>' and '&' escaped; the search script
renders results with textContent only. A big journal's index is split into
shards by a stable hash of each page's URL, so that editing one record
rewrites one small shard, not the whole index.
"""

from __future__ import annotations

import functools
import json
import zlib
from collections.abc import Iterable

from ..journal.markup import text_lines

MAX_TEXT = 4000


def plain_text(body_html: str) -> str:
    """The notes' text, a line a block (see entry_text)."""
    return text_lines(body_html)[:MAX_TEXT]


def entry(kind: str, title: str, url: str, detail: str, text: str, tags: Iterable[str]) -> dict:
    return {"k": kind, "t": title, "u": url, "d": detail, "x": text, "g": list(tags)}


PREFIX = "window.INFOVIEW_SEARCH = (window.INFOVIEW_SEARCH || []).concat("
SUFFIX = ");\n"
# Records per shard, on average: an edit rewrites its shard, and with notes of
# real length (an entry holds up to MAX_TEXT characters) a hundred are ~300 KB.
SHARD_SIZE = 100
MAX_SHARDS = 256


def shard_count(records: int) -> int:
    """A power of two, so that shards hold about SHARD_SIZE records each."""
    count = 1
    while count * SHARD_SIZE < records and count < MAX_SHARDS:
        count *= 2
    return count


@functools.lru_cache(maxsize=1 << 16)
def shard_of(url: str, count: int) -> int:
    return zlib.crc32(url.encode("utf-8")) % count


def shard_path(number: int) -> str:
    return f"search/{number}.js"


def is_shard(rel: str) -> bool:
    return rel.startswith("search/") and rel.endswith(".js")


def script(entries: list[dict]) -> bytes:
    data = json.dumps(entries, ensure_ascii=True, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"{PREFIX}{data}{SUFFIX}".encode("ascii")


def entries_of(script_text: str) -> list[dict]:
    """The entries a shard holds; ValueError if it is not one."""
    data = json.loads(script_text.removeprefix(PREFIX).rstrip().removesuffix(SUFFIX.rstrip()))
    if not isinstance(data, list):
        raise ValueError("not a list of entries")
    return data


def entry_text(entry: dict) -> str:
    """What an entry shows, as one string (for the leak check): a line each
    value and each block of the text, so that numbers in two (a table's
    years, an item's price and the next one's) are not read as one."""
    return "\n".join(" ".join(v) if isinstance(v, list) else str(v) for v in entry.values())
