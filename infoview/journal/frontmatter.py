"""Split a markdown file into YAML front matter and body, keeping positions.

The YAML is *composed* (never constructed), so no tag can build a Python
object, and every key and value keeps the line and column where it stands in
the original file. The result is a :class:`SourceDoc`: plain values plus a
table of locations keyed by the path to each value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .diagnostics import Diagnostic, Span, error, warning

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"
MAX_VALUES = 10_000  # values after alias expansion; guards against alias bombs
MAX_DEPTH = 32  # nesting depth of front matter values
_DEEP_INDENT = re.compile(rf"^[ \-?:]{{{MAX_DEPTH * 2 + 1}}}", re.MULTILINE)
DELIMITERS = ("---",)
CLOSERS = ("---", "...")

# A path to a value: ("follow_ups", 0, "do").
Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Loc:
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """One journal file, split and composed, with locations of every value."""

    path: str
    data: dict[str, Any] | None
    body: str
    body_line: int
    key_locs: dict[Path, Loc] = field(default_factory=dict)
    value_locs: dict[Path, Loc] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()

    def span(self, path: Path = (), *, key: bool = False) -> Span:
        """Where the value (or, with key=True, the key) at ``path`` stands."""
        table = self.key_locs if key else self.value_locs
        while path and path not in table:
            path = path[:-1]
        loc = table.get(path) if path else None
        if loc is None:
            return Span(self.path, 1, 1)
        return Span(self.path, loc.line, loc.col)


def parse(path: str, text: str) -> SourceDoc:
    """Parse decoded file text. Never raises; problems become diagnostics."""
    # Line ends of Windows and of old Macs (CR alone) read as new lines.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        diag = warning(
            Span(path, 1, 1), "W007", "empty file; it is skipped (delete it, or write a record in it)"
        )
        return SourceDoc(path, None, "", 1, diagnostics=(diag,))
    lines = text.split("\n")
    conflict = _conflict_markers(path, lines)
    if conflict:
        return SourceDoc(path, None, "", 1, diagnostics=tuple(conflict))
    if not lines or lines[0].rstrip() not in DELIMITERS:
        diag = error(
            Span(path, 1, 1),
            "E002",
            "missing front matter: the file must start with a '---' line, "
            "then 'field: value' lines, then another '---' line",
        )
        return SourceDoc(path, None, text, 1, diagnostics=(diag,))
    end = next((i for i, line in enumerate(lines) if i and line.rstrip() in CLOSERS), None)
    if end is None:
        diag = error(
            Span(path, 1, 1),
            "E003",
            "unterminated front matter: the '---' on line 1 has no closing '---' line",
        )
        return SourceDoc(path, None, "", 1, diagnostics=(diag,))
    yaml_text = "\n".join(lines[1:end]) + "\n"
    body = "\n".join(lines[end + 1 :])
    return _compose(path, yaml_text, body, body_line=end + 2)


UNREAD_FIELDS = ("name", "email", "phone")  # what a broken file is still known by


def values_written(text: str, field: str) -> list[str]:
    """The values of `field:` lines, read as plain text however the YAML around
    them is broken (indented, quoted, in another case, folded onto the next
    lines): what a file that could not be parsed says it is called, or its
    address, so that what refers to it can be treated as referring to it."""
    line_of = re.compile(
        rf"""^([ \t]*)["']?{re.escape(field)}["']?[ \t]*:[ \t]*(.*?)[ \t]*(?:[ \t]#.*)?$""", re.I | re.M
    )
    found = []
    lines = text.split("\n")
    for match in line_of.finditer(text):
        value = match.group(2).strip("'\"")
        if value[:1] in (">", "|"):  # a block: the lines below, indented more
            line = text.count("\n", 0, match.start()) + 1
            indent = len(match.group(1))
            block = []
            for below in lines[line:]:
                if below.strip() and len(below) - len(below.lstrip()) <= indent:
                    break
                block.append(below.strip())
            value = " ".join(part for part in block if part)
        if value:
            found.append(value)
    return found


