"""The parts of a note people write under the scaffold's headings: the
questions they prepared (`## Questions`), what they took away
(`## Takeaways`, or a line that starts `Takeaway:` anywhere), what the
other person offered to do (`## They offered`, or a line that starts
`Offered:`), and their reflection (`## Reflection`). Headings match in any case; a section runs
to the next heading of its level or above; code fences are not read."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+(.*\S)\s*$")
_TASK = re.compile(r"^\[[ xX]\]\s")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_MARKER = re.compile(r"^\s{0,3}(?:[-*+]\s+)?(?:\*\*)?takeaway:(?:\*\*)?\s*(.*\S)\s*$", re.IGNORECASE)
_OFFER_MARKER = re.compile(
    r"^\s{0,3}(?:[-*+]\s+)?(?:\[([ xX])\]\s+)?(?:\*\*)?offered:(?:\*\*)?\s*(.*\S)\s*$", re.IGNORECASE
)
_DATES = re.compile(r"\s*(?:\b(?:due|done):\s*|[📅✅]\s*)\d{4}-\d{1,2}-\d{1,2}\b")  # a task's dates
_TASK_STATE = re.compile(r"^\[([ xX])\]\s+(.*\S)$")

QUESTIONS = "questions"
TAKEAWAYS = "takeaways"
REFLECTION = "reflection"
OFFERED = ("they offered", "offered", "offers")  # a section's names, any of them
# What a new interview's Reflection section says until it is written: not a reflection.
REFLECTION_PROMPT = "_What did you learn, what surprised you, and what does it mean for your own decision?_"


@dataclass(frozen=True, slots=True)
class Item:
    """A list item under a heading, its continuation lines joined; `line` is
    where it starts in the file."""

    text: str
    line: int


def _lines(body: str) -> list[tuple[int, str]]:
    """(offset, line) of the body outside code fences."""
    found, fence = [], None
    for offset, line in enumerate(body.split("\n")):
        opened = _FENCE.match(line)
        if opened:
            fence = None if fence == opened.group(1) else (fence or opened.group(1))
            continue
        if fence is None:
            found.append((offset, line))
    return found


@dataclass(frozen=True, slots=True)
class Offer:
    """Something the other person offered to do; `done` once checked off
    (`- [x]`)."""

    text: str
    line: int
    done: bool


def section(body: str, name: str | tuple[str, ...]) -> list[tuple[int, str]]:
    """(offset, line) of what stands under the heading `name`, or any of
    the names (any level, any case)."""
    names = (name,) if isinstance(name, str) else name
    inside: int | None = None
    found: list[tuple[int, str]] = []
    for offset, line in _lines(body):
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            if inside is not None and level <= inside:
                inside = None
            if heading.group(2).strip().casefold() in names:
                inside = level
            continue
        if inside is not None:
            found.append((offset, line))
    return found


def items(body: str, name: str, first_line: int) -> list[Item]:
    """The list items under a heading, task items left out (they are
    follow-ups); first_line is the body's line in the file."""
    found: list[Item] = []
    for offset, line in section(body, name):
        item = _ITEM.match(line)
        if item and not _TASK.match(item.group(1)):
            found.append(Item(item.group(1), first_line + offset))
        elif found and line.startswith((" ", "\t")) and line.strip() and not item:
            last = found[-1]
            found[-1] = Item(f"{last.text} {line.strip()}", last.line)
    return found


def takeaways(body: str, first_line: int) -> list[Item]:
    """Items under `## Takeaways`, and every `Takeaway: …` line elsewhere."""
    found = items(body, TAKEAWAYS, first_line)
    inside = {item.line for item in found}
    for offset, line in _lines(body):
        marked = _MARKER.match(line)
        if marked and first_line + offset not in inside:
            found.append(Item(marked.group(1), first_line + offset))
    return sorted(found, key=lambda item: item.line)


def offers(body: str, first_line: int) -> list[Offer]:
    """Items under `## They offered` (a task item's box says whether it came),
    and every `Offered: …` line elsewhere."""
    if "ffer" not in body:
        return []
    found: list[Offer] = []
    for offset, line in section(body, OFFERED):
        item = _ITEM.match(line)
        if item:
            state = _TASK_STATE.match(item.group(1))
            text, done = (state.group(2), state.group(1) != " ") if state else (item.group(1), False)
            found.append(Offer(_DATES.sub("", text).strip() or text, first_line + offset, done))
    inside = {offer.line for offer in found}
    for offset, line in _lines(body):
        marked = _OFFER_MARKER.match(line)
        if marked and first_line + offset not in inside:
            text = _DATES.sub("", marked.group(2)).strip() or marked.group(2)
            found.append(Offer(text, first_line + offset, marked.group(1) not in (None, " ")))
    return sorted(found, key=lambda offer: offer.line)


