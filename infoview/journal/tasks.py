"""Markdown task items in a body: `- [ ] Send the deck due:2026-11-24`.

Obsidian's ways of writing a task are read too, and none of their marks is
left in the task's text:

- Tasks' emoji: 📅 due, ⏳ scheduled (the due date when there is no 📅),
  🛫 start, a heavy plus sign created, ✅ done, ❌ cancelled (closed, as done), the
  priorities 🔺 ⏫ 🔼 🔽 ⏬, and 🔁 recurrence (`🔁 every 2 weeks`,
  `every month when done`);
- Dataview's inline fields: `[due:: 2026-11-29]`, `(scheduled:: …)`,
  `[completion:: …]`, `[cancelled:: …]`, `[repeat:: every week]`, …

A done task that recurs, and whose next occurrence is not written below it
yet (Tasks writes one when it is checked off in Obsidian), gives that next
occurrence, due a period after its due date (or after the day it was done,
`when done`). Items inside code fences and %%comments%%, and the items of
a `## They offered` section, are not tasks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from .diagnostics import Diagnostic, Span, error
from .fields import parse_when
from .model import CONTROL, Cadence, FollowUpEntry
from .sections import offered_lines, uncommented

_TASK = re.compile(r"^\s{0,8}(?:[-*+]|\d+[.)])\s+\[([ xX\-])\]\s+(.*\S)\s*$")
_CREATED = "\N{HEAVY PLUS SIGN}"  # Tasks' mark for the day a task was made
# Obsidian Tasks' marks before a date, and what each date is.
DATE_MARKS = {
    "📅": "due",
    "⏳": "scheduled",
    "🛫": "start",
    _CREATED: "created",
    "✅": "done",
    "❌": "cancelled",
}
DATE_MARKS = DATE_MARKS
_FIELD = {"due": "due", "scheduled": "scheduled", "start": "start", "created": "created",
          "completion": "done", "done": "done", "cancelled": "cancelled"}  # fmt: skip
_MARKS = "".join(DATE_MARKS) + "🔺⏫🔼🔽⏬"
TASKS_MARKS = _MARKS + "🔁"  # any of them: a line written the way Obsidian Tasks writes
_DATES = re.compile(
    r"(?:\b(due|done):\s*(\S+)"  # infoview's own
    rf"|([{''.join(DATE_MARKS)}])\ufe0f?\s*(\S+)"  # Tasks' emoji
    r"|[\[(]\s*(due|scheduled|start|created|completion|done|cancelled)::\s*([^\])]*?)\s*[\])])"  # Dataview
)
_PRIORITY = re.compile(r"\s*(?:[🔺⏫🔼🔽⏬]\ufe0f?|[\[(]\s*priority::[^\])]*[\])])")
_REPEAT = re.compile(rf"(?:🔁\ufe0f?\s*([^{_MARKS}\[(]*[^\s{_MARKS}\[(])"
                     r"|[\[(]\s*repeat::\s*([^\])]*?)\s*[\])])")  # fmt: skip
_EVERY = re.compile(r"every\s+(?:(\d+)\s+)?(day|week|month|year)s?(\s+when\s+done)?$", re.IGNORECASE)
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def body_tasks(path: str, body: str, first_line: int) -> tuple[list[FollowUpEntry], list[Diagnostic]]:
    """Every task item in body; first_line is the body's line in the file."""
    if "[" not in body:
        return [], []
    tasks: list[FollowUpEntry] = []
    repeats: list[tuple[FollowUpEntry, str]] = []
    diags: list[Diagnostic] = []
    fence: str | None = None
    text = uncommented(body)
    theirs = offered_lines(text)
    for offset, line in enumerate(text.split("\n")):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            fence = None if fence == marker else (fence or marker)
            continue
        match = None if fence or offset in theirs else _TASK.match(line)
        if match:
            task, repeat = _task(path, first_line + offset, line, match, diags)
            tasks.append(task)
            if repeat:
                repeats.append((task, repeat))
    return tasks + _next_occurrences(tasks, repeats), diags


def _task(
    path: str, number: int, line: str, match: re.Match[str], diags: list
) -> tuple[FollowUpEntry, str | None]:
    text = match.group(2)
    dates: dict[str, dt.date | None] = {}
    for found in _DATES.finditer(text):
        word = found.group(1) or DATE_MARKS.get(found.group(3) or "") or _FIELD[found.group(5) or "due"]
        value = found.group(2) or found.group(4) or found.group(6)
        dates[word] = _date(path, number, line, value, diags)
    repeat = _REPEAT.search(text)
    clean = _PRIORITY.sub("", _REPEAT.sub("", _DATES.sub("", text)))
    clean = " ".join(clean.split())
    span = Span(path, number, line.index("[") + 1)
    control = CONTROL.search(line)
    if control:
        where = Span(path, number, control.start() + 1)
        message = f"control character U+{ord(control.group()):04X} in a task; remove it"
        diags.append(error(where, "E019", message))
    closed = match.group(1) != " " or dates.get("done") is not None or dates.get("cancelled") is not None
    done_on = dates.get("done") or dates.get("cancelled")
    due = dates.get("due") or dates.get("scheduled")
    every = (repeat.group(1) or repeat.group(2)).strip() if repeat else None
    return FollowUpEntry(clean or text, due, closed, done_on, span), every


def _date(path: str, number: int, line: str, value: str, diags: list) -> dt.date | None:
    parsed = parse_when(value)
    if isinstance(parsed, str):
        col = line.find(value) + 1
        diags.append(error(Span(path, number, col), "E010", f"invalid date '{value}': {parsed}"))
        return None
    return parsed.date


def _next_occurrences(
    tasks: list[FollowUpEntry], repeats: list[tuple[FollowUpEntry, str]]
) -> list[FollowUpEntry]:
    """The next occurrence of each recurring task after its last one done,
    unless an open task with its text is written already."""
    latest: dict[str, tuple[FollowUpEntry, str]] = {}  # the last occurrence done, by text
    for task, every in repeats:
        known = latest.get(task.text)
        when = task.due or task.done_on or dt.date.min
        if task.done and (known is None or when >= (known[0].due or known[0].done_on or dt.date.min)):
            latest[task.text] = (task, every)
    found = []
    for text, (task, every) in latest.items():
        if not any(t.text == text and not t.done for t in tasks):
            due = next_due(every, task.due, task.done_on)
            if due is not None:
                found.append(replace(task, due=due, done=False, done_on=None))
    return found


def next_due(every: str, due: dt.date | None, done_on: dt.date | None) -> dt.date | None:
    """When a task recurring `every` (`every 2 weeks`, `every month when done`) is next due."""
    rule = _EVERY.search(every.strip())
    start = (done_on or due) if rule and rule.group(3) else (due or done_on)
    if rule is None or start is None:
        return None
    return Cadence(int(rule.group(1) or 1), rule.group(2).casefold()[0]).after(start)


def repeat_of(line: str) -> str | None:
    """The recurrence a task line writes, if any (`every week`)."""
    found = _REPEAT.search(line)
    return (found.group(1) or found.group(2)).strip() if found else None
