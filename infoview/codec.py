"""Records ↔ JSON text, for the cache in the index.

JSON rather than pickle: the cache sits in the journal folder, which may be
synced from elsewhere, and reading it must never run code.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import fields, is_dataclass
from typing import Any

from .diagnostics import Diagnostic, Severity, Span
from .model import Cadence, Company, Contact, FollowUpEntry, Interview, When

_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (Contact, Interview, Company, When, Cadence, FollowUpEntry, Span, Diagnostic)
}
_INIT_FIELDS = {
    name: tuple(f.name for f in fields(cls) if f.init) for name, cls in _CLASSES.items()
}


def _encode(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        return {"@": name, **{k: _encode(getattr(value, k)) for k in _INIT_FIELDS[name]}}
    if isinstance(value, dt.date):
        return {"@d": value.isoformat()}
    if isinstance(value, dt.time):
        return {"@t": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"@map": {str(k): _encode(v) for k, v in value.items()}}
    if isinstance(value, Severity):
        return str(value)
    return value


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _hook(obj: dict[str, Any]) -> Any:
    name = obj.get("@")
    if name is not None:
        cls = _CLASSES[name]
        args = {k: _tuples(v) for k, v in obj.items() if k != "@"}
        if name == "Diagnostic":
            args["severity"] = Severity(args["severity"])
        return cls(**args)
    if "@d" in obj:
        return dt.date.fromisoformat(obj["@d"])
    if "@t" in obj:
        return dt.time.fromisoformat(obj["@t"])
    if "@map" in obj:
        return obj["@map"]
    return obj


def dumps(value: Any) -> str:
    return json.dumps(_encode(value), ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Any:
    return _tuples(json.loads(text, object_hook=_hook))
