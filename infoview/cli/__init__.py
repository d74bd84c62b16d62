"""The `infoview` command: parse options, call one core function, print, exit.

`group` holds the group and the options every command shares; the commands
live beside it: `records` (init, new, validate), `ask` (index, query, sql,
followups, show, stats), `site` (build, watch) and `verbs` (done, dismiss,
thank, nudge, schedule, checkin, edit).

Exit codes: 0 ok, 1 the journal has errors (or a command was refused),
2 usage error.
"""

from . import ask, exchange, prepare, records, site, verbs  # noqa: F401  (each registers its commands on the group)
from .group import main

__all__ = ["main"]
