"""Jinja: the journal's own templates/ first, then the built-in ones.

Autoescape is on for every template; undefined names are errors, not empty
strings. Static files (templates/static/) are copied the same way: a
journal's file wins over the built-in one of the same name.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..workers import can_fork, in_workers
from .pages import Page
from .view import SiteView


def environment(folders: list[Path], view: SiteView, cache: Path | None = None) -> jinja2.Environment:
    """cache: a folder for compiled templates (made if it can be), so that a
    build does not compile them all again."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
        bytecode_cache=_bytecode_cache(cache),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # One environment per build: templates do not change during one, so a
        # page need not look at their files' dates again (three per page).
        auto_reload=False,
    )
    env.globals.update(
        view=view,
        site={
            "title": view.config.title,
            "owner": view.config.owner,
            "today": view.today,
            "include_private": view.include_private,
            "redact": view.redact,
            "calendar": view.calendar,
        },
    )
    env.globals["nav"] = nav
    env.filters["date"] = partial(_date, this_year=view.today.year)
    env.filters["safe_url"] = link_target
    env.filters["short_url"] = short_url
    return env


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    if folder is None:
        return None
    try:
        folder.mkdir(exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder), "%s.jinja")


def link_target(url: str) -> str | None:
    """A front matter URL as a link target, or None when it must not be one.

    `linkedin.com/in/x` (no scheme) becomes https://linkedin.com/in/x.
    """
    from ..journal.notes import safe_url

    url = url.strip()
    if not url:
        return None
    head = url.split("/", 1)[0]
    if ":" not in head and "." in head and not url.startswith(("/", ".", "#")):
        url = "https://" + url
    return safe_url(url)


def short_url(url: str) -> str:
    """A web address as a person reads it: no scheme, no "www.", no trailing
    slash (https://www.linkedin.com/in/jane/ reads linkedin.com/in/jane)."""
    text = url.strip()
    for prefix in ("https://", "http://"):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
            if text.lower().startswith("www."):
                text = text[4:]
            return text.rstrip("/") or url
    return url


NAV = (
    ("index.html", "Dashboard", ("dashboard",)),
    ("timeline.html", "Timeline", ("timeline", "interview")),
    ("followups.html", "Follow-ups", ("followups",)),
    ("contacts.html", "Contacts", ("contacts", "contact")),
    ("companies.html", "Companies", ("companies", "company")),
    ("tags.html", "Tags", ("tags",)),
    ("questions.html", "Questions", ("questions",)),
    ("learned.html", "Learned", ("learned",)),
    ("network.html", "Network", ("network",)),
    ("search.html", "Search", ("search",)),
)


@lru_cache(maxsize=64)
def nav(kind: str, root: str) -> Markup:
    """The main navigation for a page kind, links relative to root."""
    current = ' aria-current="page"'
    links = "".join(
        f'<a href="{escape(root)}{href}"{current if kind in kinds else ""}>{label}</a>'
        for href, label, kinds in NAV
    )
    return Markup(f'<nav aria-label="Main">{links}</nav>')


def _date(value: Any, style: str = "long", *, this_year: int) -> str:
    """long: 2 November 2026; short: 02 Nov, with the year when it is not this
    year's; day: 02 Nov (where a heading says the year); iso: 2026-11-02."""
    if value is None:
        return ""
    if style == "short":
        return value.strftime("%d %b" if value.year == this_year else "%d %b %Y")
    if style == "day":
        return value.strftime("%d %b")
    return f"{value.day} {value.strftime('%B %Y')}" if style == "long" else value.isoformat()


def render_page(env: jinja2.Environment, page: Page) -> bytes:
    template = env.get_template(page.template)
    text = template.render(page.context, root=page.root, page_path=page.path)
    return text.encode("utf-8")


Sink = Callable[[Page, bytes], Any]
PARALLEL_PAGES = 400


def render_all(
    env: jinja2.Environment,
    pages: list[Page],
    sink: Sink,
    big: bool = False,
    meanwhile: Callable[[], Any] = lambda: None,
    before_fork: Callable[[], Any] = lambda: None,
) -> tuple[list[Any], Any]:
    """Render every page and hand it to sink(page, bytes); on every core when
    there are many pages. Returns what sink returned, page by page.

    Workers are forked after the pages are prepared, so they share them
    without copying, and write their pages themselves; a process with other
    threads (the live preview's server) renders in-process, since forking
    it would be unsafe. `big` says the pages are few but large (a big
    journal's lists), which is worth the fork too. `meanwhile` runs in this
    process while the workers render; its result is returned second.
    `before_fork` computes what every worker would otherwise compute for
    itself (the view's shared lookups); rendering in-process, each is
    computed when first needed, if at all.
    """
    few = len(pages) < PARALLEL_PAGES and not (big and len(pages) > 1)
    if few or not can_fork():
        return [sink(page, render_page(env, page)) for page in pages], meanwhile()
    before_fork()
    for name in sorted({page.template for page in pages}):
        env.get_template(name)  # compile once, before the fork
    # The big list pages come first: each a task of its own, so that they spread out.
    return in_workers(
        lambda page: sink(page, render_page(env, page)), pages, 1, alone=12, meanwhile=meanwhile
    )


def static_files(folders: list[Path]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for folder in reversed(folders):  # built-in first, the journal's own win
        static = folder / "static"
        for dirpath, _dirs, names in os.walk(static):
            for name in names:
                if name.startswith("."):
                    continue
                path = Path(dirpath) / name
                files["static/" + path.relative_to(static).as_posix()] = path.read_bytes()
    return files
