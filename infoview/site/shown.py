"""Notes' text as pages show it apart from the notes (NotesShown: a line, a
Reflection), and what was learned: its subjects and their pages.

A line (a takeaway, a question) or a reflection is rendered once per build,
however many pages show it; the live preview keeps them from one build to
the next: a tag's page shows hundreds of reflections and thousands of
takeaways, and rendering them again after every save was most of the time
that page took."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Any

from markupsafe import Markup

from ..journal.folding import fold
from ..journal.model import Interview, Journal
from ..journal.notes import Hidden, render_inline, render_markdown, resolve_wikilinks
from .public import redact_html
from .urls import learned_urls


class NotesShown:
    """What SiteView shows of notes' text on its own: a line (a question, a
    takeaway) and a section (a reflection), rendered, private people's names
    left out, with --redact no addresses, wiki-links resolved. (A part of
    SiteView, which gives what is declared here.)"""

    journal: Journal
    shas: Mapping[str, str]
    private_names: Any  # privacy.PrivateNames
    redact: bool
    results: Any  # cache.Results
    written: Any  # load.snapshot.Notes, or None
    _resolve: Callable[[str], tuple[str, str] | Hidden | None]  # a wiki-link's target: SiteView's method

    def public_text(self, text: str, root: str = "../") -> Markup:
        """A line from notes as a page `root` away from the site's top shows it
        (raw HTML escaped)."""
        shown = self._lines_shown.get(text)
        if shown is None:
            shown = self._lines_shown[text] = self._shown(render_inline(text))
        return Markup(resolve_wikilinks(shown, self._from(root)))

    def reflection(self, interview: Interview, root: str = "../") -> Markup:
        """The interview's Reflection rendered as the notes are, for a page `root`
        away from the site's top (raw HTML shown as text)."""
        sha = self.shas.get(interview.path)
        kept = self._reflections_shown.get(interview.path)
        if kept is None or kept[0] != sha:
            shown = self._shown(self._reflection_html(interview))
            kept = self._reflections_shown[interview.path] = (sha, shown)
        return Markup(resolve_wikilinks(kept[1], self._from(root)))

    def _from(self, root: str) -> Callable[[str], tuple[str, str] | Hidden | None]:
        """Where a wiki-link leads (see _resolve, which gives it for a page one
        folder down) from a page `root` away from the site's top."""
        if root == "../":
            return self._resolve

        def resolve(target: str) -> tuple[str, str] | Hidden | None:
            found = self._resolve(target)
            return (root + found[0].removeprefix("../"), found[1]) if isinstance(found, tuple) else found

        return resolve

    def _reflection_html(self, interview: Interview) -> str:
        """The reflection rendered: as the index keeps it, where the records came
        from there without their notes' text (the build's own load)."""
        if self.written is not None and self.written.texts_apart:
            return self.written.reflection_html(interview.path)
        return render_markdown(interview.sections.reflection)

    def _shown(self, html: str) -> str:
        """Rendered notes as pages show them, before their wiki-links are resolved."""
        if self.private_names is not None:
            html = self.private_names.blank_html(html)
        return redact_html(html) if self.redact else html

    @property
    def _how(self) -> tuple[str, bool]:
        """What the text shown depends on besides the text: the private names and --redact."""
        return (self.private_names.digest if self.private_names is not None else "", self.redact)

    @cached_property
    def _reflections_shown(self) -> dict[str, tuple[str | None, str]]:
        """The Reflections shown so far, before their wiki-links are resolved:
        path -> (the file's sha256, the Reflection shown). A process that builds
        again and again (the live preview) keeps them from one build to the
        next while the private names and --redact are the same, each made again
        only when its file changes: a tag's page shows hundreds. (The index does
        not keep them: they would be a tenth of its size.)"""
        return self.results.held("reflections as shown", self._how) if self.results is not None else {}

    @cached_property
    def _lines_shown(self) -> dict[str, str]:
        """The lines shown so far, as public_text shows them before their
        wiki-links are resolved, by text: a takeaway is on the page of each of
        its subjects, and rendered once. The live preview keeps them from one
        build to the next while the private names and --redact are the same
        (the index does not: a build after an edit shows a few, which render
        faster than all of them are read)."""
        return self.results.held("lines as shown", self._how) if self.results is not None else {}


def subjects(journal: Journal, interview: Interview) -> frozenset[str]:
    """The (folded) subjects whose pages the interview's notes can be on: its
    tags (reflections), its people's companies and industries (takeaways)."""
    from ..ask.questions import subjects as takeaways_about

    return frozenset(map(fold, [*takeaways_about(journal, interview), *interview.tags]))


def reflections_by_tag(interviews: list[Interview]) -> dict[str, list[Interview]]:
    """Each tag's (folded) interviews that have a written Reflection, in the
    order given (known without reading the reflections)."""
    found: dict[str, list[Interview]] = {}
    folded: dict[str, str] = {}  # (a journal's ten thousand talks share a few hundred tags)
    for interview in interviews:
        if interview.tags and interview.sections.has_reflection:
            for tag in dict.fromkeys(folded.get(t) or folded.setdefault(t, fold(t)) for t in interview.tags):
                found.setdefault(tag, []).append(interview)
    return dict(sorted(found.items()))


def in_order(reflections: Mapping[str, list[Interview]]) -> str:
    """A digest of each tag's reflections: which conversations, in which order."""
    lines = ("\t".join([tag, *(i.id for i in held)]) for tag, held in reflections.items())
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def learned_pages(learned: Mapping[str, Any], reflections: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """Folded subject -> (its name, its page) for every subject with takeaways,
    and every tag with reflections."""
    names = {fold(subject): subject for subject in learned}
    for tag in reflections:
        names.setdefault(tag, tag)
    urls = learned_urls(names)
    return {key: (names[key], urls[key]) for key in sorted(names, key=lambda k: (names[k].casefold(), k))}
