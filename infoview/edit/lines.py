"""Edits to a record file that touch only the lines they must.

Each function takes a file's text and returns the new text with the lines it
changed: every other byte stays as it was (line endings, comments, key order,
quoting). Positions come from the front matter as parsed (frontmatter.py),
so an edit lands on the value it means even where the file is laid out by
hand. What cannot be changed in one line (a value written over several
lines, a flow mapping) is refused with EditError, never guessed at.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..journal.frontmatter import SourceDoc, parse


class EditError(Exception):
    """The change cannot be made to the file as it is written; the message says why."""


@dataclass(frozen=True, slots=True)
class Changed:
    """One line changed: its number after the edit, what it held (None for a
    new line) and what it holds now."""

    line: int
    before: str | None
    after: str


_BY_HAND = "change it by hand"
_NEWLINE = re.compile(r"\r\n|\r|\n")
_COMMENT = re.compile(r"\s+#.*$")


class Lines:
    """A file's text as lines, each with its own line ending."""

    def __init__(self, text: str) -> None:
        parts = _NEWLINE.split(text)
        self.ends = _NEWLINE.findall(text)
        self.lines = parts
        self.newline = self.ends[0] if self.ends else "\n"

    def text(self) -> str:
        out = []
        for n, line in enumerate(self.lines):
            out.append(line)
            if n < len(self.ends):
                out.append(self.ends[n])
        return "".join(out)

    def replace(self, number: int, line: str) -> Changed:
        before = self.lines[number - 1]
        self.lines[number - 1] = line
        return Changed(number, before, line)

    def insert(self, number: int, line: str) -> Changed:
        """A new line at `number` (1-based); the lines from there move down."""
        self.lines.insert(number - 1, line)
        self.ends.insert(min(number - 1, len(self.ends)), self.newline)
        return Changed(number, None, line)


def _doc(path: str, text: str) -> SourceDoc:
    doc = parse(path, text)
    if doc.data is None:
        problem = doc.diagnostics[0].message if doc.diagnostics else "no front matter"
        raise EditError(f"{path} cannot be changed until its front matter is mended: {problem}")
    return doc


def _closing(doc: SourceDoc) -> int:
    """The line of the front matter's closing '---'."""
    return doc.body_line - 1


def _single_line(doc: SourceDoc, path: tuple[str | int, ...], lines: Lines) -> int:
    """The line of the scalar at path, if it is written on one line."""
    key = doc.key_locs[path]
    value = doc.value_locs.get(path)
    line = lines.lines[key.line - 1]
    rest = line[value.col - 1 :] if value and value.line == key.line else ""
    if (value is not None and value.line != key.line) or rest.lstrip().startswith(("|", ">")):
        raise EditError(
            f"{doc.path}:{key.line}: '{path[-1]}' is written over several lines; change it by hand"
        )
    return key.line


def _with_value(line: str, value_col: int | None, key_end: int, value: str) -> str:
    """The line with its value replaced, its key and any comment kept."""
    start = value_col - 1 if value_col is not None else key_end
    comment = _COMMENT.search(line[start:])
    tail = comment.group(0) if comment else ""
    head = line[:start].rstrip()
    return f"{head} {value}{tail}" if head.endswith(":") else f"{head}{value}{tail}"


def set_field(path: str, text: str, key: str, value: str) -> tuple[str, Changed]:
    """`key: value` at the top of the front matter: the line that holds the key
    changed in place, or a new line at the end of the front matter."""
    doc, lines = _doc(path, text), Lines(text)
    if (key,) not in doc.key_locs:
        return lines_text(lines, lines.insert(_closing(doc), f"{key}: {value}"))
    if isinstance(doc.data.get(key) if doc.data else None, dict | list):
        raise EditError(
            f"{path}:{doc.key_locs[(key,)].line}: '{key}' holds a list or a map; change it by hand"
        )
    number = _single_line(doc, (key,), lines)
    line = lines.lines[number - 1]
    value_loc = doc.value_locs.get((key,))
    key_end = line.index(":", doc.key_locs[(key,)].col - 1) + 1
    col = value_loc.col if value_loc and doc.data and doc.data.get(key) is not None else None
    return lines_text(lines, lines.replace(number, _with_value(line, col, key_end, value)))


def remove_field(path: str, text: str, key: str) -> tuple[str, Changed]:
    """The line of a one-line `key: value` at the top of the front matter, gone."""
    doc, lines = _doc(path, text), Lines(text)
    if (key,) not in doc.key_locs:
        return text, Changed(0, "", "")
    number = _single_line(doc, (key,), lines)
    before = lines.lines.pop(number - 1)
    lines.ends.pop(number - 1)
    return lines.text(), Changed(number, before, "")


