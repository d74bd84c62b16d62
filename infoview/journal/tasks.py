"""Markdown task items in a body: `- [ ] Send the deck due:2026-11-24`.

Also accepted: Obsidian Tasks' `📅 2026-11-24` for the due date and
`✅ 2026-11-25` for the day it was done. Items inside code fences are not
tasks.
"""

from __future__ import annotations

import re

from .diagnostics import Diagnostic, Span, error
from .fields import parse_when
from .model import CONTROL, FollowUpEntry
from .sections import offered_lines

_TASK = re.compile(r"^\s{0,8}(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s+(.*\S)\s*$")
_DUE = re.compile(r"(?:\bdue:\s*|📅\s*)(\S+)")
_DONE = re.compile(r"(?:\bdone:\s*|✅\s*)(\S+)")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def body_tasks(path: str, body: str, first_line: int) -> tuple[list[FollowUpEntry], list[Diagnostic]]:
    """Every task item in body; first_line is the body's line in the file."""
    if "[" not in body:
        return [], []
    tasks: list[FollowUpEntry] = []
    diags: list[Diagnostic] = []
    fence: str | None = None
    theirs = offered_lines(body)
    for offset, line in enumerate(body.split("\n")):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            fence = None if fence == marker else (fence or marker)
            continue
        match = None if fence or offset in theirs else _TASK.match(line)
        if match:
            number = first_line + offset
            tasks.append(_task(path, number, line, match, diags))
    return tasks, diags


def _task(path: str, number: int, line: str, match: re.Match[str], diags: list) -> FollowUpEntry:
    text = match.group(2)
    done = match.group(1) != " "
    due = _date(path, number, line, _DUE.search(text), diags)
    done_on = _date(path, number, line, _DONE.search(text), diags)
    clean = _DONE.sub("", _DUE.sub("", text)).strip()
    span = Span(path, number, line.index("[") + 1)
    control = CONTROL.search(line)
    if control:
        where = Span(path, number, control.start() + 1)
        diags.append(
            error(where, "E019", f"control character U+{ord(control.group()):04X} in a task; remove it")
        )
    return FollowUpEntry(clean or text, due, done or done_on is not None, done_on, span)


def _date(path: str, number: int, line: str, match: re.Match[str] | None, diags: list):
    if match is None:
        return None
    parsed = parse_when(match.group(1))
    if isinstance(parsed, str):
        col = line.find(match.group(1)) + 1
        diags.append(error(Span(path, number, col), "E010", f"invalid date '{match.group(1)}': {parsed}"))
        return None
    return parsed.date
