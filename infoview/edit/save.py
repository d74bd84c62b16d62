"""Reading a record file to change it, and writing it back atomically: the
new text replaces the old in one rename, and only if the file is still what
was read (an editor may have saved it meanwhile)."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from .lines import EditError


@dataclass(frozen=True, slots=True)
class Opened:
    """A record file as read: its path in the journal, its bytes and its text."""

    root: Path
    rel: str
    data: bytes
    text: str


def open_record(root: Path, rel: str) -> Opened:
    try:
        data = (root / rel).read_bytes()
    except OSError as exc:
        raise EditError(f"cannot read {rel}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise EditError(f"{rel} is not UTF-8 text; save it as UTF-8 first") from None
    return Opened(root, rel, data, text)


def save(opened: Opened, text: str) -> None:
    """Write text over the file, atomically, keeping its permissions; refused
    if the file is no longer what was read. A file that is a symbolic link
    stays one: the file it leads to is written."""
    path = Path(os.path.realpath(opened.root / opened.rel))
    try:
        now = path.read_bytes()
    except OSError as exc:
        raise EditError(f"cannot read {opened.rel} again: {exc.strerror or exc}") from None
    if now != opened.data:
        raise EditError(f"{opened.rel} changed while this command ran; nothing was written (run it again)")
    temp = path.with_name(f".{path.name}.infoview-{os.getpid()}")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            data = text.encode("utf-8")
            written = 0
            while written < len(data):
                written += os.write(fd, data[written:])
            os.fchmod(fd, path.stat().st_mode & 0o7777)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
