"""followups.ics: a calendar feed of open dated follow-ups and scheduled interviews.

Follow-ups are all-day VEVENTs with a VALARM, not iCalendar's to-do
components, which Google Calendar ignores; scheduled interviews are timed VEVENTs in UTC (their wall-clock
time read in the journal's time zone), so that every app shows them at the
same hour, with an alarm before them. UIDs are derived from what the event
is about, not from when it was built, so a subscribed calendar updates its
events instead of duplicating them; they are unique within the feed.

The feed is written directly (RFC 5545: CRLF lines folded at 75 octets,
TEXT values escaped): a journal with thousands of follow-ups would
otherwise spend most of a rebuild building calendar objects. The tests
read every feed back with the `icalendar` library.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..journal.config import Config, calendar_zone
from ..journal.followups import FollowUp
from ..journal.model import CONTROL, Interview, Journal, interview_status
from .urls import record_url, url_of

DOMAIN = "infoview.invalid"


def _uid(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"{digest}@{DOMAIN}"


def _text(value: str) -> str:
    """A TEXT value, escaped; control characters (refused by validate) left out."""
    return (
        CONTROL.sub("", value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> bytes:
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


@dataclass(frozen=True, slots=True)
class Feed:
    """What the feed needs besides the journal: the zone its times are in,
    how long before a conversation it rings, where the site is published
    ("" when it is not: links are then paths in the site), and which
    conversations have a brief."""

    zone: str
    alarm: int  # minutes; 0 for none
    site_url: str
    briefs: frozenset[str]
    stamp: str

    @classmethod
    def of(cls, config: Config, today: dt.date, briefs: Iterable[str]) -> Feed:
        """The feed a journal's settings ask for, made on `today`; briefs: the
        conversations with a brief (`prep/<id>.html`)."""
        return cls(
            calendar_zone(config), config.alarm, config.url, frozenset(briefs), f"{_date(today)}T000000Z"
        )

    def link(self, path: str) -> str:
        return f"{self.site_url}{path}" if self.site_url else f"{path} in the journal's site"


def _followup(item: FollowUp, feed: Feed, uid: str) -> list[str]:
    assert item.due is not None
    page = record_url(item.kind, item.record_id)
    what = [item.text, f"Open: {feed.link(page)}",
            f"Done? infoview done {item.ref} (or dismiss it: infoview dismiss {item.ref})",
            f"Written in {item.span.path}:{item.span.line}"]  # fmt: skip
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{feed.stamp}",
        f"SUMMARY:{_text(item.text)}",
        f"DTSTART;VALUE=DATE:{_date(item.due)}",
        _day_end(item.due),
        f"DESCRIPTION:{_text(chr(10).join(what))}",
        "TRANSP:TRANSPARENT",
        *_alarm(item.text, "TRIGGER;RELATED=START:PT9H"),
        "END:VEVENT",
    ]


def _alarm(text: str, trigger: str) -> list[str]:
    return ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{_text(text)}", trigger, "END:VALARM"]


def _interview(journal: Journal, interview: Interview, feed: Feed) -> list[str]:
    names = ", ".join(journal.display_name(c) for c in interview.contacts)
    summary = "Informational interview: " + names
    lines = ["BEGIN:VEVENT", f"UID:{_uid('interview', interview.id)}", f"DTSTAMP:{feed.stamp}",
             f"SUMMARY:{_text(summary)}"]  # fmt: skip
    time = interview.when.time
    if time is None:
        lines += [f"DTSTART;VALUE=DATE:{_date(interview.date)}", _day_end(interview.date)]
    else:
        lines += _times(dt.datetime.combine(interview.date, time), interview.duration or 30, feed.zone)
    what = [
        f"{interview.topic}" if interview.topic else "",
        f"With {names}" + (f", {interview.mode}" if interview.mode else ""),
    ]
    if interview.id in feed.briefs:
        what.append(f"Prepare: {feed.link(f'prep/{interview.id}.html')} (or infoview prep {interview.id})")
    what += [f"Notes: {feed.link(url_of(interview))}", f"Written in {interview.path}"]
    lines.append(f"DESCRIPTION:{_text(chr(10).join(w for w in what if w))}")
    if interview.location:
        lines.append(f"LOCATION:{_text(interview.location)}")
    if feed.alarm:
        trigger = f"TRIGGER:-PT{feed.alarm}M" if time is not None else "TRIGGER;RELATED=START:PT9H"
        lines += _alarm(summary, trigger)
    lines.append("END:VEVENT")
    return lines


def _times(start: dt.datetime, minutes: int, zone: str) -> list[str]:
    """A timed event's start and end, in UTC: the same moment in every
    calendar app. A time written without an offset is the zone's wall clock."""
    if start.tzinfo is None:
        start = start.replace(tzinfo=ZoneInfo(zone))
    try:
        end = (start + dt.timedelta(minutes=minutes)).astimezone(dt.UTC)
        start = start.astimezone(dt.UTC)
    except OverflowError:  # at the end of 9999: a start and how long, as written
        return [f"DTSTART:{_moment(start.replace(tzinfo=None))}", f"DURATION:PT{minutes}M"]
    return [f"DTSTART:{_moment(start)}", f"DTEND:{_moment(end)}"]


def _unique(uid: str, seen: dict[str, int]) -> str:
    """The UID, or for the same follow-up written again in one file, the
    UID with its place among them: the same from build to build."""
    seen[uid] = seen.get(uid, 0) + 1
    return uid if seen[uid] == 1 else _uid(uid, str(seen[uid]))


def scheduled(journal: Journal, today: dt.date) -> list[Interview]:
    """The conversations the feed has an event for: scheduled ones, in time order."""
    found = [i for i in journal.interviews.values() if interview_status(i, today) == "scheduled"]
    return sorted(found, key=lambda i: i.when.sort_key)


def calendar(
    journal: Journal,
    followups: Iterable[FollowUp],
    scheduled: Iterable[Interview],
    title: str,
    feed: Feed,
) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//infoview//followups//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_text(title + ': follow-ups')}",
        f"X-WR-TIMEZONE:{feed.zone}",
    ]
    seen: dict[str, int] = {}
    for item in followups:
        if not item.done and item.due is not None:
            uid = _unique(_uid("followup", str(item.kind), item.record_id, item.origin, item.text), seen)
            lines += _followup(item, feed, uid)
    for interview in scheduled:
        lines += _interview(journal, interview, feed)
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)
