"""Rows → text for people (table) and for scripts (json, csv).

A result is a list of column names and rows of plain values (str, int,
float, bool, None). JSON keeps the types; CSV and tables print them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

FORMATS = ("table", "json", "csv")
MAX_CELL = 60


# Styles for people's eyes, written as marks the terminal layer turns into
# colour on a terminal, and drops anywhere else (cli/terminal.py). They are
# private-use characters, so they never collide with control characters.
STYLE_START, STYLE_TEXT, STYLE_END = "\ue000", "\ue001", "\ue002"
STYLES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}


def paint(text: str, *styles: str) -> str:
    """text marked to be shown in styles (names of STYLES) where colour is on."""
    codes = ";".join(STYLES[s] for s in styles)
    return f"{STYLE_START}{codes}{STYLE_TEXT}{text}{STYLE_END}" if text else text


def render(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, width: int | None = None) -> str:
    """Rows as JSON, CSV, or a table for people (fitted to `width` columns of
    text, when it is given: a terminal's)."""
    if fmt == "json":
        return to_json(columns, rows)
    if fmt == "csv":
        return to_csv(columns, rows)
    return to_table(columns, rows, width)


def to_json(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    objects = [dict(zip(columns, row, strict=True)) for row in rows]
    return json.dumps(objects, indent=2, ensure_ascii=False, default=str) + "\n"


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """CSV; a text cell that a spreadsheet would take for a formula (it starts
    with =, +, -, @, a tab or a carriage return) starts with ' instead."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180
    writer.writerow(columns)
    writer.writerows([[_no_formula(v) for v in row] for row in rows])
    return buffer.getvalue()


def _no_formula(value: Any) -> str:
    text = _plain(value)
    if isinstance(value, str) and text[:1] in _FORMULA:
        return "'" + text
    return text


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _cell(value: Any) -> str:
    text = " ".join(_plain(value).split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def to_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], width: int | None = None) -> str:
    """A table for people; with width, the widest columns are cut (…) until
    the rows fit in that many characters."""
    if not rows:
        return "(no results)\n"
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    if width is not None:
        widths = _fitted(widths, width)
        cells = [[_cut(v, w) for v, w in zip(row, widths, strict=True)] for row in cells]
    head = [_cut(c, w) for c, w in zip(columns, widths, strict=True)]
    lines = [paint(_line(head, widths), "bold"), _line(["-" * w for w in widths], widths)]
    lines.extend(_line(row, widths) for row in cells)
    return "\n".join(lines) + "\n"


MIN_COLUMN = 10  # characters a column is not cut below (a date fits)


def _fitted(widths: list[int], width: int) -> list[int]:
    """Column widths whose table fits in width characters (two between
    columns), cutting the widest first. The first column (the id, which
    other commands take) is never cut, nor any below MIN_COLUMN: a table
    that cannot fit so is left wider, for the terminal to wrap."""
    widths = list(widths)
    floors = [w if n == 0 else min(w, MIN_COLUMN) for n, w in enumerate(widths)]
    while sum(widths) + 2 * (len(widths) - 1) > width:
        cuttable = [n for n in range(len(widths)) if widths[n] > floors[n]]
        if not cuttable:
            break
        widths[max(cuttable, key=widths.__getitem__)] -= 1
    return widths


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _line(values: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()
