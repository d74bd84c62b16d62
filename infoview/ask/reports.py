"""What the terminal commands print: follow-ups, stats and one record.

Each function turns a Journal (plus follow-ups and "today") into columns and
rows, or into text for `show`; the CLI only prints them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..journal.followups import GROUPS, FollowUp
from ..journal.model import Journal, add_days, interview_status

if TYPE_CHECKING:
    from ..journal.config import Config
    from ..journal.diagnostics import Diagnostic

FOLLOWUP_COLUMNS = (
    "group", "due", "text", "origin", "kind", "record", "contacts", "source", "done",
    "done_on", "private", "ref",
)  # fmt: skip


def followup_rows(items: Sequence[FollowUp], journal: Journal, today: dt.date) -> list[tuple]:
    return [
        (
            f.group(today),
            f.due.isoformat() if f.due else None,
            f.text,
            f.origin,
            str(f.kind),
            f.record_id,
            ", ".join(journal.display_name(c) for c in f.contacts),
            f"{f.span.path}:{f.span.line}",
            f.done,
            f.done_on.isoformat() if f.done_on else None,
            f.private,
            f.ref,
        )
        for f in items
    ]


@dataclass(frozen=True, slots=True)
class FollowupRows:
    rows: list[tuple]  # FOLLOWUP_COLUMNS, every follow-up, done ones too
    errors: int  # errors in the journal
    notices: tuple[str, ...]
    people: list[tuple[str, ...]]  # each row's contacts, by id


def all_followup_rows(root: Path, today: dt.date) -> FollowupRows:
    """Every follow-up for today, from the index's cache when nothing changed since.
    An index whose rows cannot be read back is rebuilt, with a notice."""

    from ..index.refresh import updated
    from ..index.store import IndexDamaged, remove_index
    from ..journal.config import load_config, settings_digest

    key = f"{today.isoformat()}|{settings_digest(root)}|{len(FOLLOWUP_COLUMNS)}|people"
    config, diags = load_config(root)
    conn, stats = updated(root, config.allow_html)
    try:
        return _followup_rows(root, conn, stats.notices, key, config, diags, today)
    except IndexDamaged as exc:
        conn.close()
        remove_index(root)
        conn, stats = updated(root, config.allow_html)
        notices = (*stats.notices, f"index is damaged ({exc}); rebuilding it")
        return _followup_rows(root, conn, notices, key, config, diags, today)
    finally:
        conn.close()


def _followup_rows(
    root: Path,
    conn: sqlite3.Connection,
    notices: tuple[str, ...],
    key: str,
    config: Config,
    diags: list[Diagnostic],
    today: dt.date,
) -> FollowupRows:
    import json

    from ..index.store import fields_fingerprint, get_derived, put_derived
    from ..journal.diagnostics import Severity, count
    from ..journal.followups import derive
    from ..load.fields_only import fields_only
    from ..load.journal import collector_paused, combine

    # Follow-ups, their people and the count of errors come from the files'
    # fields alone (tasks and their lines, diagnostics included).
    fields = fields_fingerprint(conn)
    hit = get_derived(conn, "followups", key, fields)
    if hit is not None:
        data = json.loads(hit)
        people = [tuple(ids) for ids in data["people"]]
        return FollowupRows([tuple(r) for r in data["rows"]], data["errors"], notices, people)
    with collector_paused(freeze=True):
        # (from the index's tables: follow-ups and the checks across files read a few fields)
        result = combine(root, config, diags, fields_only(conn))
    items = derive(result.journal, config.rules, today)
    rows = followup_rows(items, result.journal, today)
    people = [f.contacts for f in items]
    errors = count(result.diagnostics, Severity.ERROR)
    put_derived(
        conn, "followups", key, fields, json.dumps({"rows": rows, "errors": errors, "people": people})
    )
    return FollowupRows(rows, errors, notices, people)


def within_rows(rows: Sequence[tuple], today: dt.date, days: int | None, show_all: bool) -> list[tuple]:
    """Open follow-ups (all with show_all), due within `days` if given."""
    limit = add_days(today, days).isoformat() if days is not None else None
    result = []
    for row in rows:
        done, due = row[8], row[1]
        if done and not show_all:
            continue
        if limit is not None and not done and (due is None or due > limit):
            continue
        result.append(row)
    return result


def load_followups_table(conn: sqlite3.Connection, rows: Sequence[tuple]) -> None:
    """A temporary `followups` table, so `query followups` filters it with SQL."""
    conn.execute(
        "CREATE TEMP TABLE followups (grp TEXT, due TEXT, text TEXT, origin TEXT, kind TEXT, "
        "record_id TEXT, contacts TEXT, source TEXT, done INTEGER, done_on TEXT, private INTEGER, ref TEXT)"
    )
    conn.executemany("INSERT INTO temp.followups VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)


def followups_text(rows: Sequence[tuple]) -> str:
    """Grouped, for people: a heading per group, then the reference, due date
    (for done ones, the day they were done), text and source."""
    from .formats import paint

    if not rows:
        return "Nothing to follow up. \N{PARTY POPPER}\n"
    lines: list[str] = []
    for group in GROUPS:
        members = [r for r in rows if r[0] == group]
        if not members:
            continue
        look = {"overdue": ("red", "bold"), "today": ("yellow", "bold")}.get(group, ("bold",))
        lines.append(paint(f"{group.capitalize()} ({len(members)})", *look))
        for r in members:
            due = (r[9] or "") if group == "done" else (r[1] or "")
            origin = "" if r[3] in ("front matter", "task") else f"  [{r[3]}]"
            lines.append(f"  {paint(r[11], 'cyan')}  {due:<10}  {r[2]}{origin}")
            lines.append(f"  {'':<6}  {'':<10}  ↳ {r[7]}")
        lines.append("")
    return "\n".join(lines)


# --- stats ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stats:
    totals: dict[str, int]
    per_month: list[tuple[str, int, int]]  # month, done, all conversations
    funnel: list[tuple[str, int]]
    response_rate: float | None
    by_source: list[tuple[str, int, int, int]]  # source, contacts, asked, met
    by_mode: list[tuple[str, int]]

    def to_json(self) -> dict[str, Any]:
        return {
            "totals": self.totals,
            "per_month": [{"month": m, "done": d, "all": a} for m, d, a in self.per_month],
            "funnel": dict(self.funnel),
            "response_rate": self.response_rate,
            "by_source": [
                {"source": s, "contacts": c, "asked": a, "met": m} for s, c, a, m in self.by_source
            ],
            "by_mode": dict(self.by_mode),
        }


@dataclass(frozen=True, slots=True)
class Person:
    """What the figures read of a contact."""

    id: str
    source: str | None
    status: str | None
    referred_by: str | None


@dataclass(frozen=True, slots=True)
class Talk:
    """What the figures read of a conversation."""

    id: str
    date: dt.date
    status: str | None
    mode: str | None
    contacts: tuple[str, ...]
    referrals: bool  # it names someone they introduced


@dataclass(frozen=True, slots=True)
class Counted:
    """What the figures are counted from: every contact and conversation
    (the first file of each id), from a Journal or from the index."""

    people: tuple[Person, ...]
    talks: tuple[Talk, ...]
    companies: int

    @classmethod
    def of(cls, journal: Journal) -> Counted:
        people = tuple(Person(c.id, c.source, c.status, c.referred_by) for c in journal.contacts.values())
        talks = tuple(Talk(i.id, i.date, i.status, i.mode, i.contacts, bool(i.referrals))
                      for i in journal.interviews.values())  # fmt: skip
        return cls(people, talks, len(journal.companies))

    @classmethod
    def read(cls, conn: sqlite3.Connection) -> Counted:
        """From the index's tables, without decoding a record."""
        people: dict[str, Person] = {}
        for rid, source, status, referred_by in conn.execute(
            "SELECT id, source, status, referred_by FROM contact_rows ORDER BY path"
        ):
            people.setdefault(rid, Person(rid, source, status, referred_by))
        named: dict[str, list[str]] = {}
        for path, contact_id in conn.execute(
            "SELECT path, contact_id FROM interview_contacts ORDER BY path, position"
        ):
            named.setdefault(path, []).append(contact_id)
        referring = {path for (path,) in conn.execute("SELECT DISTINCT path FROM referrals")}
        talks: dict[str, Talk] = {}
        for path, rid, date, status, mode in conn.execute(
            "SELECT path, id, date, status, mode FROM interview_rows ORDER BY path"
        ):
            talk = Talk(
                rid, dt.date.fromisoformat(date), status, mode, tuple(named.get(path, ())), path in referring
            )
            talks.setdefault(rid, talk)
        (companies,) = conn.execute("SELECT count(DISTINCT id) FROM company_rows").fetchone()
        return cls(tuple(people.values()), tuple(talks.values()), companies)