def _conflict_markers(path: str, lines: list[str]) -> list[Diagnostic]:
    """The lines a merge that stopped on a conflict left in the file (git's
    `<<<<<<<`, `|||||||`, `=======`, `>>>>>>>`), if it holds a conflict."""
    starts = [n for n, line in enumerate(lines) if line.startswith("<<<<<<<")]
    if not starts or not any(line.startswith(">>>>>>>") for line in lines[starts[0] + 1 :]):
        return []
    found, inside = [], False
    for n, line in enumerate(lines):
        if line.startswith("<<<<<<<"):
            inside = True
        elif not inside or not (line.startswith(("|||||||", ">>>>>>>")) or line.rstrip() == "======="):
            continue
        found.append(
            error(
                Span(path, n + 1, 1),
                "E018",
                f"merge conflict marker '{line[:7]}': keep the lines you want, and delete the markers",
            )
        )
        if line.startswith(">>>>>>>"):
            inside = False
    return found


def _deeply_nested(text: str) -> bool:
    """Could this YAML nest deeper than MAX_DEPTH? (An over-estimate, and cheap.)

    libyaml composes recursively in C, where a few hundred thousand levels
    crash the process; such text goes to the pure-Python composer, whose
    recursion limit is an ordinary, catchable error.
    """
    if text.count("[") + text.count("{") > MAX_DEPTH:  # else no bracket nesting is that deep
        depth = peak = 0
        for char in text:
            if char in "[{":
                depth += 1
                peak = max(peak, depth)
            elif char in "]}":
                depth -= 1
        if peak > MAX_DEPTH:
            return True
    return _DEEP_INDENT.search(text) is not None


def _compose(path: str, yaml_text: str, body: str, body_line: int) -> SourceDoc:
    loader = yaml.SafeLoader if _deeply_nested(yaml_text) else _Loader
    try:
        node = yaml.compose(yaml_text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        diag = _syntax_error(path, exc, yaml_text.split("\n"))
        return SourceDoc(path, None, body, body_line, diagnostics=(diag,))
    except RecursionError:
        message = f"front matter is nested more than {MAX_DEPTH} levels deep"
        diag = error(Span(path, 2, 1), "E014", message)
        return SourceDoc(path, None, body, body_line, diagnostics=(diag,))
    except yaml.YAMLError as exc:
        diag = error(Span(path, 2, 1), "E004", f"YAML error: {exc}")
        return SourceDoc(path, None, body, body_line, diagnostics=(diag,))
    builder = _Builder(path)
    if node is None:
        return SourceDoc(path, {}, body, body_line)
    if not isinstance(node, yaml.MappingNode):
        what = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        diag = error(
            builder.span(node),
            "E005",
            f"front matter is {what}, not a mapping; write one 'field: value' per line",
        )
        return SourceDoc(path, None, body, body_line, diagnostics=(diag,))
    data = builder.build(node, (), 0)
    return SourceDoc(
        path,
        data if isinstance(data, dict) else None,
        body,
        body_line,
        builder.key_locs,
        builder.value_locs,
        builder.raw,
        tuple(builder.diagnostics),
    )


_KEY_AND_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"][^:]*?):\s+(.*?)\s*$")


