"""infoview.toml → a frozen Config, with diagnostics for what is wrong in it."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, Span, did_you_mean, error, warning

CONFIG_NAME = "infoview.toml"
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True, slots=True)
class Rule:
    enabled: bool = True
    days: int = 0


@dataclass(frozen=True, slots=True)
class Rules:
    """The follow-up rules; `days` means what each rule says it means."""

    thank_you: Rule = Rule(True, 1)  # due this many days after the interview
    nudge: Rule = Rule(True, 7)  # a request older than this many days
    keep_in_touch: Rule = Rule(True, 0)
    introduction: Rule = Rule(True, 7)  # due this many days after the interview that named them


@dataclass(frozen=True, slots=True)
class Config:
    title: str = "Informational interviews"
    owner: str = ""
    output: str = "_site"
    allow_html: bool = False
    timezone: str = ""  # the calendar's times: an IANA zone; "" is the machine's own
    url: str = ""  # where the site is published, for links from the calendar and exports
    alarm: int = 30  # minutes before a planned conversation its calendar event rings; 0: none
    rules: Rules = field(default_factory=Rules)
    sql_timeout: int = 10  # seconds an `infoview sql` query may run


DEFAULT = Config()

TEMPLATE = """\
# infoview configuration. Every setting is optional; the values shown are
# the defaults. This file marks the root of the journal.

[site]
# title = "Informational interviews"
# owner = ""            # your name, shown in the site's header
# output = "_site"      # where `infoview build` writes the site
# allow_html = false    # let raw HTML in notes through (escaped by default)
# timezone = ""         # the calendar's times, e.g. "Europe/London"; "" is this machine's zone
# url = ""              # where the site is published (https://…): the calendar links to pages there

[calendar]
# alarm = 30            # minutes before a planned conversation to be reminded; 0 for none

# Follow-ups that infoview suggests by itself. Switch one off with
# `enabled = false`.
[rules.thank_you]       # a done interview without `thanked:`
# enabled = true
# days = 1              # due this many days after the interview

[rules.nudge]           # a `requested` interview with no answer
# enabled = true
# days = 7              # after this many days (from the last `nudged:`, if any)

[rules.keep_in_touch]   # contacts with `keep_in_touch: 3m`
# enabled = true

[rules.introduction]    # a referral who has no interview yet
# enabled = true
# days = 7              # due this many days after the interview that named them

[sql]
# timeout = 10          # seconds a query of `infoview sql` may run
"""


def load_config(root: Path) -> tuple[Config, list[Diagnostic]]:
    path = root / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return DEFAULT, []
    except (OSError, UnicodeDecodeError) as exc:
        return DEFAULT, [error(Span(CONFIG_NAME), "E017", f"cannot read {CONFIG_NAME}: {exc}")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POS.search(str(exc))
        line, col = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        message = _TOML_POS.sub("", str(exc)).strip()
        return DEFAULT, [error(Span(CONFIG_NAME, line, col), "E017", f"invalid TOML: {message}")]
    return _from_data(data, _KeyFinder(text))


class _KeyFinder:
    """Finds where a setting is written in the TOML text, by its dotted name
    (`rules.nudge.days`): under its table's header, or as a dotted key."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def span(self, dotted: str) -> Span:
        table = ""
        best: Span | None = None
        for number, line in enumerate(self.lines, start=1):
            header = _HEADER.match(line)
            if header:
                table = _dotted(header.group(1))
                if table == dotted:
                    return Span(CONFIG_NAME, number, line.index("[") + 1)
                continue
            key = _KEY.match(line)
            if key is None:
                continue
            name = f"{table}.{_dotted(key.group(1))}" if table else _dotted(key.group(1))
            column = len(line) - len(line.lstrip()) + 1
            if name == dotted:
                return Span(CONFIG_NAME, number, column)
            if dotted.startswith(name + ".") and best is None:  # within an inline table
                best = Span(CONFIG_NAME, number, column)
        return best or Span(CONFIG_NAME)


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r"""^\s*((?:[\w-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[\w-]+|"[^"]*"|'[^']*'))*)\s*=""")


def _dotted(key: str) -> str:
    """A TOML key as one dotted name: no quotes, no spaces around the dots."""
    return ".".join(part.strip().strip("\"'") for part in key.split("."))


