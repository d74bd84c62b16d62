"""The text of HTML as a reader sees it, and rewriting it in place.

Notes are rendered to HTML once (see notes.py); what the site must leave
out of them (a private name, an address under --redact) is taken out of
that HTML: out of the text between tags, where a name may be split by
inline tags (`<strong>Bo</strong> Kim`) and its letters written as
character references (`B&#111; Kim`), and out of links, whose addresses a
reader sees too.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Iterable
from urllib.parse import unquote

TAGS = re.compile(r"<[^>]+>")
_SPLIT = re.compile(r"(<[^>]*>)")
# The elements that make blocks (a paragraph, an item, a cell): their tags end
# a line of text. Any other tag is inside one, however raw HTML in notes writes
# it (<font>, <img>, <wbr>, <STRONG>): it separates nothing ("<a>Ana</a>." reads
# "Ana.", "Bo <font></font>Kim" reads "Bo Kim"). The names, lower case as notes'
# HTML writes them, first letter first (a tenth of the time of a plain list,
# on every page); a block's tag in capitals is read as inside a line, which can
# only join more text, never hide any.
_BLOCKS = (
    "a(?:ddress|rticle|side)|b(?:lockquote|ody|r)|c(?:aption|ol(?:group)?)|d(?:[dlt]|etails|ialog|iv)|"
    "f(?:ieldset|igcaption|igure|ooter|orm)|h(?:[1-6r]|ead(?:er)?|group|tml)|l(?:egend|i)|m(?:ain|enu)|nav|"
    "o(?:l|pt(?:group|ion))|p(?:re)?|s(?:ection|elect|ummary)|t(?:able|body|[dhr]|extarea|foot|head|itle)|ul"
)
INLINE = re.compile(rf"<!--.*?-->|</?(?!(?:{_BLOCKS})(?![\w-]))[a-zA-Z][\w-]*(?:\s[^>]*)?/?>", re.S)
BREAK = re.compile(r"<br\s*/?>", re.I)  # a line break within a paragraph: read as a space
# What a browser does not show of raw HTML between words: a style's text, a
# template. (A script in notes is shown as text: see notes.py.)
UNSHOWN = re.compile(r"<(style|template)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_UNSHOWN_OPENS = re.compile(r"<(style|template)\b", re.I)
# (raw HTML in notes may quote the address with ' or not at all, and write A HREF)
_LINK = re.compile(
    r"""<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))[^>]*>(.*?)</a>""", re.S | re.I
)

READ_ATTRIBUTES = ("href", "title", "src", "alt")  # the attributes whose values a reader sees
Spans = Callable[[str], Iterable[tuple[int, int]]]  # where in a text something must go


def strip_tags(markup: str, separator: str = " ") -> str:
    """The text of some HTML: tags out (inline ones without a trace, a line
    break as a space, the others as separator), entities decoded, white space
    folded."""
    return " ".join(_untagged(markup, separator).split())


def text_lines(markup: str) -> str:
    """The text of some HTML as strip_tags reads it, a line a block (a
    paragraph, an item, a cell): what two of them hold is not read as one."""
    blocks = _untagged(markup, "\x1f").split("\x1f")
    return "\n".join(line for line in (" ".join(block.split()) for block in blocks) if line)


def _untagged(markup: str, separator: str) -> str:
    if UNSHOWN.search(markup):
        markup = UNSHOWN.sub("", markup)
    return html.unescape(TAGS.sub(separator, INLINE.sub("", BREAK.sub(" ", markup))))


def address(value: str) -> str:
    """An attribute's value as a browser reads an address: references decoded,
    then %-escapes."""
    return unquote(html.unescape(value))


def attributes(markup: str, names: Iterable[str]) -> str:
    """The values of the markup's attributes of these names, as addresses
    read, one per line. (Every value is looked at, and its name after: a
    pattern that begins with the names is tried at every space of a page, and
    took three times as long.)"""
    wanted = tuple(names)
    values = []
    search, at = _VALUE.search, 0
    # Each value, and the next looked for from just inside it: a stray quote
    # does not hide the attribute after it.
    while (found := search(markup, at)) is not None:
        end = found.start()
        at = end + 2
        for name in wanted:
            start = end - len(name)
            if start > 0 and markup.startswith(name, start) and markup[start - 1].isspace():
                values.append(address(found.group(1)))
                break
    return "\n".join(values)


_VALUE = re.compile(r'="([^"]*)"')


def replace_attributes(markup: str, change: Callable[[str], str]) -> str:
    """The markup with the value (as read) of every attribute, quoted or not,
    put through change(); but the wiki-links' targets (data-wl), which are
    resolved later. (A link whose address holds something is best made its
    text first: unwrap_links.)"""

    def one(match: re.Match[str]) -> str:
        written = next(value for value in match.groups()[1:] if value is not None)
        value = html.unescape(written)
        changed = change(value)
        return match.group(0) if changed == value else f'{match.group(1)}"{html.escape(changed)}"'

    return _ATTRIBUTE.sub(one, markup)


_ATTRIBUTE = re.compile(r"""(\s(?!data-wl=)[\w:.-]+=)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")


