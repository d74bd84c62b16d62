"""Text as a reader sees it, and names and ids as they are compared: the same
whatever the Unicode normalisation, case, invisible characters, or kinds of
apostrophes and hyphens."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters that show nothing (a soft hyphen, a zero-width space, a
# direction mark, a tag or variation selector): a name with one inside reads
# as the name.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_SCRIPTS = re.compile("[\u00aa\u00b2\u00b3\u00b9\u00ba\u02b0-\u02b8\u02e0-\u02e4\u1d2c-\u1d6a\u1d78"
                      "\u1d9b-\u1dbf\u2070-\u209c\u2120\u2122\u3192-\u319f]")  # fmt: skip
# What reads as an apostrophe or a hyphen (compared as the plain ones).
APOSTROPHES = "'\u2018\u2019\u02bc\u02bb\uff07\u00b4\u0060"
HYPHENS = "\\-\u2010\u2011\u2012\u2013\u2212\ufe58\ufe63\uff0d"
# Each other apostrophe and hyphen, and the plain one it is read as.
_PLAIN = tuple((c, "'") for c in APOSTROPHES if c != "'") + tuple(
    (c, "-") for c in HYPHENS.replace("\\", "") if c != "-"
)


def visible(text: str) -> str:
    """Text as a reader sees it: compatibility-normalised (NFKC: composed as
    macOS does not, full-width letters as letters), without invisible characters."""
    if text.isascii():  # the common case, and already so
        return text
    # Looked for among the characters the text has beyond Latin-1's first ones
    # (typography, mostly: a few kinds): on a page, each of the two patterns
    # took longer than all else a reader's view of it takes.
    unusual = _unusual(text)
    if _SCRIPTS.search(unusual):  # a superscript, a ™ or an ª is a word of its own: "Bo Kim²" is "Bo Kim 2"
        text = _SCRIPTS.sub(lambda script: " " + script.group(0), text)
    normal = unicodedata.normalize("NFKC", text)
    if normal is not text:  # (the same text, where it was normalised already)
        unusual = _unusual(normal)
    return INVISIBLE.sub("", normal) if INVISIBLE.search(unusual) else normal


_UNUSUAL = re.compile("[^\x00-\xa9]")  # INVISIBLE and _SCRIPTS hold none below U+00AA


def _unusual(text: str) -> str:
    """Each character of text that INVISIBLE or _SCRIPTS may hold, once."""
    return "".join(set(_UNUSUAL.findall(text)))


def fold(text: str) -> str:
    """A name or id as compared: as visible, case-folded, with single spaces, and
    apostrophes and hyphens of every kind as the plain ones."""
    # (Names and ids are folded again and again, by every build of a live
    # preview: each is kept. A page's text is folded once.)
    return _fold_kept(text) if len(text) <= KEPT_LENGTH else _fold(text)


KEPT_LENGTH = 200


@lru_cache(maxsize=1 << 16)
def _fold_kept(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    return plain(" ".join(visible(text).casefold().split()))


def plain(text: str) -> str:
    """Apostrophes and hyphens of every kind as the plain ones."""
    if text.isascii():
        return text
    # (str.translate looks up every character of the text: fifty times slower on a page)
    for other, mark in _PLAIN:
        if other in text:
            text = text.replace(other, mark)
    return text
