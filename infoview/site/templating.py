"""Jinja: the journal's own templates/ first, then the built-in ones.

Autoescape is on for every template; undefined names are errors, not empty
strings. Static files (templates/static/) are copied the same way: a
journal's file wins over the built-in one of the same name.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import jinja2

from .pages import Page, SiteView


def environment(folders: list[Path], view: SiteView) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        view=view,
        site={
            "title": view.config.title,
            "owner": view.config.owner,
            "today": view.today,
            "include_private": view.include_private,
            "redact": view.redact,
        },
    )
    env.filters["date"] = _date
    env.filters["safe_url"] = link_target
    return env


def link_target(url: str) -> str | None:
    """A front matter URL as a link target, or None when it must not be one.

    `linkedin.com/in/x` (no scheme) becomes https://linkedin.com/in/x.
    """
    from ..render import safe_url

    url = url.strip()
    if not url:
        return None
    head = url.split("/", 1)[0]
    if ":" not in head and "." in head and not url.startswith(("/", ".", "#")):
        url = "https://" + url
    return safe_url(url)


def _date(value: Any, style: str = "long") -> str:
    if value is None:
        return ""
    if style == "short":
        return value.strftime("%d %b")
    return f"{value.day} {value.strftime('%B %Y')}" if style == "long" else value.isoformat()


def render_page(env: jinja2.Environment, page: Page) -> bytes:
    template = env.get_template(page.template)
    text = template.render(page.context, root=page.root, page_path=page.path)
    return text.encode("utf-8")


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
