"""The calendar feed (followups.ics), read back with the icalendar library."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

TODAY = "2026-11-21"


def events(root):
    cal = Calendar.from_ical((root / "_site/followups.ics").read_bytes())
    return cal, list(cal.walk("VEVENT"))


def test_the_same_task_written_twice_in_a_file_is_two_events_with_their_own_stable_uids(
    write_journal, invoke
):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Lee\n---\n- [ ] Send the deck due:2026-11-25\n"
                           "- [ ] Send the deck due:2026-11-28\n- [ ] Other due:2026-11-26\n",
        "contacts/bo.md": "---\nname: Bo Kim\n---\n- [ ] Send the deck due:2026-11-25\n",
    })  # fmt: skip
    assert invoke("-j", str(root), "build", "--today", TODAY).exit_code == 0
    _cal, found = events(root)
    uids = [str(e["uid"]) for e in found]
    assert sorted((str(e["summary"]), e.decoded("dtstart").isoformat()) for e in found) == [
        ("Other", "2026-11-26"), ("Send the deck", "2026-11-25"), ("Send the deck", "2026-11-25"),
        ("Send the deck", "2026-11-28"),
    ]  # fmt: skip
    assert len(set(uids)) == 4
    assert invoke("-j", str(root), "build", "--today", "2026-11-22").exit_code == 0
    assert [str(e["uid"]) for e in events(root)[1]] == uids


def test_a_control_character_is_refused_by_validate_and_never_written(write_journal, invoke):
    root = write_journal({
        "contacts/ann.md": '---\nname: "Ann\\x01 Lee"\ntags: [ok, "b\\x07d"]\n---\n- [ ] Call\x02 her due:2026-11-25\n',
        "interviews/2026-11-25-ann.md": '---\ncontact: ann\ndate: 2026-11-25 10:00\nstatus: scheduled\n'
                                        'location: "Room\\x1b 4"\n---\n',
        "infoview.toml": '[site]\ntimezone = "UTC"\n',
    })  # fmt: skip
    result = invoke("-j", str(root), "validate")
    assert result.exit_code == 1
    assert result.stdout == (
        "contacts/ann.md:2:7: error: control character U+0001 in 'name'; remove it [E019]\n"
        "contacts/ann.md:3:12: error: control character U+0007 in 'tags.1'; remove it [E019]\n"
        "contacts/ann.md:5:11: error: control character U+0002 in a task; remove it [E019]\n"
        "interviews/2026-11-25-ann.md:5:11: error: control character U+001B in 'location'; remove it [E019]\n"
        "4 errors, 0 warnings in 2 files\n"
    )
    assert invoke("-j", str(root), "build", "--today", TODAY).exit_code == 1
    assert (
        invoke("-j", str(root), "build", "--today", TODAY, "--keep-going").exit_code == 1
    )  # built, files left out
    data = (root / "_site/followups.ics").read_bytes()
    assert not any(b < 32 and b not in b"\r\n" for b in data)
    Calendar.from_ical(data)  # a strict reader takes it


def test_timed_conversations_are_in_utc_read_in_the_journals_zone_with_an_alarm(write_journal, invoke):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Lee\n---\n",
        "interviews/2026-07-01-ann.md": "---\ncontact: ann\ndate: 2026-07-01 10:00\nstatus: scheduled\n"
                                        "duration: 45\n---\n",
        "interviews/2026-12-01-ann.md": "---\ncontact: ann\ndate: 2026-12-01 10:00\nstatus: scheduled\n---\n",
        "interviews/2026-12-02-ann.md": "---\ncontact: ann\ndate: 2026-12-02 10:00+01:00\nstatus: scheduled\n---\n",
        "interviews/2026-12-03-ann.md": "---\ncontact: ann\ndate: 2026-12-03\nstatus: scheduled\n---\n",
        "infoview.toml": '[site]\ntimezone = "America/New_York"\nurl = "https://me.example/journal"\n',
    })  # fmt: skip
    result = invoke("-j", str(root), "build", "--today", "2026-06-01")
    assert result.exit_code == 0 and "calendar's times" not in result.stderr
    cal, found = events(root)
    assert str(cal["x-wr-timezone"]) == "America/New_York"
    utc = dt.UTC
    assert [(e.decoded("dtstart"), e.decoded("dtend")) for e in found] == [
        (dt.datetime(2026, 7, 1, 14, 0, tzinfo=utc), dt.datetime(2026, 7, 1, 14, 45, tzinfo=utc)),  # EDT
        (dt.datetime(2026, 12, 1, 15, 0, tzinfo=utc), dt.datetime(2026, 12, 1, 15, 30, tzinfo=utc)),  # EST
        (
            dt.datetime(2026, 12, 2, 9, 0, tzinfo=utc),
            dt.datetime(2026, 12, 2, 9, 30, tzinfo=utc),
        ),  # as written
        (dt.date(2026, 12, 3), dt.date(2026, 12, 4)),  # a whole day
    ]
    triggers = [[a["trigger"].to_ical().decode() for a in e.walk("VALARM")] for e in found]
    assert triggers == [["-PT30M"], ["-PT30M"], ["-PT30M"], ["PT9H"]]
    assert str(found[0]["description"]) == (
        "With Ann Lee\nPrepare: https://me.example/journal/prep/2026-07-01-ann.html (or infoview prep 2026-07-01-ann)\n"
        "Notes: https://me.example/journal/interviews/2026-07-01-ann.html\n"
        "Written in interviews/2026-07-01-ann.md"
    )
    (root / "infoview.toml").write_text('[calendar]\nalarm = 0\n[site]\ntimezone = "Asia/Tokyo"\n')
    assert invoke("-j", str(root), "build", "--today", "2026-06-01").exit_code == 0
    _cal, found = events(root)
    assert found[0].decoded("dtstart") == dt.datetime(2026, 7, 1, 1, 0, tzinfo=utc)
    assert [e.walk("VALARM") for e in found] == [[], [], [], []]


def test_without_a_setting_the_machines_zone_is_used_and_named(write_journal, invoke, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Lee\n---\n",
        "interviews/2026-12-01-ann.md": "---\ncontact: ann\ndate: 2026-12-01 10:00\nstatus: scheduled\n---\n",
    })  # fmt: skip
    result = invoke("-j", str(root), "build", "--today", TODAY)
    assert result.stderr == (
        "infoview: the calendar's times are in Asia/Tokyo, this machine's time zone "
        "(set [site] timezone in infoview.toml to choose one)\n"
    )
    assert events(root)[1][0].decoded("dtstart") == dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
    # a follow-up's event says what to do, where, and how to mark it done
    (root / "contacts/ann.md").write_text("---\nname: Ann Lee\n---\n- [ ] Send the deck due:2026-11-25\n")
    invoke("-j", str(root), "build", "--today", TODAY)
    task = next(e for e in events(root)[1] if str(e["summary"]) == "Send the deck")
    ref = invoke("-j", str(root), "followups", "--format", "json", "--today", TODAY).stdout.split('"ref": "')[
        1
    ][:6]
    assert str(task["description"]) == (
        f"Send the deck\nOpen: contacts/ann.html in the journal's site\n"
        f"Done? infoview done {ref} (or dismiss it: infoview dismiss {ref})\nWritten in contacts/ann.md:4"
    )


def test_a_wrong_time_zone_or_address_is_said_where_it_is_written(write_journal, invoke):
    root = write_journal({
        "contacts/ann.md": "---\nname: Ann Lee\n---\n",
        "infoview.toml": '[site]\ntitle = "J"\ntimezone = "Europe/Lodnon"\nurl = "me.example"\n[calendar]\nalarm = -5\n',
    })  # fmt: skip
    result = invoke("-j", str(root), "validate")
    assert result.stdout == (
        "infoview.toml:3:1: error: 'site.timezone' is not a time zone: 'Europe/Lodnon' (did you mean "
        "'Europe/London'?); write one like \"Europe/London\" [E017]\n"
        "infoview.toml:4:1: error: 'site.url' should start with https://, not 'me.example' [E017]\n"
        "infoview.toml:6:1: error: 'calendar.alarm' should be from 0 to 10080 [E017]\n"
        "3 errors, 0 warnings in 1 file\n"
    )