def _syntax_error(path: str, exc: yaml.MarkedYAMLError, lines: list[str]) -> Diagnostic:
    """E004, said so that someone who has never heard of YAML can mend it: a
    tab is named as a tab, a colon inside a value gets the line to write."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 2, mark.column + 1) if mark else (2, 1)
    text = lines[line - 2] if mark and 0 <= line - 2 < len(lines) else ""
    problem = exc.problem or ""
    if "\t" in text and ("tab" in problem or "cannot start any token" in problem):
        return error(Span(path, line, text.index("\t") + 1), "E004",
                     "a tab character indents this line; front matter is indented with spaces only: "
                     "replace the tab with spaces")  # fmt: skip
    written = _KEY_AND_VALUE.match(text)
    if "mapping values are not allowed" in problem and written:
        prefix, key, value = written.groups()
        quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        field = f"{prefix.strip()} {key}".strip()
        return error(Span(path, line, col), "E004",
                     "a colon followed by a space cannot stand inside a value as written; "
                     f"put the value in quotes: {field}: {quoted}")  # fmt: skip
    unclosed = {"flow sequence": ("[", "]"), "flow mapping": ("{", "}"), "quoted scalar": ("quote", "quote")}
    for what, (opener, closer) in unclosed.items():
        start = exc.context_mark
        if exc.context and what in exc.context and start is not None:
            name = "quote" if opener == "quote" else f"'{opener}'"
            end = "the same quote" if closer == "quote" else f"'{closer}'"
            return error(Span(path, start.line + 2, start.column + 1), "E004",
                         f"the {name} here is not closed: end the value with {end} on this line, "
                         "or write it without")  # fmt: skip
    message = f"YAML syntax error: {problem or exc.context}"
    if exc.context and exc.problem:
        where = exc.context_mark
        started = f" started on line {where.line + 2}" if where else ""
        message += f" ({exc.context}{started})"
    return error(Span(path, line, col), "E004", message)


class _Oversized(Exception):
    pass


class _Builder:
    """Turns a composed YAML node tree into plain values plus locations."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.key_locs: dict[Path, Loc] = {}
        self.value_locs: dict[Path, Loc] = {}
        self.raw: dict[Path, str] = {}
        self.diagnostics: list[Diagnostic] = []
        self.values = 0
        self.aborted = False

    def span(self, node: yaml.Node) -> Span:
        return Span(self.path, node.start_mark.line + 2, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        try:
            return self._value(node, path, depth)
        except _Oversized as exc:
            self.diagnostics.append(error(self.span(node), "E014", str(exc)))
            return None

    def _value(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            raise _Oversized(
                f"front matter expands to more than {MAX_VALUES} values (YAML aliases?); simplify it"
            )
        if depth > MAX_DEPTH:
            raise _Oversized(f"front matter is nested more than {MAX_DEPTH} levels deep")
        self.value_locs[path] = Loc(node.start_mark.line + 2, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _TAG + "map":
                self._bad_tag(node)
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                self._bad_tag(node)
            return [self._value(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _TAG + "merge":
                self.diagnostics.append(error(self.span(key_node), "E014", "keys must be plain words"))
                continue
            key = key_node.value
            if key in result:
                first = self.key_locs[(*path, key)]
                self.diagnostics.append(
                    error(
                        self.span(key_node),
                        "E013",
                        f"duplicate key '{key}' (first on line {first.line}); remove one of them",
                    )
                )
                continue
            child = (*path, key)
            self.key_locs[child] = Loc(key_node.start_mark.line + 2, key_node.start_mark.column + 1)
            result[key] = self._value(value_node, child, depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        self.raw[path] = node.value
        tag = node.tag
        if not tag.startswith(_TAG) and tag != "!":
            self._bad_tag(node)
            return node.value
        kind = tag.removeprefix(_TAG)
        try:
            if kind == "null":
                return None
            if kind == "bool":
                return _CONSTRUCTOR.construct_yaml_bool(node)
            if kind == "int":
                return _CONSTRUCTOR.construct_yaml_int(node)
            if kind == "float":
                return _CONSTRUCTOR.construct_yaml_float(node)
        except (ValueError, yaml.YAMLError):
            return node.value
        if kind in ("str", "timestamp") or tag == "!":
            # Dates stay text here: the model parses them, with its own errors.
            return node.value
        self._bad_tag(node)
        return node.value

    def _bad_tag(self, node: yaml.Node) -> None:
        self.diagnostics.append(
            error(
                self.span(node),
                "E014",
                f"unsupported YAML tag '{node.tag}'; remove it, values are plain text",
            )
        )
