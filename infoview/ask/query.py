"""Search-box filters → parameterised SQL over the index.

    infoview query interviews mode:video after:2026-01-01 -status:cancelled portfolio

A term is `field:value` (text fields match case-insensitively as a
substring; ids and enums exactly; `a,b` for either), `field:>3` /
`field:<=2026-06-01` on numbers and dates, `date:2026-11-01..2026-11-30`
(either end may be left open; both are included), `field:*` for "has a
value", `tag:x`, `after:DATE` (inclusive), `before:DATE` (exclusive), a
bare word for full-text search, and `-` before any of them to negate it. A
date is also `today`, `yesterday`, `tomorrow` or a distance from today:
`-30d`, `+2w`, `-3m`. Field names
and operators come only from the tables below; every value is a bound
parameter.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..index.tables import TABLES, Field, Table
from ..journal.fields import did_you_mean


class QueryError(ValueError):
    """A filter that cannot be understood; the message names the problem."""


@dataclass(frozen=True, slots=True)
class Query:
    sql: str
    params: dict[str, Any]
    columns: tuple[str, ...]


_COMPARISON = re.compile(r"(>=|<=|>|<)(.*)")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def build(
    kind: str,
    terms: Sequence[str],
    *,
    today: dt.date,
    sort: str | None = None,
    limit: int | None = None,
    columns: Sequence[str] | None = None,
) -> Query:
    """The SQL for a search; raises QueryError for anything malformed."""
    table = TABLES[kind]
    columns = tuple(columns) if columns else table.default_fields
    for name in columns:
        _field(table, kind, name)
    params: dict[str, Any] = {"today": today.isoformat()}
    where = [_term(table, kind, term, params, n) for n, term in enumerate(terms)]
    select = ", ".join(f'{_field(table, kind, c).sql} AS "{c}"' for c in columns)
    sql = f"SELECT {select} FROM {table.source}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY " + _order(table, kind, sort or table.default_sort)
    if limit is not None:
        if limit < 0:
            raise QueryError("--limit must be 0 or more")
        sql += " LIMIT :limit"
        params["limit"] = limit
    return Query(sql, params, columns)


def run(conn: sqlite3.Connection, query: Query) -> list[tuple[Any, ...]]:
    return conn.execute(query.sql, query.params).fetchall()


def _field(table: Table, kind: str, name: str) -> Field:
    field = table.fields.get(name)
    if field is None:
        if name == "tag":
            return table.fields["tags"]
        hint = did_you_mean(name, table.fields)
        known = ", ".join(table.fields)
        raise QueryError(f"unknown field '{name}' for {kind}{hint}; known fields: {known}")
    return field


def _order(table: Table, kind: str, sort: str) -> str:
    descending = sort.startswith("-")
    name = sort.lstrip("-")
    field = _field(table, kind, name)
    if kind == "followups" and name == "group":
        expr = (
            "CASE f.grp WHEN 'overdue' THEN 0 WHEN 'today' THEN 1 WHEN 'this week' THEN 2 "
            "WHEN 'later' THEN 3 WHEN 'no date' THEN 4 ELSE 5 END, f.due, f.source"
        )
        return expr + (" DESC" if descending else "")
    collate = " COLLATE NOCASE" if field.type in ("text", "people") else ""
    return f"{field.sql}{collate} {'DESC' if descending else 'ASC'} NULLS LAST, 1"


def _term(table: Table, kind: str, term: str, params: dict[str, Any], n: int) -> str:
    negate = term.startswith("-") and len(term) > 1
    body = term[1:] if negate else term
    key, sep, value = body.partition(":")
    if not sep or " " in key or not key:
        condition = _fulltext(table, body, params, n)
    else:
        condition = _filter(table, kind, key.lower(), value, params, n)
    return f"NOT ({condition})" if negate else f"({condition})"


def _fulltext(table: Table, words: str, params: dict[str, Any], n: int) -> str:
    if not words.strip():
        raise QueryError("empty search term")
    key = f"p{n}"
    if "MATCH" in table.text_search:
        tokens = [w for w in re.split(r"\s+", words.strip()) if w]
        params[key] = " ".join(
            '"' + w.rstrip("*").replace('"', '""') + '"' + ("*" if w.endswith("*") else "") for w in tokens
        )
    else:
        params[key] = "%" + _like_escape(words.lower()) + "%"
    return table.text_search.replace(":p", f":{key}")


def _filter(table: Table, kind: str, key: str, value: str, params: dict[str, Any], n: int) -> str:
    if not value:
        raise QueryError(f"'{key}:' needs a value: {key}:VALUE, or {key}:* for any value")
    if key in ("after", "before"):
        if table.date_field is None:
            raise QueryError(f"{kind} have no date; '{key}:' cannot be used")
        date = _date(key, value, params)
        params[f"p{n}"] = date
        op = ">=" if key == "after" else "<"
        return f"{table.fields[table.date_field].sql} {op} :p{n}"
    if key in ("tag", "tags"):
        return _tag(kind, value, params, n)
    field = _field(table, kind, key)
    if value == "*":
        return f"COALESCE({field.sql}, '') != ''"
    comparison = _COMPARISON.fullmatch(value)
    if comparison:
        return _compare(field, key, comparison.group(1), comparison.group(2), params, n)
    return _match(field, key, value, params, n)


def _tag(kind: str, value: str, params: dict[str, Any], n: int) -> str:
    alias = {"interviews": "i", "contacts": "c", "companies": "co"}.get(kind)
    if alias is None:
        raise QueryError(f"{kind} have no tags")
    values = [v.strip().lstrip("#").lower() for v in value.split(",") if v.strip()]
    names = []
    for index, tag in enumerate(values):
        params[f"p{n}_{index}"] = tag
        names.append(f":p{n}_{index}")
    listed = ", ".join(names)
    return f"EXISTS (SELECT 1 FROM tags t WHERE t.path = {alias}.path AND lower(t.tag) IN ({listed}))"


def _compare(field: Field, key: str, op: str, value: str, params: dict[str, Any], n: int) -> str:
    if field.type == "number":
        try:
            params[f"p{n}"] = float(value)
        except ValueError:
            raise QueryError(f"'{key}:{op}{value}': {key} is a number") from None
    elif field.type == "date":
        params[f"p{n}"] = _date(key, value, params, op)
    else:
        raise QueryError(f"'{key}' is {field.type}; '{op}' works on numbers and dates only")
    return f"{field.sql} {op} :p{n}"


def _match(field: Field, key: str, value: str, params: dict[str, Any], n: int) -> str:
    name = f"p{n}"
    if field.type in ("text", "list", "tags", "people"):
        params[name] = "%" + _like_escape(value.lower()) + "%"
        condition = f"lower(COALESCE({field.sql}, '')) LIKE :{name} ESCAPE '\\'"
        if field.type == "people":
            params[f"{name}_id"] = value
            condition += (
                " OR EXISTS (SELECT 1 FROM interview_contacts ic WHERE ic.path = i.path "
                f"AND ic.contact_id = :{name}_id)"
            )
        return condition
    if field.type == "number":
        try:
            params[name] = float(value)
        except ValueError:
            raise QueryError(f"'{key}:{value}': {key} is a number") from None
        return f"{field.sql} = :{name}"
    if field.type == "bool":
        truth = {"true": 1, "yes": 1, "1": 1, "false": 0, "no": 0, "0": 0}.get(value.lower())
        if truth is None:
            raise QueryError(f"'{key}:{value}': {key} is true or false")
        params[name] = truth
        return f"COALESCE({field.sql}, 0) = :{name}"
    if field.type == "date":
        if ".." in value:
            return _range(field, key, value, params, name)
        if not _DATE.fullmatch(value):
            params[name] = _date(key, value, params)  # today, -30d, +2w
            return f"substr({field.sql}, 1, 10) = :{name}"
        params[name] = value + "%"
        return f"{field.sql} LIKE :{name}"
    return _exact(field, key, value, params, name)


def _exact(field: Field, key: str, value: str, params: dict[str, Any], name: str) -> str:
    values = [v.strip() for v in value.split(",") if v.strip()]
    if field.type == "enum":
        values = [v.lower() for v in values]
        for v in values:
            if field.choices and v not in field.choices:
                hint = did_you_mean(v, field.choices) or f" (one of: {', '.join(field.choices)})"
                raise QueryError(f"unknown {key} '{v}'{hint}")
    names = []
    for index, v in enumerate(values):
        params[f"{name}_{index}"] = v
        names.append(f":{name}_{index}")
    return f"{field.sql} IN ({', '.join(names)})"


def _range(field: Field, key: str, value: str, params: dict[str, Any], name: str) -> str:
    """`from..to`, either end left open, both ends included."""
    start, _, end = value.partition("..")
    if not start and not end:
        raise QueryError(f"'{key}:{value}': give a date on one side of '..' at least")
    conditions = []
    if start:
        params[f"{name}_from"] = _date(key, start, params)
        conditions.append(f"{field.sql} >= :{name}_from")
    if end:
        params[f"{name}_to"] = _date(key, end, params)
        conditions.append(f"substr({field.sql}, 1, 10) <= :{name}_to")
    return " AND ".join(conditions)


def _date(key: str, value: str, params: dict[str, Any], op: str = "") -> str:
    """A day as the command line takes it (2026-11-03, today, -30d, +2w), in ISO form."""
    from ..journal.days import parse_day

    day = parse_day(value, dt.date.fromisoformat(params["today"]))
    if day is None:
        raise QueryError(f"'{key}:{op}{value}' is not a date like 2026-11-03, today, -30d or +2w")
    return day.isoformat()


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