def replace_comments(markup: str, change: Callable[[str], str]) -> str:
    """The markup with the text of its comments (raw HTML in notes may hold
    them: unseen, but in the page's file), references decoded, put through
    change(); a comment it leaves as it was is kept as written."""
    if "<!--" not in markup:
        return markup

    def one(match: re.Match[str]) -> str:
        text = html.unescape(match.group(1))
        changed = change(text)
        return match.group(0) if changed == text else f"<!--{html.escape(changed, quote=False)}-->"

    return _COMMENT.sub(one, markup)


_COMMENT = re.compile(r"<!--(.*?)-->", re.S)


def unwrap_links(markup: str, drop: Callable[[str], bool]) -> str:
    """The markup with the links whose address (as read) drop() refuses turned
    into their text."""
    if "<a" not in markup and "<A" not in markup:
        return markup

    def one(match: re.Match[str]) -> str:
        written = next(value for value in match.groups()[:3] if value is not None)
        return match.group(4) if drop(address(written)) else match.group(0)

    return _LINK.sub(one, markup)


def replace_text(
    markup: str, spans: Spans, replacement: str, normal: Callable[[str], str], whole: bool = False
) -> str:
    """The markup with each span that spans() finds in its text put in
    replacement's place. The text is read as a reader does: references
    decoded, made normal() (which must be the same again when applied twice),
    and, within a line, across inline tags (with whole, across every tag: a
    name or number written over two cells, items or paragraphs is still
    read); a span across tags is replaced in the first text it touches and
    taken out of the others. Only the texts that change are written anew
    (escaped)."""
    parts = _SPLIT.split(markup)
    runs: list[list[int]] = [[]]
    unshown: str | None = None  # the element a browser does not show the text of, while in it
    spaced: set[int] = set()  # texts after a line break: read after a space, as strip_tags reads them
    for n, part in enumerate(parts):
        if n % 2 == 0:
            if unshown is None:
                runs[-1].append(n)
        elif unshown is not None:
            if re.fullmatch(rf"</{unshown}\s*>", part, re.I):
                unshown = None
        elif opened := _UNSHOWN_OPENS.match(part):
            unshown = opened.group(1)
        elif BREAK.fullmatch(part):
            spaced.add(n + 1)
        elif not whole and not INLINE.fullmatch(part):
            runs.append([])
    for run in runs:
        texts = {n: normal(html.unescape(parts[n])) for n in run}
        joined = "".join((" " if n in spaced else "") + texts[n] for n in run)
        found = sorted(spans(joined), reverse=True)
        if not found:
            continue
        starts, at = [], 0
        for n in run:
            at += n in spaced
            starts.append(at)
            at += len(texts[n])
        for start, end in found:  # from the last: earlier offsets stay right
            # the texts it touches, from the one it starts in (by bisection: a
            # note may hold thousands of both)
            k = max(bisect.bisect_right(starts, start) - 1, 0)
            while k < len(run) and starts[k] < end:
                n, first = run[k], starts[k]
                last = first + len(texts[n])
                if last > start:
                    cut_from, cut_to = max(start, first) - first, min(end, last) - first
                    put = replacement if first <= start else ""
                    texts[n] = texts[n][:cut_from] + put + texts[n][cut_to:]
                k += 1
        for n in run:
            if texts[n] != normal(html.unescape(parts[n])):
                parts[n] = html.escape(texts[n], quote=False)
    return "".join(parts)


_HEADING = re.compile(r'<(h[1-6]) id="h-[^"]*">(.*?)</\1>', re.S)


def heading_id(heading: str) -> str:
    """The id a heading of the notes has on its page: made of its text as
    shown, so that `[[x#Heading]]` can link there."""
    from mdit_py_plugins.anchors.index import slugify

    return "h-" + slugify(heading)


def heading_ids(markup: str) -> str:
    """The markup with its headings' ids made again from their text as it now
    reads (after something was left out of it): an id never says more than
    its heading shows."""
    if 'id="h-' not in markup:
        return markup
    taken: dict[str, int] = {}

    def one(match: re.Match[str]) -> str:
        wanted = heading_id(strip_tags(match.group(2)))
        taken[wanted] = taken.get(wanted, 0) + 1
        unique = wanted if taken[wanted] == 1 else f"{wanted}-{taken[wanted] - 1}"
        return f'<{match.group(1)} id="{html.escape(unique, quote=True)}">{match.group(2)}</{match.group(1)}>'

    return _HEADING.sub(one, markup)
