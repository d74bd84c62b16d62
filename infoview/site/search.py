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
import re
import unicodedata
import zlib
from collections.abc import Iterable
from typing import NamedTuple

from ..journal.markup import text_lines

MAX_TEXT = 4000
# A longer "word" (an address) is searched by its parts, and pasted data by its
# start: what anyone would type of it.
MAX_WORD = 100
_PARTS = re.compile(r"[\W_]+")
# What is taken off a word's ends: it is found without them ("Kubernetes," as "Kubernetes").
_ENDS = "\"'()[]{}<>.,;:!?*_|`~\u2018\u2019\u201c\u201d\u2026\u2013\u2014"


class Text(NamedTuple):
    """What an entry holds of the notes: their text, a line a block (see
    entry_text), up to MAX_TEXT characters (what a result quotes); and, for
    longer notes, each word of the rest that the text does not hold already,
    a line each, so that a search finds every word of notes of any length
    without carrying all of them."""

    text: str
    more: str


def plain_text(body_html: str) -> Text:
    text = text_lines(body_html)
    if not text.isascii():  # (composed, as the page's search compares it: "é" marked as one letter)
        text = unicodedata.normalize("NFC", text)
    if len(text) <= MAX_TEXT:
        return Text(text, "")
    cut = _cut(text)
    head = text[:cut]
    folded_head, found, words = _folded(head), set(), []
    for each in dict.fromkeys(text[cut:].split()):  # (each once, in order)
        # A longer "word" (an address, pasted data) is searched by its parts.
        for word in (each,) if len(each) <= MAX_WORD else _PARTS.split(each):
            word = word.strip(_ENDS)[:MAX_WORD]
            key = _folded(word)
            # (a word the quoted text holds, as the search reads both, is found there)
            if key and key not in found and key not in folded_head:
                found.add(key)
                words.append(word)
    return Text(head, "\n".join(words))


def _cut(text: str) -> int:
    """Where the text quoted ends: after its last whole line (which the page
    has as it is), else between two words not both numbers, else at MAX_TEXT.
    Never inside a number or a run of them: a part of one (an ISBN's first
    digits, "2019 2020 2021 202") can read as a telephone number."""
    line = text.rfind("\n", 0, MAX_TEXT + 1)
    if line > MAX_TEXT // 2:
        return line
    at = MAX_TEXT + 1
    while (at := text.rfind(" ", 0, at)) > MAX_TEXT // 2:
        if not (text[at - 1].isdigit() and text[at + 1].isdigit()):
            return at
    return MAX_TEXT


def _folded(text: str) -> str:
    """Text as the search page compares it: lower case, without accents, an
    apostrophe of any kind as the plain one."""
    text = text.lower()
    if text.isascii():
        return text
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not "\u0300" <= c <= "\u036f")


def entry(kind: str, title: str, url: str, detail: str, text: Text, tags: Iterable[str]) -> dict:
    made = {"k": kind, "t": title, "u": url, "d": detail, "x": text.text, "g": list(tags)}
    if text.more:
        made["w"] = text.more
    return made


PREFIX = "window.INFOVIEW_SEARCH = (window.INFOVIEW_SEARCH || []).concat("
SUFFIX = ");\n"
# Records per shard, on average: an edit rewrites its shard, and with notes of
# real length (an entry holds up to MAX_TEXT characters, and the rest's words
# it does not hold) a hundred are ~300 KB.
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
