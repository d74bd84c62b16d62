"""followups.ics: a calendar feed of open dated follow-ups and scheduled interviews.

Follow-ups are all-day VEVENTs with a VALARM (Google Calendar ignores
VTODO); scheduled interviews are timed VEVENTs. UIDs are derived from what
the event is about, not from when it was built, so a subscribed calendar
updates its events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from ..followups import FollowUp
from ..model import Interview, Journal

DOMAIN = "infoview.invalid"


def _uid(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"{digest}@{DOMAIN}"


def calendar(
    journal: Journal,
    followups: Iterable[FollowUp],
    scheduled: Iterable[Interview],
    today: dt.date,
    title: str,
) -> bytes:
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//infoview//followups//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{title}: follow-ups")
    stamp = dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.UTC)
    for item in followups:
        if item.done or item.due is None:
            continue
        event = Event()
        event.add("uid", _uid("followup", str(item.kind), item.record_id, item.origin, item.text))
        event.add("dtstamp", stamp)
        event.add("summary", item.text)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + dt.timedelta(days=1))
        event.add("description", f"From {item.span.path}:{item.span.line} ({item.origin})")
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.text)
        alarm.add("trigger", dt.timedelta(hours=9))
        event.add_component(alarm)
        cal.add_component(event)
    for interview in scheduled:
        names = ", ".join(journal.display_name(c) for c in interview.contacts)
        event = Event()
        event.add("uid", _uid("interview", interview.id))
        event.add("dtstamp", stamp)
        event.add("summary", f"Informational interview: {names}")
        if interview.when.time is None:
            event.add("dtstart", interview.date)
            event.add("dtend", interview.date + dt.timedelta(days=1))
        else:
            start = dt.datetime.combine(interview.date, interview.when.time)
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(minutes=interview.duration or 30))
        details = [interview.topic or "", interview.mode or "", f"From {interview.path}"]
        event.add("description", "\n".join(d for d in details if d))
        if interview.location:
            event.add("location", interview.location)
        cal.add_component(event)
    return cal.to_ical()
