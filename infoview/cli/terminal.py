"""What reaches the terminal: journal text never drives it.

A field, a note or a file name may hold control characters: an escape
sequence that clears the screen, sets the window title, writes to the
clipboard (OSC 52) or hides a link (OSC 8), a carriage return or backspaces
that overwrite what was printed. Everything the command prints goes
through `Neutral`, which shows each control character as a visible symbol
instead (ESC as ␛, CR as ␍, a C1 control as \\x9b); tabs and new lines are
kept. JSON output escapes them itself.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def neutral(text: str) -> str:
    """text with every control character but tab and new line shown as a symbol."""
    return _CONTROL.sub(_shown, text) if _CONTROL.search(text) else text


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␟
    return f"\\u{code:04x}"  # DEL and C1 as JSON writes them: readable, and valid inside JSON


class Neutral:
    """A text stream that writes neutral(text) to the stream it wraps."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(neutral(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def wrap(stream: TextIO) -> TextIO:
    return stream if isinstance(stream, Neutral) else Neutral(stream)  # type: ignore[return-value]