def offered_lines(body: str) -> set[int]:
    """The offsets of the body's lines that say what the other person
    offered: their task items are theirs to do, not follow-ups of yours."""
    if "ffer" not in body:
        return set()
    lines = {offset for offset, _line in section(body, OFFERED)}
    return lines | {offset for offset, line in _lines(body) if _OFFER_MARKER.match(line)}


@dataclass(frozen=True, slots=True)
class Sections:
    """What an interview's notes say under these headings, read once with
    the file (and kept in the index), so that the question bank, what was
    learned and the briefs need not read every body again."""

    questions: tuple[Item, ...] = ()
    takeaways: tuple[Item, ...] = ()
    offers: tuple[Offer, ...] = ()
    reflection: str = ""

    # What the question bank and what was learned are made of, in short: whether
    # they changed is known from these, without the sections themselves.
    @property
    def questions_digest(self) -> str:
        return items_digest(self.questions)

    @property
    def takeaways_digest(self) -> str:
        return items_digest(self.takeaways)

    @property
    def has_reflection(self) -> bool:
        return bool(self.reflection.strip())


NO_SECTIONS = Sections()


def items_digest(items: tuple[Item, ...]) -> str:
    """A digest of the items' texts and lines; "" for none."""
    return hashlib.sha1(repr([(i.text, i.line) for i in items]).encode()).hexdigest()[:16] if items else ""


def read(body: str, first_line: int) -> Sections:
    """Every section of a body this module reads (%%comments%% are not read)."""
    if not body.strip():
        return NO_SECTIONS
    body = uncommented(body)
    found = Sections(
        tuple(items(body, QUESTIONS, first_line)), tuple(takeaways(body, first_line)),
        tuple(offers(body, first_line)), _reflection(body),
    )  # fmt: skip
    return NO_SECTIONS if found == NO_SECTIONS else found


def _reflection(body: str) -> str:
    text = text_of(body, REFLECTION)
    return "" if text.strip() == REFLECTION_PROMPT else text


# A code span (kept as written), or a comment: to its closing %%, or to the end.
_COMMENT = re.compile(r"(`+)(?:(?!\1).)+?\1|%%.*?(?:%%|\Z)", re.S)


def uncommented(body: str) -> str:
    """The body with Obsidian's %%comments%% blanked, line breaks kept so that
    every line stays where it was. Code (fenced, or a `span`) is not read for
    them; a comment never closed hides the rest of the note, as in Obsidian."""
    if "%%" not in body:
        return body
    lines = body.split("\n")
    kept = {offset for offset, _line in _lines(body)}
    parts: list[str] = []
    run: list[str] = []  # runs of lines outside fences, blanked together (a comment spans lines)
    unclosed = False

    def blank(match: re.Match[str]) -> str:
        nonlocal unclosed
        if match.group(1):
            return match.group()
        unclosed = unclosed or not match.group().endswith("%%") or len(match.group()) < 4
        return re.sub(r"[^\n]", "", match.group())

    def flush() -> None:
        if run:
            parts.append(_COMMENT.sub(blank, "\n".join(run)))
            run.clear()

    for offset, line in enumerate(lines):
        if unclosed:
            parts.append("")
        elif offset in kept:
            run.append(line)
        else:
            flush()
            parts.append("" if unclosed else line)
    flush()
    return "\n".join(parts)


def filled(body: str) -> str:
    """The body without its headings that nothing is written under (a new
    file's scaffold), blank lines at its ends trimmed."""
    kept: list[str] = []
    waiting: list[tuple[int, str]] = []  # headings not yet known to hold something: (level, line)
    fenced = {offset for offset, _line in _lines(body)}
    for offset, line in enumerate(body.split("\n")):
        heading = _HEADING.match(line) if offset in fenced else None
        if heading:
            level = len(heading.group(1))
            waiting = [(lv, text) for lv, text in waiting if lv < level] + [(level, line)]
        elif line.strip():
            if waiting and kept and kept[-1].strip():
                kept.append("")
            for _level, text in waiting:
                kept += [text, ""]
            kept.append(line)
            waiting = []
        elif kept and not waiting:
            kept.append(line)
    return "\n".join(kept).strip("\n")


def text_of(body: str, name: str) -> str:
    """The section's text as written, blank lines at its ends trimmed."""
    return "\n".join(line for _offset, line in section(body, name)).strip("\n")
