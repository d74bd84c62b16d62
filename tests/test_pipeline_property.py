"""Property-based tests over the whole pipeline: loader → validate → index → build.

Whatever journal hypothesis makes up, nothing raises; every record is either
on the site or named by a diagnostic; and the index agrees with a fresh parse.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview.load.journal import load
from infoview.site.build import BuildOptions, build
from infoview.site.urls import url_of

pytestmark = pytest.mark.slow

TODAY = dt.date(2026, 11, 21)
ids = st.sampled_from(["ann", "bo", "cy", "dee", "Ann", "e e", "zoë", "con"])
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
dates = st.one_of(st.dates(dt.date(2024, 1, 1), dt.date(2028, 1, 1)).map(str),
                  st.sampled_from(["2026-02-30", "soon", "2026-11-03 14:30", "2026-11-03T09:00+02:00"]))  # fmt: skip
values = st.one_of(texts, st.integers(-5, 100), st.booleans(), st.none(), st.lists(texts, max_size=3))


def yaml_value(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


@st.composite
def contact(draw):
    fields = {"name": draw(st.one_of(texts, values))}
    for key in draw(st.lists(st.sampled_from(["email", "source", "referred_by", "tags", "private",
                                              "keep_in_touch", "links", "nickname"]), max_size=4)):  # fmt: skip
        fields[key] = draw(st.one_of(values, ids, st.sampled_from(["friend", "cold", "3m", True])))
    body = draw(st.sampled_from(["", "Notes [[ann]] and [[bo|Bo]].", "- [ ] task due:2026-12-01",
                                 "<script>alert(1)</script>", "[x](javascript:alert(1))"]))  # fmt: skip
    return "---\n" + "".join(f"{k}: {yaml_value(v)}\n" for k, v in fields.items()) + f"---\n{body}\n"


@st.composite
def interview(draw):
    fields = {"contact": draw(st.one_of(ids, values)), "date": draw(dates)}
    for key in draw(st.lists(st.sampled_from(["status", "mode", "duration", "follow_ups", "referrals",
                                              "thanked", "private", "topic"]), max_size=4)):  # fmt: skip
        fields[key] = draw(st.one_of(values, st.sampled_from(["requested", "done", "video", "30m"]),
                                     st.just([{"do": "Thank", "due": "2026-11-30"}])))  # fmt: skip
    return "---\n" + "".join(f"{k}: {yaml_value(v)}\n" for k, v in fields.items()) + "---\nNotes.\n"


journals = st.fixed_dictionaries({
    "contacts": st.dictionaries(ids, contact(), max_size=5),
    "interviews": st.dictionaries(st.sampled_from(["i1", "i2", "i3", "I1"]), interview(), max_size=4),
    "raw": st.dictionaries(st.sampled_from(["contacts/x.md", "interviews/y.md", "companies/z.md"]),
                           st.one_of(st.binary(max_size=40), texts), max_size=2),
})  # fmt: skip


def write(root: Path, journal: dict) -> None:
    """A journal hypothesis made up, written under root."""
    (root / "infoview.toml").touch()
    for kind in ("contacts", "interviews"):
        (root / kind).mkdir()
        for record_id, text in journal[kind].items():
            (root / kind / f"{record_id}.md").write_text(text, encoding="utf-8")
    for rel, content in journal["raw"].items():
        (root / rel).parent.mkdir(exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (root / rel).write_bytes(data)


@given(journals, st.booleans(), st.booleans())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_whole_pipeline(journal, include_private, redact):
    root = Path(tempfile.mkdtemp())
    try:
        write(root, journal)
        result = load(root)
        fresh = load(root, use_index=False)
        assert result.journal.contacts == fresh.journal.contacts
        assert result.journal.interviews == fresh.journal.interviews
        assert result.diagnostics == fresh.diagnostics
        out = root / "_site"
        built = build(root, BuildOptions(TODAY, include_private=include_private, redact=redact,
                                         keep_going=True))  # fmt: skip
        assert built.built
        reported = {d.span.path for d in result.diagnostics}
        journal_obj = result.journal
        for record in (*journal_obj.contacts.values(), *journal_obj.interviews.values()):
            hidden = not include_private and journal_obj.is_private(record)
            on_site = (out / url_of(record)).is_file()
            assert on_site or hidden or record.path in reported, record.path
        for path in (root / "contacts").glob("*.md"):
            rel = path.relative_to(root).as_posix()
            stem = path.stem
            assert stem in journal_obj.contacts or rel in reported
    finally:
        shutil.rmtree(root)


# --- the extremes of every value validate accepts -------------------------------------

far_dates = st.one_of(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
                      st.sampled_from([dt.date.min, dt.date.max, dt.date(9999, 12, 25)]))  # fmt: skip
cadences = st.one_of(
    st.builds(lambda n, u: f"{n}{u}", st.integers(1, 40_000), st.sampled_from("dwmy")),
    st.sampled_from(["100y", "1200m", "5214w", "36500d", "101y", "9999y"]),
)
durations = st.one_of(st.integers(1, 1440), st.sampled_from([1441, 10**11, "24h", "25h"]))
clock = st.sampled_from(["", " 23:59", " 00:00", " 23:59-05:00", " 00:00+14:00"])


@st.composite
def extreme_journal(draw):
    when = draw(far_dates)
    due = draw(far_dates)
    status = draw(st.sampled_from(["requested", "scheduled", "done"]))
    return {
        "infoview.toml": f"[rules.thank_you]\ndays = {draw(st.integers(0, 36_500))}\n"
                         f"[rules.nudge]\ndays = {draw(st.integers(0, 36_500))}\n",
        "contacts/ann.md": f"---\nname: Ann Lee\nkeep_in_touch: {draw(cadences)}\n---\n"
                           f"- [ ] someday due:{due.isoformat()}\n",
        "contacts/bo.md": "---\nname: Bo Kim\nreferred_by: ann\n---\n",
        f"interviews/{when.isoformat()}-ann.md": f"---\ncontact: ann\ndate: {when.isoformat()}{draw(clock)}\n"
                                                 f"duration: {draw(durations)}\nstatus: {status}\n"
                                                 f"referrals: [Bo Kim]\nfollow_ups:\n  - do: Write\n"
                                                 f"    due: {due.isoformat()}\n---\n",
    }  # fmt: skip


@given(extreme_journal(), far_dates, st.sampled_from(["1d", "100y", "1200m"]))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_extreme_values_pass_through_every_command(journal, today, within):
    from click.testing import CliRunner

    from infoview.cli import main

    root = Path(tempfile.mkdtemp())
    try:
        for rel, text in journal.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        runner = CliRunner()
        day = today.isoformat()
        for args in (["validate"], ["followups", "--today", day], ["followups", "--today", day, "--within", within],
                     ["show", "ann", "--today", day], ["stats", "--today", day],
                     ["query", "interviews", "--today", day], ["query", "followups", "--today", day],
                     ["build", "--today", day, "--keep-going"]):  # fmt: skip
            result = runner.invoke(main, ["-j", str(root), *args])
            assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.output)
            assert result.exit_code in (0, 1), (args, result.output)
            assert "Traceback" not in result.output
        # What validate refuses is said at its line; what it accepts is built.
        checked = runner.invoke(main, ["-j", str(root), "validate"])
        for line in checked.output.splitlines()[:-1]:  # E015, or W008: an interview left out with its contact
            assert line.split(":")[1].isdigit() and ("[E015]" in line or "[W008]" in line), line
    finally:
        shutil.rmtree(root)