@dataclass(frozen=True, slots=True)
class CountedRows:
    counted: Counted
    errors: int  # errors in the journal
    notices: tuple[str, ...]


def counted(root: Path) -> CountedRows:
    """What the figures count, read from the index's tables (brought up to
    date), with the journal's errors as `validate` finds them."""
    from ..index.store import index_path
    from ..journal.diagnostics import Severity, count
    from ..load.journal import checked
    from ..load.snapshot import reading_repaired

    found = checked(root)
    errors = count(found.diagnostics, Severity.ERROR)
    if not index_path(root).is_file():  # where the journal can keep no index
        from ..load.journal import load

        return CountedRows(
            Counted.of(load(root, use_index=False, notes=False).journal), errors, found.notices
        )
    read, notices = reading_repaired(root, Counted.read)
    return CountedRows(read, errors, (*found.notices, *notices))


def stats(counted: Counted, today: dt.date) -> Stats:
    talks = counted.talks
    status = {t.id: interview_status(t, today) for t in talks}
    with_each: dict[str, list[str]] = {}  # contact id -> the statuses of their talks
    for t in talks:
        for contact_id in t.contacts:
            with_each.setdefault(contact_id, []).append(status[t.id])
    people = counted.people
    statuses = Counter(status.values())
    stages = Counter(_stage(p, with_each.get(p.id, [])) for p in people)
    asked = [p for p in people if p.id in with_each]
    met = [p for p in people if "done" in with_each.get(p.id, ())]
    ids = {p.id for p in people}
    introducers = {p.referred_by for p in people if p.referred_by}
    introducers.update(c for t in talks if t.referrals and status[t.id] == "done" for c in t.contacts)
    totals = {
        "contacts": len(people),
        "interviews": len(talks),
        "companies": counted.companies,
        **{f"interviews_{s.replace('-', '_')}": n for s, n in sorted(statuses.items())},
        **{f"contacts_{s.replace('-', '_')}": n for s, n in sorted(stages.items())},
    }
    funnel = [
        ("contacts", len(people)),
        ("asked", len(asked)),
        ("met", len(met)),
        ("introduced someone", len(introducers & ids)),
    ]
    # An answer is any reply: a meeting held or arranged, a no, a cancellation.
    answered = [p for p in asked if any(s in _ANSWERS for s in with_each[p.id])]
    rate = round(len(answered) / len(asked), 3) if asked else None
    return Stats(totals, _per_month(talks, status), funnel, rate,
                 _by_source(people, with_each), _by_mode(talks, status))  # fmt: skip


