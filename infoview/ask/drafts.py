"""Messages drafted from the journal: asking for a conversation, thanking
for one, nudging a request, answering an introduction. Each comes from a
template (templates/messages/KIND.txt: a `Subject:` line, a blank line, the
body) that the journal's own templates/messages/ overrides. Nothing is
sent: the text is printed, or turned into a mailto: link."""

from __future__ import annotations

import datetime as dt
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from ..journal.model import Contact, Interview, Journal, interview_status
from ..resources import templates_dir

KINDS = ("ask", "thanks", "nudge", "intro")
# How a person's `source` reads in "I came across your work through …".
THROUGH = {"friend": "a friend", "family": "my family", "alumni": "our alumni network",
           "colleague": "a colleague", "referral": "a mutual contact", "event": "an event",
           "conference": "a conference", "meetup": "a meetup", "social": "social media"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Draft:
    to: str | None  # the e-mail address, if the journal has one
    subject: str
    body: str

    def text(self) -> str:
        to = f"To: {self.to}\n" if self.to else ""
        return f"{to}Subject: {self.subject}\n\n{self.body}"

    def mailto(self) -> str:
        query = urllib.parse.urlencode(
            {"subject": self.subject, "body": self.body}, quote_via=urllib.parse.quote
        )
        return f"mailto:{urllib.parse.quote(self.to or '', safe='@')}?{query}"


def draft(
    kind: str, journal: Journal, contact: Contact, interview: Interview | None, owner: str, root: Path
) -> Draft:
    """The message of `kind` to contact, about interview (the one it concerns, if any)."""
    import jinja2

    introducer = journal.contacts.get(introducer_of(journal, contact) or "")
    specific = _specific(interview) if interview else None
    referrals = ", ".join(journal.display_name(journal.resolve_contact(r) or r)
                          for r in interview.referrals) if interview else ""  # fmt: skip
    context = {
        "name": contact.name, "first_name": contact.name.split()[0], "owner": owner,
        "introducer": introducer.name if introducer else None, "source": THROUGH.get(contact.source or ""),
        "company": journal.company_name(contact) or None, "topic": interview.topic if interview else None,
        "date": _day(interview.date) if interview else None,
        "asked": _day(interview.asked or interview.date) if interview else None,
        "specific": specific, "referrals": referrals,
    }  # fmt: skip
    folders = [str(root / "templates" / "messages"), str(templates_dir() / "messages")]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders), autoescape=False, keep_trailing_newline=True
    )
    text = env.get_template(f"{kind}.txt").render(context)
    head, _, body = text.partition("\n\n")
    subject = head.removeprefix("Subject:").strip()
    return Draft(contact.email, subject, _tidy(body))


def _day(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')}"


def _specific(interview: Interview) -> str | None:
    """One thing from the notes: the first takeaway."""
    found = interview.sections.takeaways
    return found[0].text if found else None


def _tidy(body: str) -> str:
    """At most one blank line in a row, one new line at the end."""
    lines, blank = [], False
    for line in body.strip().split("\n"):
        if not line.strip():
            if not blank:
                lines.append("")
            blank = True
            continue
        lines.append(line.rstrip())
        blank = False
    return "\n".join(lines) + "\n"


def introducer_of(journal: Journal, contact: Contact) -> str | None:
    """Who introduced this person: `referred_by`, else whoever's interview named them."""
    from .prep import named_by

    return contact.referred_by or named_by(journal, contact)


def unfit(
    kind: str, journal: Journal, contact: Contact, interview: Interview | None, today: dt.date
) -> str | None:
    """Why a message of `kind` to contact would say something untrue, if it would."""
    if kind == "intro" and introducer_of(journal, contact) is None:
        return f"no one introduced {contact.name} (no referred_by, and no interview names them as a referral)"
    if kind == "thanks" and (interview is None or interview_status(interview, today) != "done"):
        return f"there is no conversation with {contact.name} to thank them for yet"
    if kind == "nudge" and (interview is None or interview_status(interview, today) != "requested"):
        return f"there is no unanswered request to {contact.name} to nudge"
    return None


def concerning(kind: str, journal: Journal, contact: Contact, today: dt.date) -> Interview | None:
    """The interview a message of `kind` is about: the latest held one for
    thanks, the latest request for a nudge, the next planned one otherwise."""
    talks = journal.interviews_with(contact.id)
    if kind == "thanks":
        wanted = [i for i in talks if interview_status(i, today) == "done"]
    elif kind == "nudge":
        wanted = [i for i in talks if i.status == "requested"]
    else:
        wanted = [i for i in talks if interview_status(i, today) in ("scheduled", "requested")]
    return wanted[-1] if wanted else None
