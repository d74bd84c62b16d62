"""followups.ics: a calendar feed of open dated follow-ups and scheduled interviews.

Follow-ups are all-day VEVENTs with a VALARM (Google Calendar ignores
VTODO); scheduled interviews are timed VEVENTs. UIDs are derived from what
the event is about, not from when it was built, so a subscribed calendar
updates its events instead of duplicating them.

The feed is written directly (RFC 5545: CRLF lines folded at 75 octets,
TEXT values escaped): a journal with thousands of follow-ups would
otherwise spend most of a rebuild building calendar objects. The tests
read every feed back with the `icalendar` library.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from ..journal.followups import FollowUp
from ..journal.model import Interview, Journal

DOMAIN = "infoview.invalid"


def _uid(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"{digest}@{DOMAIN}"


def _text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> bytes:
    """One content line, folded at 75 octets without splitting a character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data + b"\r\n"
    if len(data) == len(line):  # ASCII: every character is one octet
        parts = [data[:75]] + [b" " + data[i : i + 74] for i in range(75, len(data), 74)]
        return b"\r\n".join(parts) + b"\r\n"
    out, chunk, limit = [], b"", 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(chunk) + len(encoded) > limit:
            out.append(chunk)
            chunk, limit = b" ", 75
        chunk += encoded
    out.append(chunk)
    return b"\r\n".join(out) + b"\r\n"


def _moment(value: dt.datetime) -> str:
    """YYYYMMDDTHHMMSS (Z in UTC), the year in four digits even before 1000."""
    utc = "Z" if value.tzinfo is not None else ""
    return f"{_date(value.date())}T{value.hour:02d}{value.minute:02d}{value.second:02d}{utc}"


def _date(value: dt.date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _day_end(day: dt.date) -> str:
    """The end of an all-day event: the next day, or one day long for the last
    date there is (`due: 9999-12-31`, "someday")."""
    if day == dt.date.max:
        return "DURATION:P1D"
    return f"DTEND;VALUE=DATE:{_date(day + dt.timedelta(days=1))}"


def _followup(item: FollowUp, stamp: str) -> list[str]:
    assert item.due is not None
    uid = _uid("followup", str(item.kind), item.record_id, item.origin, item.text)
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"SUMMARY:{_text(item.text)}",
        f"DTSTART;VALUE=DATE:{_date(item.due)}",
        _day_end(item.due),
        f"DESCRIPTION:{_text(f'From {item.span.path}:{item.span.line} ({item.origin})')}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{_text(item.text)}",
        "TRIGGER;RELATED=START:PT9H",
        "END:VALARM",
        "END:VEVENT",
    ]


def _interview(journal: Journal, interview: Interview, stamp: str) -> list[str]:
    names = ", ".join(journal.display_name(c) for c in interview.contacts)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_uid('interview', interview.id)}",
        f"DTSTAMP:{stamp}",
        f"SUMMARY:{_text('Informational interview: ' + names)}",
    ]
    time = interview.when.time
    if time is None:
        lines += [f"DTSTART;VALUE=DATE:{_date(interview.date)}", _day_end(interview.date)]
    else:
        start = dt.datetime.combine(interview.date, time)
        minutes = interview.duration or 30
        try:
            end = start + dt.timedelta(minutes=minutes)
            if start.tzinfo is not None:  # a written UTC offset: say it in UTC
                start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
        except OverflowError:  # at the end of 9999: a start and how long, as written
            lines += [f"DTSTART:{_moment(start)}", f"DURATION:PT{minutes}M"]
        else:  # in UTC where an offset was written, else floating, as written
            lines += [f"DTSTART:{_moment(start)}", f"DTEND:{_moment(end)}"]
    brief = f"Brief: prep/{interview.id}.html in the journal's site (infoview prep {interview.id})"
    details = [interview.topic or "", interview.mode or "", f"From {interview.path}", brief]
    lines.append(f"DESCRIPTION:{_text(chr(10).join(d for d in details if d))}")
    if interview.location:
        lines.append(f"LOCATION:{_text(interview.location)}")
    lines.append("END:VEVENT")
    return lines


def calendar(
    journal: Journal,
    followups: Iterable[FollowUp],
    scheduled: Iterable[Interview],
    today: dt.date,
    title: str,
) -> bytes:
    stamp = f"{_date(today)}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//infoview//followups//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_text(title + ': follow-ups')}",
    ]
    for item in followups:
        if not item.done and item.due is not None:
            lines += _followup(item, stamp)
    for interview in scheduled:
        lines += _interview(journal, interview, stamp)
    lines.append("END:VCALENDAR")
    return b"".join(_fold(line) for line in lines)
