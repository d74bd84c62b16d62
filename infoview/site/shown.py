"""What was learned, as its pages show it: the subjects, the reflections
(rendered on their own and kept between builds: rendering hundreds of them
again after every edit is most of the time a subject's page takes)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..journal.model import Interview, Journal, fold
from ..journal.naming import in_memory
from .urls import learned_urls


def subjects(journal: Journal, interview: Interview) -> frozenset[str]:
    """The (folded) subjects whose pages the interview's notes can be on: its
    tags (reflections), its people's companies and industries (takeaways)."""
    from ..ask.questions import subjects as takeaways_about

    return frozenset(map(fold, [*takeaways_about(journal, interview), *interview.tags]))


def reflections_by_tag(interviews: list[Interview]) -> dict[str, list[tuple[Interview, str]]]:
    """Each tag's (folded) interviews that have a written Reflection, with it
    (as markdown), in the order given."""
    found: dict[str, list[tuple[Interview, str]]] = {}
    for interview in interviews:
        if interview.sections.reflection.strip():
            for tag in dict.fromkeys(fold(t) for t in interview.tags):
                found.setdefault(tag, []).append((interview, interview.sections.reflection))
    return dict(sorted(found.items()))


def learned_pages(learned: Mapping[str, Any], reflections: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """Folded subject -> (its name, its page) for every subject with takeaways,
    and every tag with reflections."""
    names = {fold(subject): subject for subject in learned}
    for tag in reflections:
        names.setdefault(tag, tag)
    urls = learned_urls(names)
    return {key: (names[key], urls[key]) for key in sorted(names, key=lambda k: (names[k].casefold(), k))}


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
    found = results.per_file(
        "reflections as shown", repr(how), files, lambda path: show(written[path]), in_memory
    )
    return {**{path: show(written[path]) for path in written.keys() - files.keys()}, **found}
