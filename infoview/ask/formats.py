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


def render(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> str:
    if fmt == "json":
        return to_json(columns, rows)
    if fmt == "csv":
        return to_csv(columns, rows)
    return to_table(columns, rows)


def to_json(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    objects = [dict(zip(columns, row, strict=True)) for row in rows]
    return json.dumps(objects, indent=2, ensure_ascii=False, default=str) + "\n"


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """CSV; a text cell that a spreadsheet would take for a formula (it starts
    with =, +, -, @, a tab or a carriage return) starts with ' instead."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
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


def to_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    if not rows:
        return "(no results)\n"
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = [_line(columns, widths), _line(["-" * w for w in widths], widths)]
    lines.extend(_line(row, widths) for row in cells)
    return "\n".join(lines) + "\n"


def _line(values: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()