def add_to_list(path: str, text: str, key: str, item: str) -> tuple[str, Changed]:
    """item appended to the list at `key`, written the way the list is (flow
    `[a, b]` or one `- item` per line); a new `key: [item]` if there is none."""
    doc, lines = _doc(path, text), Lines(text)
    current = doc.data.get(key) if doc.data else None
    if (key,) not in doc.key_locs:
        return lines_text(lines, lines.insert(_closing(doc), f"{key}: [{item}]"))
    number = doc.key_locs[(key,)].line
    line = lines.lines[number - 1]
    if current is None:
        return lines_text(
            lines, lines.replace(number, _with_value(line, None, line.index(":") + 1, f"[{item}]"))
        )
    if not isinstance(current, list):
        raise EditError(f"{path}:{number}: '{key}' is not a list; {_BY_HAND}")
    if not current or doc.value_locs[(key, 0)].line == number:  # a flow list on the key's line
        body = _COMMENT.sub("", line).rstrip()
        if not body.endswith("]"):
            raise EditError(
                f"{path}:{number}: the list '{key}' goes on over several lines; change it by hand"
            )
        comment = line[len(body) :]
        inner = body[: body.rindex("[") + 1]
        joined = f"{body[:-1]}{item}]" if body[len(inner) :].strip() == "]" else f"{body[:-1]}, {item}]"
        return lines_text(lines, lines.replace(number, joined + comment))
    last = max(loc.line for p, loc in doc.value_locs.items() if len(p) >= 2 and p[0] == key)
    first_item = lines.lines[doc.value_locs[(key, 0)].line - 1]
    dash = first_item[: first_item.index("-") + 1]
    after = first_item[len(dash) :]
    gap = after[: len(after) - len(after.lstrip())] or " "
    return lines_text(lines, lines.insert(last + 1, f"{dash}{gap}{item}"))


def set_in_item(path: str, text: str, key: str, index: int, field: str, value: str) -> tuple[str, Changed]:
    """`field: value` in the index-th mapping of the list at `key` (a follow-up
    of `follow_ups:`): its line changed in place, or a new line at the end of
    the item, indented like its other fields."""
    doc, lines = _doc(path, text), Lines(text)
    item = doc.value_locs.get((key, index))
    if item is None or not isinstance(doc.data and doc.data[key][index], dict):
        raise EditError(f"{path}: no item {index + 1} in '{key}'")
    if lines.lines[item.line - 1][item.col - 1 :].lstrip().startswith("{"):
        raise EditError(f"{path}:{item.line}: this item is written on one line as {{…}}; {_BY_HAND}")
    where = (key, index, field)
    if where in doc.key_locs:
        number = _single_line(doc, where, lines)
        line = lines.lines[number - 1]
        key_end = line.index(":", doc.key_locs[where].col - 1) + 1
        loc = doc.value_locs.get(where)
        col = loc.col if loc and doc.data and doc.data[key][index].get(field) is not None else None
        return lines_text(lines, lines.replace(number, _with_value(line, col, key_end, value)))
    fields = [loc for p, loc in doc.key_locs.items() if len(p) == 3 and p[:2] == (key, index)]
    indent = " " * (min(loc.col for loc in fields) - 1)
    last = max(loc.line for p, loc in doc.value_locs.items() if len(p) >= 3 and p[:2] == (key, index))
    return lines_text(lines, lines.insert(last + 1, f"{indent}{field}: {value}"))


_TASK_BOX = re.compile(r"\[ \]")
_TRAILING = re.compile(r"\s*$")


def check_task(path: str, text: str, number: int, mark: str) -> tuple[str, Changed]:
    """The task item on line `number` ticked (`- [x]`), with `mark` (the day it
    was done, as the item writes dates) at its end."""
    lines = Lines(text)
    line = lines.lines[number - 1] if 0 < number <= len(lines.lines) else ""
    box = _TASK_BOX.search(line)
    if box is None:
        raise EditError(f"{path}:{number}: no open task item '- [ ]' on this line (was the file changed?)")
    ticked = line[: box.start()] + "[x]" + line[box.end() :]
    end = _TRAILING.search(ticked)
    at = end.start() if end else len(ticked)
    return lines_text(lines, lines.replace(number, f"{ticked[:at]} {mark}{ticked[at:]}"))


def lines_text(lines: Lines, changed: Changed) -> tuple[str, Changed]:
    return lines.text(), changed


_BOX = re.compile(r"\[[ xX\-]\]")
_DUE_VALUE = re.compile(r"(\bdue:\s*|📅\ufe0f?\s*|[\[(]\s*due::\s*)\d{4}-\d{1,2}-\d{1,2}")
_SCHEDULED_VALUE = re.compile(r"(⏳\ufe0f?\s*|[\[(]\s*scheduled::\s*)\d{4}-\d{1,2}-\d{1,2}")
_DONE_MARK = re.compile(r"\s*(?:\bdone:\s*\S+|✅\ufe0f?\s*\S+|[\[(]\s*completion::[^\])]*[\])])")


def add_occurrence(path: str, text: str, number: int, due: dt.date, mark: str | None) -> tuple[str, Changed]:
    """A recurring task's occurrence due on `due`, written as the task on line
    `number` is, on a new line above it: open, or done with `mark`."""
    lines = Lines(text)
    line = lines.lines[number - 1] if 0 < number <= len(lines.lines) else ""
    dated = (
        _DUE_VALUE if _DUE_VALUE.search(line) else _SCHEDULED_VALUE
    )  # the due date, else the scheduled one
    if _BOX.search(line) is None or dated.search(line) is None:
        raise EditError(
            f"{path}:{number}: no recurring task with a due date on this line (was the file changed?)"
        )
    fresh = _DONE_MARK.sub("", _BOX.sub("[x]" if mark else "[ ]", line, count=1))
    fresh = dated.sub(lambda m: m.group(1) + due.isoformat(), fresh, count=1).rstrip()
    return lines_text(lines, lines.insert(number, f"{fresh} {mark}" if mark else fresh))
