"""The last line of defence: no page may carry what the build promised to leave out.

Before anything is published, every file of the site is searched for the
names, ids, e-mail addresses, phone numbers and note text of withheld
records (private ones unless --include-private, and those left out for
errors) and, with --redact, for any e-mail address or phone number at all.
Finding one fails the build and leaves the previous site in place. Pages
are searched as the text a reader sees (tags removed, entities decoded), the
search index as the strings it holds, the calendar as unfolded, unescaped
text; names and ids as whole words, in any Unicode normalisation and case.

What must not appear is decided from the whole journal on its own, not from
the public view the pages were made from, so that a bug there cannot hide
itself. Text that a public record publishes on its own is public, though: a
secret that public text also holds (a namesake, a shared sentence, the
scaffold of a new note, a word of the site's own menus) is not one, and a
private name inside a longer public one ("Mary Ann" in "Mary Ann Evans") is
not found there.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from ..journal import markup
from ..journal.folding import fold, plain, visible
from ..journal.privacy import EMAIL
from .forbidden import _BLOCK, _DECODED_EMAIL, _REDACT, Secret, _normal
from .phones import PHONE, URL_NUMBER, phones_in
from .search import entries_of, entry_text, is_shard
from .words import bounded

# The geometry of a drawing (a chart's, the network's): '0 0 1270 178' is a
# view box, not a phone number.
_GEOMETRY = re.compile(r'\s(?:viewBox|d|points|transform|x[12]?|y[12]?|cx|cy|r|rx|ry|width|height)="[^"]*"')


class LeakError(Exception):
    """A file of the site holds something that must not be there."""


class LeakCheck:
    """Searches files for secrets; made before the workers fork, so they share it.

    All secrets are found in one pass over each file (an Aho-Corasick
    automaton), whole words only, folded: a private "Sam Lee" is in "SAM
    LEE" but not in "Sam Leeds", nor in a public "Sam Lee-Smith".
    source gives the file of the public record a page shows, to say where a
    find came from.
    """

    def __init__(
        self,
        found: list[Secret],
        redact: bool,
        source: Callable[[str], str | None] = lambda page: None,
        raw: bool = False,
        made: Any = None,
    ) -> None:
        self.redact = redact
        self.source = source
        # Notes may hold raw HTML (allow_html): then a page's comments and every
        # attribute are searched too, not only what a reader sees.
        self.raw = raw
        # (made: the automaton of a check made of the same secrets, by a build before)
        self.automaton = made if made is not None else automaton(found)
        self.has_secrets = len(self.automaton) > 0

    @property
    def active(self) -> bool:
        return self.has_secrets or self.redact

    def check(self, rel: str, data: bytes) -> None:
        if not self.active or rel.startswith("static/") or rel == "robots.txt":
            return
        html_page = rel.endswith(".html")
        # Elements apart (a chart's labels, table cells, paragraphs): a name is
        # not read across two of them, nor a number.
        text = readable(rel, data, separator=_BLOCK)
        self._scan(rel, text, text if self.redact and html_page else None)
        if html_page:
            raw = data.decode("utf-8", errors="replace")
            if self.raw:
                drawn = _GEOMETRY.sub(" ", raw)  # (a drawing's coordinates are no number anyone reads)
                inside = _normal(unquote(html.unescape(drawn)).replace("<", " | ").replace(">", " | "))
                self._scan(rel, inside, inside if self.redact else None)
            elif self.has_secrets:  # where links lead, and what their titles say
                self._scan(rel, _normal(markup.attributes(raw, markup.READ_ATTRIBUTES)), None)
            if self.redact:
                # Links' addresses as a browser reads them: references decoded, then %-escapes.
                self._scan_addresses(rel, unquote(html.unescape(raw)), markup=True)

    def check_text(self, rel: str, text: str) -> None:
        """Check text as read out of file rel, a line at a time, as pages are
        read element by element (see search.entry_text)."""
        if self.active:
            lines = _lines(text)
            self._scan(rel, lines, lines if self.redact else None)

    def _scan(self, rel: str, text: str, pieces: str | None) -> None:
        """text is normalised; pieces keeps elements apart (for numbers), when redacting."""
        if self.has_secrets and "%" in text and unquote(text) != text:
            self._scan(rel, _normal(unquote(text)), None)  # read as a pasted address would be too
        if self.has_secrets:
            folded = plain(visible(text).casefold())  # fold(), but the white space is single already
            if "  " in folded:  # an invisible character between spaces was taken out
                folded = _normal(folded)
            shielded: list[tuple[int, int]] = []
            finds: list[tuple[int, int, str, str]] = []
            for end, (word, what, shown, shield) in self.automaton.iter(folded):
                start = end - len(word) + 1
                if not bounded(folded, start, end):
                    continue
                if shield:
                    shielded.append((start, end))
                else:
                    finds.append((start, end, what, shown))
            for start, end, what, shown in finds:
                if not any(s <= start and end <= e for s, e in shielded):
                    raise LeakError(f"{rel} contains {what}: '{shown}'. {self._advice(rel)}")
        if self.redact:
            self._scan_addresses(rel, text, pieces)

    def _scan_addresses(self, rel: str, text: str, pieces: str | None = None, markup: bool = False) -> None:
        """Any e-mail address or phone number (with --redact). In markup (a page's
        HTML, decoded as an address would be), the addresses of links too."""
        # Markup is read decoded once, as a browser does: a %40 left is what it shows.
        email = (_DECODED_EMAIL if markup else EMAIL).search(text)
        if email:
            raise LeakError(
                f"{rel} contains an e-mail address although --redact: '{email.group(0)}'. {_REDACT}"
            )
        patterns = ((URL_NUMBER, text),) if markup else ((PHONE, pieces if pieces is not None else text),
                                                          (URL_NUMBER, text))  # fmt: skip
        for pattern, where in patterns:
            # Numbers in neighbouring elements (chart labels, table cells) are not one number.
            for phone in pattern.finditer(where):
                if phones_in(phone.group(0)):
                    raise LeakError(
                        f"{rel} contains a phone number although --redact: '{phone.group(0)}'. {_REDACT}"
                    )

    def _advice(self, rel: str) -> str:
        source = self.source(rel)
        if source is not None:
            return (f"The page shows {source}, a public record: remove the text from it or mark it "
                    "private too (or build with --include-private to publish private records).")  # fmt: skip
        return ("No public record holds the text: if the journal has templates of its own (templates/), "
                "look there; otherwise it is a bug in infoview, please report it.")  # fmt: skip


def automaton(found: list[Secret]) -> Any:
    """Every secret's folded text, and the public texts that shield one, in one automaton."""
    import ahocorasick

    made = ahocorasick.Automaton()
    for secret in found:
        text = fold(secret.text)
        if text and text not in made:
            made.add_word(text, (text, secret.what, secret.text, False))
        for shield in secret.shields:
            if shield not in made:
                made.add_word(shield, (shield, "", shield, True))
    if len(made) > 0:
        made.make_automaton()
    return made


def readable(rel: str, data: bytes, separator: str = " ") -> str:
    """The file as text a person (or a program) would read out of it."""
    raw = data.decode("utf-8", errors="replace")
    if rel.endswith(".html"):
        return markup.strip_tags(raw, separator)
    if is_shard(rel):
        try:
            entries = entries_of(raw)
        except ValueError:
            return _normal(raw)
        return _lines("\n".join(map(entry_text, entries)))  # (as check_text reads them)
    if rel.endswith(".ics"):
        unfolded = raw.replace("\r\n ", "").replace("\\n", " ")
        unescaped = re.sub(r"\\([\\;,])", r"\1", unfolded)
        # UIDs are hashes at a made-up domain: not addresses of anyone.
        return _normal(re.sub(r"(?m)^UID:.*$", "", unescaped))
    return _normal(raw)


def _lines(text: str) -> str:
    """Text a line at a time, each with its white space folded."""
    return _BLOCK.join(map(_normal, text.splitlines()))
