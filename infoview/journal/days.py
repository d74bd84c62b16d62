"""Days as a person types them on the command line."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .model import add_days

_RELATIVE = re.compile(r"([+-])(\d{1,6})([dwmy])")
_NAMED_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}


def parse_day(text: str, today: dt.date) -> dt.date | None:
    """A day as a person types it on the command line: 2026-11-03, today,
    yesterday, tomorrow, or a distance from today: -30d, +2w, -3m, +1y.
    None if it is none of these (or falls outside the calendar)."""
    text = text.strip().lower()
    if text in _NAMED_DAYS:
        return add_days(today, _NAMED_DAYS[text])
    relative = _RELATIVE.fullmatch(text)
    if relative:
        sign, count, unit = relative.groups()
        n = int(count) * (-1 if sign == "-" else 1)
        if unit in "dw":
            return add_days(today, n * (7 if unit == "w" else 1))
        months = n * (12 if unit == "y" else 1)
        year, month0 = divmod(today.month - 1 + months, 12)
        year += today.year
        if not dt.MINYEAR <= year <= dt.MAXYEAR:
            return dt.date.max if n > 0 else dt.date.min
        return dt.date(year, month0 + 1, min(today.day, calendar.monthrange(year, month0 + 1)[1]))
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
