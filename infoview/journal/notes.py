"""Markdown bodies → safe HTML.

CommonMark plus tables, strikethrough and task lists. Raw HTML is escaped
unless the journal's settings allow it. Links are only emitted for http,
https, mailto and tel URLs and for relative ones; anything else
(`javascript:`, `data:`, `vbscript:`, in any encoding) is shown as plain
text. Images are never loaded (no request may leave the page): an image
becomes a link to it. `[[id]]` and `[[id|label]]` wiki-links become
placeholders that the site resolves to relative links when it knows every
record, so a body is rendered once and reused on every build.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from enum import Enum
from functools import lru_cache
from typing import Any

from .markup import heading_id
from .sections import uncommented
from .tasks import DATE_MARKS

RENDER_VERSION = "6"  # the HTML notes are rendered to: another version renders them again
MAX_WIKILINK = 300
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+")
# No "[" inside, and short: on a line of "[[[[…" every try fails at once.
WIKILINK = re.compile(rf"\[\[([^\[\]\n]{{1,{MAX_WIKILINK}}})\]\]")
_PLACEHOLDER = re.compile(r'<a class="wikilink" data-wl="([^"]*)"(?: data-h="([^"]*)")?>(.*?)</a>', re.S)


def safe_url(url: str) -> str | None:
    """The URL if it is safe to emit as a link target, else None."""
    if not url:
        return None
    probe = _INVISIBLE.sub("", html.unescape(url))
    if probe.startswith("//"):
        return url  # protocol-relative: an ordinary web link
    match = _SCHEME.match(probe)
    if match is None:
        return url if ":" not in probe.split("/", 1)[0] else None
    return url if match.group(1).lower() in SAFE_SCHEMES else None


def _wikilink_rule(state: Any, silent: bool) -> bool:
    """[[target]], [[target|label]], [[target#heading]]; ![[target]] (an
    embed: shown as a link to what it embeds)."""
    src, pos = state.src, state.pos
    embed = src.startswith("![[", pos)
    if embed:
        pos += 1
    if not src.startswith("[[", pos):
        return False
    # A wiki-link is short and on one line: look no further than that, so a
    # text full of "[[" stays linear.
    end = src.find("]]", pos + 2, pos + 2 + MAX_WIKILINK)
    if end < 0 or end == pos + 2 or "\n" in src[pos + 2 : end] or "[" in src[pos + 2 : end]:
        return False  # "[[[x]]" is "[" and then [[x]], as wikilink_targets reads it
    if not silent:
        inner = src[pos + 2 : end]
        target, _, label = inner.partition("|")
        target, _, heading = target.partition("#")
        token = state.push("wikilink", "", 0)
        token.meta = {"target": target.strip(), "heading": heading.strip().lstrip("^"), "embed": embed,
                      "label": label.strip() or target.strip()}  # fmt: skip
    state.pos = end + 2
    return True


def _render_wikilink(self: Any, tokens: list, idx: int, options: Any, env: Any) -> str:
    meta = tokens[idx].meta
    target = html.escape(meta["target"], quote=True)
    heading = f' data-h="{html.escape(meta["heading"], quote=True)}"' if meta["heading"] else ""
    link = f'<a class="wikilink" data-wl="{target}"{heading}>{html.escape(meta["label"])}</a>'
    return f'<span class="embed" title="embedded">↪</span> {link}' if meta["embed"] else link


_CALLOUT = re.compile(r"^\[!([\w-]+)\]([+-]?)[ \t]*([^\n]*)\n?")


def _callout_rule(state: Any) -> None:
    """Obsidian's callouts: a quote that starts `[!note] Title` is an aside of
    that kind, its title (or its kind) in bold on the first line."""
    tokens = state.tokens
    for n, token in enumerate(tokens[:-2]):
        if token.type != "blockquote_open" or tokens[n + 1].type != "paragraph_open":
            continue
        inline = tokens[n + 2]
        found = _CALLOUT.match(inline.content)
        if found is None:
            continue
        kind = found.group(1).casefold()
        token.attrSet("class", f"callout callout-{kind}")
        title = found.group(3).strip() or kind.capitalize()
        rest = inline.content[found.end() :]
        inline.content = f"**{title}**" + (f"\\\n{rest}" if rest else "")


def _render_image(self: Any, tokens: list, idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    src = token.attrGet("src") or ""
    alt = self.renderInlineAsText(token.children or [], options, env) or "image"
    label = f"🖼 {html.escape(alt)}"
    if safe_url(src) is None:
        return f'<span class="image-link">{label}</span>'
    href = html.escape(src, quote=True)
    return f'<a class="image-link" href="{href}" rel="noopener noreferrer">{label}</a>'


def _render_link_open(self: Any, tokens: list, idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    token.attrSet("rel", "noopener noreferrer")
    return self.renderToken(tokens, idx, options, env)


@lru_cache(maxsize=2)
def _markdown(allow_html: bool) -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.anchors import anchors_plugin
    from mdit_py_plugins.tasklists import tasklists_plugin

    md = MarkdownIt("commonmark", {"html": allow_html, "typographer": True})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.use(tasklists_plugin)
    md.use(anchors_plugin, min_level=1, max_level=6, slug_func=heading_id)
    md.core.ruler.before("inline", "callout", _callout_rule)
    md.validateLink = lambda url: safe_url(url) is not None  # type: ignore[method-assign]
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.add_render_rule("wikilink", _render_wikilink)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("link_open", _render_link_open)
    return md


def render_markdown(body: str, allow_html: bool = False) -> str:
    """Body HTML with wiki-link placeholders (see resolve_wikilinks);
    Obsidian's %%comments%% are never rendered."""
    body = uncommented(body)
    if not body.strip():
        return ""
    body, defused = _defuse(body)
    rendered = _markdown(allow_html).render(body)
    rendered = rendered.translate(_RESTORE) if defused else rendered
    if allow_html and "<" in rendered:
        rendered = _SCRIPT.sub(r"&lt;\1", _unclosed(rendered))
    return _TASK_ITEM.sub(_dated, rendered) if 'class="task-list-item"' in rendered else rendered


# A script in raw HTML is shown as text, never run: the site's policy forbids
# scripts written in a page and from elsewhere, but lets in those beside the
# page (file:, which is where an open site's own are).
_SCRIPT = re.compile(r"<(/?script)", re.I)


def _unclosed(rendered: str) -> str:
    """Raw HTML with a comment or a tag that is never closed, its opening shown
    as text: it would hide the rest of the page in a browser, and make reading
    the page for what must not be on it take a time that grows with the
    square of its length."""
    closed = rendered.rfind("-->")
    tail = closed + 3 if closed >= 0 else 0
    if "<!--" in rendered[tail:]:
        rendered = rendered[:tail] + rendered[tail:].replace("<!--", "&lt;!--")
    tail = rendered.rfind(">") + 1
    return rendered[:tail] + rendered[tail:].replace("<", "&lt;") if "<" in rendered[tail:] else rendered


# A task item's dates, as the task syntaxes write them (due:2026-11-24;
# Obsidian Tasks' 📅 ⏳ 🛫 ✅ ❌ and heavy plus; Dataview's [due:: …]), shown as dates are
# elsewhere: "due 24 Nov 2026".
_TASK_ITEM = re.compile(r'<li class="task-list-item">.*?</li>', re.S)
_TASK_DATE = re.compile(
    rf"(?:\b(due|done):\s*|([{''.join(DATE_MARKS)}])\ufe0f?\s*"
    r"|[\[(](due|scheduled|start|created|completion|done|cancelled)::\s*)(\d{4}-\d{2}-\d{2})\b(?:\s*[\])])?"
)
_WRITTEN = {**DATE_MARKS, "completion": "done", "start": "start"}
_TASK_WORD = {written: "starts" if word == "start" else word for written, word in _WRITTEN.items()}


def _dated(item: re.Match[str]) -> str:
    def shown(match: re.Match[str]) -> str:
        written = match.group(1) or match.group(2) or match.group(3)
        word = _TASK_WORD.get(written, written)
        try:
            day = dt.date.fromisoformat(match.group(4))
        except ValueError:
            return match.group(0)
        return (f'<span class="task-{word}">{word} <time datetime="{day.isoformat()}">'
                f"{day.day} {day.strftime('%b')} {day.year}</time></span>")  # fmt: skip

    return _TASK_FIELD.sub(_field_shown, _TASK_DATE.sub(shown, item.group(0)))


# Dataview's other fields on a task, shown as words: "repeats every week".
_TASK_FIELD = re.compile(r"[\[(](repeat|priority)::\s*([^\])<]*?)\s*[\])]")


def _field_shown(match: re.Match[str]) -> str:
    word = "repeats" if match.group(1) == "repeat" else "priority"
    return f'<span class="task-{match.group(1)}">{word} {match.group(2)}</span>'


# markdown-it tries a link at every "[" (and an image at every "![", an
# entity at every "&", a tag at every "<"), which makes a line made of them
# slow: seconds for a few thousand. In a run of "[" only the last two can
# start a link ([x] or [[x]]); a long line that is mostly such characters is
# no prose, and is shown as written. Those characters stand in as others
# that markdown-it passes over, and are put back (escaped) in the HTML.
_RUN = re.compile(r"\[{16,}")
_SPECIAL = "[]()!<>&\\`*_~#|"
_STAND_IN = {char: chr(0xE000 + n) for n, char in enumerate(_SPECIAL)}  # private use
_TO_STAND_IN = {ord(char): stand_in for char, stand_in in _STAND_IN.items()}
_RESTORE = str.maketrans({ord(stand_in): html.escape(char) for char, stand_in in _STAND_IN.items()})
_DENSE = 2_000  # characters of a line from which its make-up is looked at


def _defuse(body: str) -> tuple[str, bool]:
    if "[" * 16 not in body and not any(len(line) > _DENSE for line in body.split("\n")):
        return body, False
    if any(stand_in in body for stand_in in _STAND_IN.values()):
        return body, False  # a note that holds them already: rendered as it is
    lines = body.split("\n")
    for n, line in enumerate(lines):
        if len(line) > _DENSE and sum(line.count(c) for c in _SPECIAL) * 2 > len(line):
            lines[n] = line.translate(_TO_STAND_IN)
        elif "[" * 16 in line:
            lines[n] = _RUN.sub(lambda run: _STAND_IN["["] * (len(run.group(0)) - 2) + "[[", line)
    return "\n".join(lines), True


class Hidden(Enum):
    """What a resolver says of a link to a record the page must not show."""

    HIDDEN = "hidden"


HIDDEN = Hidden.HIDDEN
PRIVATE_LINK = '<span class="wikilink private">[private]</span>'
Resolver = Callable[[str], "tuple[str, str] | Hidden | None"]


_WITHIN = " \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} "  # a note, then a heading in it


def resolve_wikilinks(body_html: str, resolve: Resolver) -> str:
    """Replace placeholders: resolve(target) gives (href, title), None for no such
    record, or HIDDEN for a record kept off the page (its name, id and the
    link's own text are all left out)."""
    if 'class="wikilink"' not in body_html:
        return body_html

    def replace(match: re.Match[str]) -> str:
        target = html.unescape(match.group(1))
        heading = html.unescape(match.group(2) or "")
        label = match.group(3)
        found = resolve(target)
        if found is HIDDEN:
            return PRIVATE_LINK
        if found is None:
            return f'<span class="wikilink missing" title="no such record">{label}</span>'
        href, title = found
        if html.unescape(label) == target:  # [[id]] without a label reads as the name (and the heading)
            label = html.escape(
                title + (f" \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} {heading}" if heading else "")
            )
        if heading:
            href += "#" + heading_id(heading)
        return (
            f'<a class="wikilink" href="{html.escape(href, quote=True)}" '
            f'title="{html.escape(title, quote=True)}">{label}</a>'
        )

    return _PLACEHOLDER.sub(replace, body_html)


def render_inline(text: str) -> str:
    """One line of notes (a question, a takeaway) as inline HTML, raw HTML
    escaped, wiki-links as placeholders (see resolve_wikilinks)."""
    if _plain(text):
        return text
    text, defused = _defuse(text)
    rendered = _markdown(False).renderInline(text)
    return rendered.translate(_RESTORE) if defused else rendered


# A line with none of what markdown (and its typographer) reads as markup is
# rendered as it is written: most questions and takeaways are such sentences,
# and a tag's page or the questions page shows thousands of them.
_MARKUP_CHARACTERS = frozenset("\\`*_~[]()<>&!|#'\"\n\r\t\0")
_REPLACED = re.compile(r"\.\.|--|\+-|,,|\?\?\?")


def _plain(text: str) -> bool:
    return _MARKUP_CHARACTERS.isdisjoint(text) and _REPLACED.search(text) is None


@lru_cache(maxsize=1 << 15)
def wikilink_targets(body: str) -> tuple[str, ...]:
    """The targets of [[...]] links in a markdown body (for backlinks). Remembered:
    a process that builds again and again asks about the same notes each time
    (bounded, since every saved version of a note is a new entry)."""
    found = []
    for inner in WIKILINK.findall(body):
        target = inner.partition("|")[0].split("#", 1)[0].strip()
        if target:
            found.append(target)
    return tuple(found)