def _from_data(data: dict[str, Any], where: _KeyFinder) -> tuple[Config, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    _unknown(data, ("site", "rules", "sql", "calendar"), "", where, diags)
    site = _table(data, "site", "", where, diags)
    _unknown(site, ("title", "owner", "output", "allow_html", "timezone", "url"), "site.", where, diags)
    calendar = _table(data, "calendar", "", where, diags)
    _unknown(calendar, ("alarm",), "calendar.", where, diags)
    config = Config(
        title=_typed(site, "site.title", str, DEFAULT.title, where, diags),
        owner=_typed(site, "site.owner", str, DEFAULT.owner, where, diags),
        output=_typed(site, "site.output", str, DEFAULT.output, where, diags),
        allow_html=_typed(site, "site.allow_html", bool, DEFAULT.allow_html, where, diags),
        timezone=_zone(_typed(site, "site.timezone", str, DEFAULT.timezone, where, diags), where, diags),
        url=_url(_typed(site, "site.url", str, DEFAULT.url, where, diags), where, diags),
        alarm=_typed(calendar, "calendar.alarm", int, DEFAULT.alarm, where, diags, (0, 10_080)),
    )
    rules_data = _table(data, "rules", "", where, diags)
    names = ("thank_you", "nudge", "keep_in_touch", "introduction")
    _unknown(rules_data, names, "rules.", where, diags)
    rules = Rules()
    for name in names:
        rule = _rule(rules_data, name, getattr(rules, name), where, diags)
        rules = replace(rules, **{name: rule})
    sql = _table(data, "sql", "", where, diags)
    _unknown(sql, ("timeout",), "sql.", where, diags)
    timeout = _typed(sql, "sql.timeout", int, DEFAULT.sql_timeout, where, diags, (1, 3600))
    return replace(config, rules=rules, sql_timeout=timeout), diags


def settings_digest(root: Path) -> str | None:
    """A digest of infoview.toml's words ("" without one; None when it cannot
    be read): what a kept result depends on besides the Config, since a
    setting misspelt changes no Config but is a warning."""
    path = root / CONFIG_NAME
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    except OSError:
        return None


def machine_zone() -> str:
    """This machine's time zone, by its IANA name: TZ, else what /etc/localtime
    links to, else /etc/timezone; UTC when none of them names one."""
    import zoneinfo

    def known(name: str) -> bool:
        try:
            zoneinfo.ZoneInfo(name)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            return False
        return True

    found = [os.environ.get("TZ", "").lstrip(":")]
    localtime = os.path.realpath("/etc/localtime")
    found.append(localtime.split("zoneinfo/", 1)[1] if "zoneinfo/" in localtime else "")
    with contextlib.suppress(OSError, UnicodeDecodeError):
        found.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    return next((name for name in found if name and known(name)), "UTC")


def calendar_zone(config: Config) -> str:
    """The zone the calendar's times are in: the setting, or the machine's."""
    return config.timezone or machine_zone()


def _zone(name: str, where: _KeyFinder, diags: list) -> str:
    """An IANA time zone's name, as zoneinfo knows it ("" stays: the machine's)."""
    if not name:
        return name
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        hint = did_you_mean(name, sorted(zoneinfo.available_timezones()))
        message = f"'site.timezone' is not a time zone: '{name}'{hint}; write one like \"Europe/London\""
        diags.append(error(where.span("site.timezone"), "E017", message))
        return DEFAULT.timezone
    return name


def _url(value: str, where: _KeyFinder, diags: list) -> str:
    if value and not re.match(r"https?://[^\s/]+", value):
        diags.append(
            error(where.span("site.url"), "E017", f"'site.url' should start with https://, not '{value}'")
        )
        return DEFAULT.url
    return value.rstrip("/") + "/" if value else value


def _rule(data: dict[str, Any], name: str, default: Rule, where: _KeyFinder, diags: list) -> Rule:
    value = data.get(name)
    if isinstance(value, bool):
        return Rule(value, default.days)
    table = _table(data, name, "rules.", where, diags)
    _unknown(table, ("enabled", "days"), f"rules.{name}.", where, diags)
    enabled = _typed(table, f"rules.{name}.enabled", bool, default.enabled, where, diags)
    days = _typed(table, f"rules.{name}.days", int, default.days, where, diags, (0, MAX_DAYS))
    return Rule(enabled, days)


def _table(data: dict[str, Any], key: str, prefix: str, where: _KeyFinder, diags: list) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        name = prefix + key
        diags.append(error(where.span(name), "E017", f"'{name}' should be a [{name}] table"))
        return {}
    return value


MAX_DAYS = 36_500  # a hundred years: the most a rule may wait


def _typed(
    data: dict[str, Any],
    dotted: str,
    kind: type,
    default: Any,
    where: _KeyFinder,
    diags: list,
    within: tuple[int, int] | None = None,
) -> Any:
    """The setting `dotted` (its last part is its key in data), checked."""
    value = data.get(dotted.rsplit(".", 1)[-1], default)
    if type(value) is not kind:
        expected = {str: "text", bool: "true or false", int: "a whole number"}[kind]
        diags.append(error(where.span(dotted), "E017", f"'{dotted}' should be {expected}"))
        return default
    if within is not None and isinstance(value, int) and not within[0] <= value <= within[1]:
        diags.append(
            error(where.span(dotted), "E017", f"'{dotted}' should be from {within[0]} to {within[1]}")
        )
        return default
    return value


def _unknown(
    data: dict[str, Any], known: tuple[str, ...], prefix: str, where: _KeyFinder, diags: list
) -> None:
    for key in data:
        if key not in known:
            hint = did_you_mean(key, known)
            diags.append(warning(where.span(prefix + key), "W001", f"unknown setting '{prefix}{key}'{hint}"))
