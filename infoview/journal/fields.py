"""Reading typed field values out of a SourceDoc, with diagnostics.

Each reader returns the converted value, or None when the value is missing
or wrong (after recording a diagnostic that points at it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, Span, did_you_mean, error, warning
from .model import MAX_CADENCE_DAYS, Cadence, FollowUpEntry, When

if TYPE_CHECKING:
    from .frontmatter import Path, SourceDoc

__all__ = ["FieldReader", "did_you_mean", "parse_cadence", "parse_duration", "parse_when"]

_WHEN = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?"
)
_DURATION = re.compile(r"(?:(\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*(?:(\d+)\s*m(?:in(?:utes?)?)?)?")
_CADENCE = re.compile(r"(\d+)\s*([dwmy])")
_WIKILINK = re.compile(r"\[\[([^\]|#]+)(?:[|#][^\]]*)?\]\]")
FOLLOW_UP_KEYS = ("do", "due", "done")


def describe(value: Any) -> str:
    """How a YAML value reads to a person, for 'wrong type' messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


def strip_wikilink(text: str) -> str:
    match = _WIKILINK.fullmatch(text.strip())
    return match.group(1).strip() if match else text.strip()


def parse_when(text: str) -> When | str:
    """A When, or the reason the text is not a valid date."""
    match = _WHEN.fullmatch(text.strip())
    if not match:
        return "expected a date like 2026-11-03 or 2026-11-03 14:30"
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError as exc:
        return str(exc)
    if hour is None:
        return When(date)
    try:
        tz = _offset(offset) if offset else None
        time = dt.time(int(hour), int(minute), int(second or 0), tzinfo=tz)
    except ValueError as exc:
        return str(exc)
    return When(date, time)


def _offset(text: str) -> dt.tzinfo:
    if text == "Z":
        return dt.UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"invalid UTC offset {text}")
    delta = dt.timedelta(hours=hours, minutes=minutes)
    return dt.timezone(-delta if text[0] == "-" else delta)


