"""Where the built-in site templates live.

In an installed wheel they sit inside the package (``infoview/templates``);
in a source checkout they are the top-level ``templates/`` folder.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def templates_dir() -> Path:
    for candidate in (_PACKAGE / "templates", _PACKAGE.parent / "templates"):
        if (candidate / "base.html").is_file():
            return candidate
    raise FileNotFoundError("infoview's templates are missing from this installation")