_ANSWERS = ("done", "scheduled", "cancelled", "declined")


def _stage(person: Person, statuses: list[str]) -> str:
    """As Journal.stage: prospect → asked → scheduled → met, unless `status` overrides it."""
    if person.status:
        return person.status
    if "done" in statuses:
        return "met"
    if "scheduled" in statuses:
        return "scheduled"
    return "asked" if statuses else "prospect"


def _per_month(talks: Sequence[Talk], status: dict[str, str]) -> list[tuple[str, int, int]]:
    done: Counter[str] = Counter()
    every: Counter[str] = Counter()
    for talk in talks:
        month = talk.date.strftime("%Y-%m")
        every[month] += 1
        if status[talk.id] == "done":
            done[month] += 1
    return [(m, done[m], every[m]) for m in sorted(every)]


def _by_source(people: Sequence[Person], with_each: dict[str, list[str]]) -> list[tuple[str, int, int, int]]:
    rows: dict[str, list[int]] = {}
    for person in people:
        row = rows.setdefault(person.source or "(none)", [0, 0, 0])
        row[0] += 1
        row[1] += person.id in with_each
        row[2] += "done" in with_each.get(person.id, ())
    table = [(source, made, asked, met) for source, (made, asked, met) in rows.items()]
    return sorted(table, key=lambda r: (-r[3], -r[1], r[0]))


def _by_mode(talks: Sequence[Talk], status: dict[str, str]) -> list[tuple[str, int]]:
    modes = Counter(t.mode or "(none)" for t in talks if status[t.id] == "done")
    return sorted(modes.items(), key=lambda m: (-m[1], m[0]))


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def stats_text(s: Stats) -> str:
    from .formats import to_table

    funnel_rows = [(stage, n, _percent(n, s.funnel[0][1])) for stage, n in s.funnel]
    source_rows = [(src, c, a, m, _percent(m, a)) for src, c, a, m in s.by_source]
    rate = f"{100 * s.response_rate:.0f}%" if s.response_rate is not None else "-"
    parts = [
        "Totals",
        to_table(("what", "count"), [(key.replace("_", " "), n) for key, n in s.totals.items()]),
        "Interviews per month",
        to_table(("month", "done", "all"), s.per_month),
        f"Outreach funnel (response rate: {rate} of the people asked have answered)",
        to_table(("stage", "contacts", "share"), funnel_rows),
        "By source: which channels lead to conversations",
        to_table(("source", "contacts", "asked", "met", "met/asked"), source_rows),
        "Done interviews by mode",
        to_table(("mode", "interviews"), s.by_mode),
    ]
    return "\n".join(parts)


def stats_rows(s: Stats) -> list[tuple[str, str, Any]]:
    """One (section, key, value) row per figure, for CSV."""
    rows: list[tuple[str, str, Any]] = [("totals", k, v) for k, v in s.totals.items()]
    rows += [("per_month_done", m, d) for m, d, _ in s.per_month]
    rows += [("per_month_all", m, a) for m, _, a in s.per_month]
    rows += [("funnel", k, v) for k, v in s.funnel]
    rows.append(("response_rate", "answered/asked", s.response_rate))
    for src, c, a, m in s.by_source:
        rows += [("source_contacts", src, c), ("source_asked", src, a), ("source_met", src, m)]
    rows += [("mode", k, v) for k, v in s.by_mode]
    return rows
