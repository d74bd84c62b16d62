"""Diagnostics: what every stage reports instead of raising.

A diagnostic points at a place in a journal file (journal-relative path,
1-based line and column), has a severity and a stable code, and says what
to do about the problem.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, slots=True, order=True)
class Span:
    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    span: Span
    severity: Severity
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.span}: {self.severity}: {self.message} [{self.code}]"

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.span.path,
            "line": self.span.line,
            "column": self.span.col,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
        }


def error(span: Span, code: str, message: str) -> Diagnostic:
    return Diagnostic(span, Severity.ERROR, code, message)


def warning(span: Span, code: str, message: str) -> Diagnostic:
    return Diagnostic(span, Severity.WARNING, code, message)


def sort_key(diag: Diagnostic) -> tuple[str, int, int, str]:
    return (diag.span.path, diag.span.line, diag.span.col, diag.code)


def sorted_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diags), key=sort_key)


def count(diags: Iterable[Diagnostic], severity: Severity) -> int:
    return sum(1 for d in diags if d.severity is severity)


def has_errors(diags: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diags)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or ''."""
    import difflib

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(diags: Iterable[Diagnostic], files: int) -> str:
    diags = list(diags)
    errors = plural(count(diags, Severity.ERROR), "error")
    warnings = plural(count(diags, Severity.WARNING), "warning")
    return f"{errors}, {warnings} in {plural(files, 'file')}"


def to_text(diags: Iterable[Diagnostic]) -> str:
    return "".join(f"{d}\n" for d in diags)


def to_json(diags: Iterable[Diagnostic], files: int) -> str:
    diags = list(diags)
    doc = {
        "diagnostics": [d.to_json() for d in diags],
        "summary": {
            "errors": count(diags, Severity.ERROR),
            "warnings": count(diags, Severity.WARNING),
            "files": files,
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


# Every code infoview emits, with a one-line meaning. The README lists them;
# a test keeps the two in step.
CODES: dict[str, str] = {
    "E001": "file is not valid UTF-8 text",
    "E002": "missing front matter (the file must start with a '---' line)",
    "E003": "unterminated front matter (no closing '---' line)",
    "E004": "YAML syntax error in the front matter",
    "E005": "front matter is not a mapping of field: value",
    "E006": "missing required field",
    "E007": "unknown reference to another record",
    "E008": "wrong type for a field",
    "E009": "unknown value for a field with a fixed set of values",
    "E010": "invalid date",
    "E011": "duplicate id",
    "E012": "follow-up without text",
    "E013": "duplicate key in the front matter",
    "E014": "unsupported YAML construct (tags, oversized aliases, deep nesting)",
    "E015": "invalid value (duration, cadence)",
    "E016": "file cannot be read (unreadable, binary, too large, broken link, not a file)",
    "E017": "invalid infoview.toml",
    "E018": "a merge conflict left in the file (git's <<<<<<< ======= >>>>>>> lines)",
    "E019": 'a control character (written as an escape such as `"\\x01"`, or in a task) that no page, '
    "calendar or export can hold",
    "W001": "unknown field (kept and shown)",
    "W002": "a referral looks like an id but no such contact exists",
    "W003": "value looks wrong (e-mail address without '@', link that is not a URL)",
    "W004": "two file names differ only by case or Unicode normalisation (the same file on macOS and "
    "Windows)",
    "W005": "file name that Windows cannot use (CON, NUL, COM1, trailing dot, ...)",
    "W006": "a private person's or company's full name, id, e-mail address or phone number written in a "
    "public note, field or follow-up (the site shows `[private]` in its place)",
    "W007": "empty file (skipped)",
    "W008": "an interview with a contact whose file has errors (the site leaves both out)",
}
