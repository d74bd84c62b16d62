"""What reaches the terminal: journal text never drives it.

A field, a note or a file name may hold control characters: an escape
sequence that clears the screen, sets the window title, writes to the
clipboard (OSC 52) or hides a link (OSC 8), a carriage return or backspaces
that overwrite what was printed. Everything the command prints goes
through `Neutral`, which shows each control character as a visible symbol
instead (ESC as ␛, CR as ␍, a C1 control as \\x9b); tabs and new lines are
kept, and so is a CR before a new line (CSV's line end). JSON output escapes them itself.

Colour is infoview's own: text marked with `formats.paint` becomes an SGR
sequence on a terminal (unless NO_COLOR is set or --no-color given) and
plain text anywhere else, so piped output keeps its shape. Long output on a
terminal goes through a pager, as git's does.
"""

from __future__ import annotations

import os
import re
import shutil
from typing import Any, TextIO

from ..ask.formats import STYLE_END, STYLE_START, STYLE_TEXT

_STYLED = re.compile(f"{STYLE_START}([0-9;]*){STYLE_TEXT}(.*?){STYLE_END}", re.DOTALL)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")  # CR LF ends a line: kept


def neutral(text: str) -> str:
    """text with every control character but tab and new line (and CR LF) shown as a symbol."""
    return _CONTROL.sub(_shown, text) if _CONTROL.search(text) else text


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␟
    return f"\\u{code:04x}"  # DEL and C1 as JSON writes them: readable, and valid inside JSON


def shown(text: str, color: bool) -> str:
    """text as it reaches a person: controls neutral, style marks as colour
    (or nothing, without colour)."""
    text = neutral(text)
    if STYLE_START not in text:
        return text
    if color:
        return _STYLED.sub(lambda m: f"\x1b[{m.group(1)}m{m.group(2)}\x1b[0m", text)
    return _STYLED.sub(r"\2", text)


def wants_color(stream: TextIO, refused: bool) -> bool:
    """Colour on a terminal, unless refused (--no-color) or NO_COLOR is set."""
    if refused or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Neutral:
    """A text stream that writes shown(text) to the stream it wraps."""

    def __init__(self, stream: TextIO, color: bool = False) -> None:
        self._stream = stream
        self.color = color

    def write(self, text: str) -> int:
        self._stream.write(shown(text, self.color))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def wrap(stream: TextIO, refuse_color: bool = False) -> TextIO:
    if isinstance(stream, Neutral):
        stream.color = wants_color(stream._stream, refuse_color)
        return stream
    return Neutral(stream, wants_color(stream, refuse_color))  # type: ignore[return-value]


def width(stream: TextIO) -> int | None:
    """The terminal's width, where output goes to one; None for a pipe or a file."""
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return shutil.get_terminal_size().columns


def page(text: str, stream: TextIO) -> bool:
    """Show text through a pager ($PAGER, else less) when it is longer than
    the terminal: True if it did. `less -FRX` (unless $LESS says otherwise)
    quits at once when the text fits after all, and keeps colour."""
    import sys

    import click

    if width(stream) is None or width(sys.stdin) is None or os.environ.get("PAGER") in ("", "cat"):
        return False  # a pager needs a terminal at both ends
    if text.count("\n") < shutil.get_terminal_size().lines - 1:
        return False
    os.environ.setdefault("LESS", "FRX")
    color = isinstance(stream, Neutral) and stream.color
    click.echo_via_pager(shown(text, color), color=color)
    return True