def parse_duration(value: Any) -> int | None:
    """Minutes from 45, '45', '30m', '1h', '1h30m', '1.5h'; None if invalid."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().lower()
    if text.isdigit():
        return int(text) or None
    match = _DURATION.fullmatch(text)
    if not match or not any(match.groups()):
        return None
    minutes = round(float(match.group(1) or 0) * 60) + int(match.group(2) or 0)
    return minutes or None


MAX_DURATION = 24 * 60  # minutes: a conversation longer than a day is a typing slip


def cadence_days(cadence: Cadence) -> int:
    """About how many days a period is (a month as 30, a year as 365)."""
    return cadence.count * {"d": 1, "w": 7, "m": 30, "y": 365}[cadence.unit]


def parse_cadence(value: Any) -> Cadence | None:
    if not isinstance(value, str):
        return None
    match = _CADENCE.fullmatch(value.strip().lower())
    if not match or int(match.group(1)) == 0:
        return None
    return Cadence(int(match.group(1)), match.group(2))


class FieldReader:
    """Reads one record's fields, collecting diagnostics as it goes."""

    def __init__(self, doc: SourceDoc, known: Iterable[str]) -> None:
        self.doc = doc
        self.data: dict[str, Any] = doc.data or {}
        self.known = tuple(known)
        self.diagnostics: list[Diagnostic] = []

    def span(self, path: Path, *, key: bool = False) -> Span:
        return self.doc.span(path, key=key)

    def spans(self) -> dict[str, list[int]]:
        """(line, column) of every value, keyed by dotted path: 'contacts.1'."""
        return {
            ".".join(str(p) for p in path): [loc.line, loc.col]
            for path, loc in self.doc.value_locs.items()
            if path
        }

    def _error(self, path: Path, code: str, message: str) -> None:
        self.diagnostics.append(error(self.span(path), code, message))

    def wrong_type(self, path: Path, expected: str, value: Any) -> None:
        name = ".".join(str(p) for p in path)
        self._error(path, "E008", f"'{name}' should be {expected}, not {describe(value)}")

    def missing(self, name: str) -> None:
        self.diagnostics.append(
            error(
                Span(self.doc.path, 1, 1),
                "E006",
                f"missing required field '{name}'; add a line '{name}: ...' to the front matter",
            )
        )

    def extra(self) -> tuple[tuple[str, Any], ...]:
        """Unknown fields: kept, with a warning suggesting the closest name."""
        result = []
        for key, value in self.data.items():
            if key in self.known:
                continue
            if str(key).casefold() == "private":  # not private as it stands: never let it pass
                self._error((key,), "E008", f"'{key}' must be written 'private' (field names are lower case)")
                continue
            hint = did_you_mean(key, self.known)
            self.diagnostics.append(
                warning(
                    self.span((key,), key=True),
                    "W001",
                    f"unknown field '{key}'{hint}; it is kept and shown as is",
                )
            )
            result.append((key, value))
        return tuple(result)

    # --- scalars -----------------------------------------------------------

    def text(self, name: str, *, required: bool = False, path: Path | None = None) -> str | None:
        path = path or (name,)
        value = self._get(path)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.missing(name)
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self.doc.raw.get(path, str(value)).strip()
        if not isinstance(value, str):
            self.wrong_type(path, "text", value)
            return None
        return value.strip()

    def ref(self, name: str, *, required: bool = False) -> str | None:
        """An id of another record; a [[wiki-link]] is accepted too."""
        value = self.text(name, required=required)
        return strip_wikilink(value) if value else None

    def boolean(self, name: str) -> bool:
        value = self.data.get(name)
        if value is None:
            if name in self.data:  # `private:` and nothing after it
                self.wrong_type((name,), "true or false", value)
            return False
        if not isinstance(value, bool):
            self.wrong_type((name,), "true or false", value)
            return False
        return value

    def enum(self, name: str, choices: tuple[str, ...]) -> str | None:
        value = self.text(name)
        if value is None:
            return None
        normal = value.lower().replace("_", "-").replace(" ", "-")
        if normal in choices:
            return normal
        hint = did_you_mean(normal, choices) or f" (expected one of: {', '.join(choices)})"
        self._error((name,), "E009", f"unknown {name.replace('_', ' ')} '{value}'{hint}")
        return None

    def when(self, name: str, *, required: bool = False, path: Path | None = None) -> When | None:
        path = path or (name,)
        value = self._get(path)
        if value is None:
            if required:
                self.missing(name)
            return None
        if not isinstance(value, str):
            text = self.doc.raw.get(path)
            if text is None:
                self.wrong_type(path, "a date", value)
                return None
            value = text
        parsed = parse_when(value)
        if isinstance(parsed, str):
            self._error(path, "E010", f"invalid date '{value}': {parsed}")
            return None
        return parsed

    def date(self, name: str, *, path: Path | None = None) -> dt.date | None:
        parsed = self.when(name, path=path)
        return parsed.date if parsed else None

    def duration(self, name: str) -> int | None:
        value = self.data.get(name)
        if value is None:
            return None
        minutes = parse_duration(value)
        if minutes is None:
            self._error((name,), "E015", f"invalid {name} '{value}': write minutes (45) or 30m, 1h, 1h30m")
        elif minutes > MAX_DURATION:
            self._error(
                (name,), "E015", f"{name} '{value}' is longer than a day; write minutes (45) or 1h30m"
            )
            return None
        return minutes

    def cadence(self, name: str) -> Cadence | None:
        value = self.data.get(name)
        if value is None:
            return None
        cadence = parse_cadence(value)
        if cadence is None:
            self._error(
                (name,),
                "E015",
                f"invalid {name.replace('_', ' ')} '{value}': write a number and a unit, "
                "like 2w, 90d, 3m or 1y",
            )
        elif cadence_days(cadence) > MAX_CADENCE_DAYS:
            self._error((name,), "E015", f"{name.replace('_', ' ')} '{value}' is longer than a hundred years")
            return None
        return cadence

    # --- collections -------------------------------------------------------

    def texts(self, name: str) -> tuple[str, ...]:
        """A list of text; a single text is one item, 'a, b' for tags is two."""
        return tuple(text for text, _path in self.placed_texts(name))

    def placed_texts(self, name: str) -> tuple[tuple[str, Path], ...]:
        """texts(name), each with where it is written: empty items are left
        out, so the nth text need not be the list's nth item."""
        value = self.data.get(name)
        if value is None:
            return ()
        if isinstance(value, str):
            items = value.split(",") if name == "tags" else [value]
            return tuple((i.strip(), (name,)) for i in items if i.strip())
        if not isinstance(value, list):
            self.wrong_type((name,), "a list", value)
            return ()
        result = []
        for index in range(len(value)):
            item = self.text(name, path=(name, index))
            if item:
                result.append((item, (name, index)))
        return tuple(result)

    def tags(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.lstrip("#") for t in self.texts("tags") if t.lstrip("#")))

    def refs(self, name: str) -> tuple[str, ...]:
        return tuple(strip_wikilink(t) for t in self.texts(name))

    def ref_spans(self, name: str) -> tuple[tuple[str, str, Span], ...]:
        """(field, id, span) for each reference written in field `name`."""
        value = self.data.get(name)
        if isinstance(value, str) and value.strip():
            return ((name, strip_wikilink(value), self.span((name,))),)
        if not isinstance(value, list):
            return ()
        return tuple(
            (name, strip_wikilink(item), self.span((name, i)))
            for i, item in enumerate(value)
            if isinstance(item, str) and item.strip()
        )

    def links(self, name: str) -> tuple[tuple[str, str], ...]:
        value = self.data.get(name)
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.wrong_type((name,), "a mapping of label: URL", value)
            return ()
        result = []
        for label in value:
            url = self.text(str(label), path=(name, label))
            if url:
                result.append((str(label), url))
        return tuple(result)

    def email(self, name: str) -> str | None:
        value = self.text(name)
        if value and "@" not in value:
            self.diagnostics.append(
                warning(
                    self.span((name,)),
                    "W003",
                    f"'{value}' does not look like an e-mail address (no '@')",
                )
            )
        return value

    def follow_ups(self, name: str) -> tuple[FollowUpEntry, ...]:
        value = self.data.get(name)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.wrong_type((name,), "a list of '- do: ...' items", value)
            return ()
        entries = (self._follow_up((name, i), item) for i, item in enumerate(value))
        return tuple(e for e in entries if e is not None)

    def _follow_up(self, path: Path, item: Any) -> FollowUpEntry | None:
        if isinstance(item, str) and item.strip():
            return FollowUpEntry(item.strip(), None, False, None, self.span(path))
        if not isinstance(item, dict):
            if item is None or isinstance(item, str):
                self._error(path, "E012", "follow-up without text; write '- do: what to do'")
            else:
                self.wrong_type(path, "a '- do: ...' item", item)
            return None
        for key in item:
            if key not in FOLLOW_UP_KEYS:
                hint = did_you_mean(str(key), FOLLOW_UP_KEYS)
                self.diagnostics.append(
                    warning(
                        self.span((*path, key), key=True),
                        "W001",
                        f"unknown follow-up field '{key}'{hint}; expected do, due, done",
                    )
                )
        text = self.text("do", path=(*path, "do")) if item.get("do") is not None else None
        if not text:
            self._error(path, "E012", "follow-up without text; add 'do: what to do'")
            return None
        due = self.date("due", path=(*path, "due"))
        done, done_on = self._done((*path, "done"), item.get("done"))
        return FollowUpEntry(text, due, done, done_on, self.span(path))

    def _done(self, path: Path, value: Any) -> tuple[bool, dt.date | None]:
        if value is None:
            return False, None
        if isinstance(value, bool):
            return value, None
        done_on = self.date("done", path=path)
        return done_on is not None, done_on

    def _get(self, path: Path) -> Any:
        value: Any = self.data
        for part in path:
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                return None
        return value
