"""Parts of notes that pages show rendered on their own (a reflection), kept
between builds: rendering hundreds of them again after every edit is
most of the time a page of what was learned takes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..journal.model import Journal


def reflections_shown(
    journal: Journal, shas: Mapping[str, str], show: Callable[[str], str], how: Any, results: Any = None
) -> dict[str, str]:
    """The Reflection of every interview that has one, as show(markdown) makes it
    (rendered, private names left out, with --redact redacted), by path.
    With results (cache.Results), each is kept for as long as its file and
    how it is shown (how: the private names' digest, --redact) are the same."""
    written = {i.path: i.sections.reflection for i in journal.interviews.values()
               if i.sections.reflection.strip()}  # fmt: skip
    if results is None:
        return {path: show(text) for path, text in written.items()}
    files = {path: shas[path] for path in written if path in shas}
    found = results.per_file("reflections as shown", repr(how), files, lambda path: show(written[path]))
    return {**{path: show(written[path]) for path in written.keys() - files.keys()}, **found}
