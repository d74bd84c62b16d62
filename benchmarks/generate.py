"""Generate a synthetic journal of N records, seeded, with realistic sizes.

About a third contacts, three fifths interviews, the rest companies; front
matter using most fields. Two profiles of notes:

- short (the default): bodies of one to four kilobytes with headings,
  lists, task items and wiki-links;
- long: notes as long as real ones: 600 to 1,500 words for a conversation
  (preparation, questions, several sections of notes with lists, tasks,
  links and now and then a table, takeaways, a reflection), 200 to 600 for
  a person or a company.

Every generated journal validates clean.

    python benchmarks/generate.py 10000 /tmp/journal-10k --seed 1
    python benchmarks/generate.py 10000 /tmp/journal-10k-long --notes long
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

FIRST = [
    "Ada",
    "Ben",
    "Chloé",
    "Dev",
    "Eitan",
    "Fatima",
    "Gus",
    "Hana",
    "Ivan",
    "Jun",
    "Kemi",
    "Lars",
    "Mira",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Teo",
    "Uma",
    "Vik",
    "Wen",
    "Yara",
    "Zoë",
]
LAST = [
    "Okafor",
    "Chen",
    "Márquez",
    "Webb",
    "Kim",
    "Novak",
    "Porter",
    "Tanaka",
    "Berg",
    "Santos",
    "Desai",
    "Adeyemi",
    "Fischer",
    "Rahman",
    "Nwosu",
    "Lang",
    "Ortega",
    "Ivanova",
    "Haddad",
    "Silva",
]
WORDS = [
    "research",
    "interview",
    "product",
    "design",
    "learning",
    "data",
    "team",
    "hiring",
    "portfolio",
    "mentor",
    "career",
    "teaching",
    "analysis",
    "users",
    "synthesis",
    "workshop",
    "insight",
    "stakeholder",
    "roadmap",
    "survey",
    "diary",
    "study",
    "consent",
    "recruit",
    "panel",
    "pitch",
    "network",
    "referral",
    "salary",
    "growth",
    "manager",
    "feedback",
]
SOURCES = [
    "friend",
    "family",
    "alumni",
    "colleague",
    "referral",
    "event",
    "conference",
    "meetup",
    "social",
    "cold",
    "other",
]
MODES = ["in-person", "video", "phone", "email", "chat", "other"]
STATUSES = ["done"] * 6 + ["requested", "scheduled", "cancelled", "declined", "no-response"]
TAGS = [
    "ux",
    "research",
    "data",
    "edtech",
    "healthcare",
    "nonprofit",
    "consulting",
    "product",
    "design",
    "hiring",
]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(6, 16)) for _ in range(sentences))


def body(rng: random.Random, contacts: list[str], today: dt.date) -> str:
    parts = ["## Preparation", "", paragraph(rng, rng.randint(2, 5)), "", "## Questions", ""]
    parts += [f"{i}. {sentence(rng, rng.randint(5, 10))}" for i in range(1, rng.randint(3, 6))]
    parts += ["", "## Notes", ""]
    parts += [f"- {sentence(rng, rng.randint(6, 14))}" for _ in range(rng.randint(3, 8))]
    parts += ["", paragraph(rng, rng.randint(2, 6)), ""]
    if contacts and rng.random() < 0.5:
        parts.append(f"Suggested I also talk to [[{rng.choice(contacts)}]].")
    if rng.random() < 0.3:
        due = today + dt.timedelta(days=rng.randint(-30, 60))
        box = "x" if rng.random() < 0.4 else " "
        parts += ["", "## Follow-up", "", f"- [{box}] {sentence(rng, 6)} due:{due}"]
    parts += ["", "## Reflection", "", paragraph(rng, rng.randint(1, 4)), ""]
    return "\n".join(parts)


def words(rng: random.Random, n: int) -> str:
    """About n words of prose, in paragraphs."""
    out, count = [], 0
    while count < n:
        size = rng.randint(40, 120)
        out.append(paragraph(rng, max(1, size // 11)))
        count += size
    return "\n\n".join(out)


def long_body(rng: random.Random, contacts: list[str], today: dt.date) -> str:
    """A conversation's notes as long as real ones: 600 to 1,500 words."""
    target = rng.randint(600, 1500)
    parts = ["## Preparation", "", words(rng, target // 8), "", "## Questions", ""]
    parts += [f"{i}. {sentence(rng, rng.randint(6, 12))}" for i in range(1, rng.randint(4, 8))]
    parts += ["", "## Notes", ""]
    for _ in range(rng.randint(3, 5)):
        parts += [f"### {sentence(rng, 3)[:-1]}", "", words(rng, target // 6), ""]
        parts += [f"- {sentence(rng, rng.randint(6, 14))}" for _ in range(rng.randint(2, 6))]
        parts.append("")
        if rng.random() < 0.3:
            parts += [f"See [{rng.choice(WORDS)} notes](https://example.com/{rng.choice(WORDS)}) and "
                      f"[[{rng.choice(contacts)}]]." if contacts else "See the notes.", ""]  # fmt: skip
    if rng.random() < 0.2:
        parts += ["| what | who | when |", "|---|---|---|"]
        parts += [
            f"| {rng.choice(WORDS)} | {rng.choice(WORDS)} | {today} |" for _ in range(rng.randint(2, 5))
        ]
        parts.append("")
    parts += ["## Follow-up", ""]
    for _ in range(rng.randint(1, 3)):
        due = today + dt.timedelta(days=rng.randint(-30, 60))
        parts.append(f"- [{'x' if rng.random() < 0.5 else ' '}] {sentence(rng, 6)} due:{due}")
    parts += ["", "## Takeaways", ""]
    parts += [f"- {sentence(rng, rng.randint(8, 14))}" for _ in range(rng.randint(2, 4))]
    parts += ["", "## Reflection", "", words(rng, target // 8), ""]
    return "\n".join(parts)


def generate(n: int, out: Path, seed: int, today: dt.date, notes: str = "short") -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    for folder in ("contacts", "interviews", "companies"):
        (out / folder).mkdir(parents=True)
    (out / "infoview.toml").write_text('[site]\ntitle = "Benchmark journal"\n')
    n_companies = max(1, n // 20)
    n_contacts = max(1, n // 3)
    n_interviews = n - n_companies - n_contacts
    companies = [f"company-{i:05d}" for i in range(n_companies)]
    for cid in companies:
        text = (
            f"---\nname: {cid.replace('-', ' ').title()}\nwebsite: https://{cid}.example.com\n"
            f"industry: {rng.choice(WORDS).title()}\ntags: [{rng.choice(TAGS)}]\n---\n\n"
            f"{paragraph(rng, 4) if notes == 'short' else words(rng, rng.randint(200, 600))}\n"
        )
        (out / "companies" / f"{cid}.md").write_text(text)
    contacts = []
    for i in range(n_contacts):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        cid = f"contact-{i:05d}"
        referred = f"referred_by: {rng.choice(contacts)}\n" if contacts and rng.random() < 0.3 else ""
        cadence = f"keep_in_touch: {rng.choice(['2w', '90d', '3m', '1y'])}\n" if rng.random() < 0.1 else ""
        private = "private: true\n" if rng.random() < 0.02 else ""
        text = (
            f"---\nname: {name}\ntitle: {rng.choice(WORDS).title()} Lead\n"
            f"company: {rng.choice(companies)}\nemail: {cid}@example.com\n"
            f"source: {rng.choice(SOURCES)}\n{referred}{cadence}{private}"
            f"tags: [{rng.choice(TAGS)}, {rng.choice(TAGS)}]\ncreated: 2025-01-01\n---\n\n"
            f"{paragraph(rng, rng.randint(2, 8)) if notes == 'short' else words(rng, rng.randint(200, 600))}\n"
        )
        sub = out / "contacts" / f"{i // 1000:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{cid}.md").write_text(text)
        contacts.append(cid)
    start = today - dt.timedelta(days=730)
    for i in range(n_interviews):
        date = start + dt.timedelta(days=rng.randint(0, 800))
        contact = rng.choice(contacts)
        status = rng.choice(STATUSES)
        if status == "scheduled" and date < today:
            status = "done"
        thanked = f"thanked: {date}\n" if status == "done" and rng.random() < 0.9 else ""
        referrals = (
            f"referrals: [{rng.choice(contacts)}]\n" if status == "done" and rng.random() < 0.2 else ""
        )
        follow = (
            f"follow_ups:\n  - do: {sentence(rng, 5)}\n    due: {date + dt.timedelta(days=7)}\n"
            if rng.random() < 0.3
            else ""
        )
        text = (
            f"---\ncontact: {contact}\ndate: {date} {rng.randint(8, 18):02d}:{rng.choice(['00', '30'])}\n"
            f"status: {status}\nmode: {rng.choice(MODES)}\nduration: {rng.choice([20, 30, 45, 60])}\n"
            f"topic: {sentence(rng, 5)}\ntags: [{rng.choice(TAGS)}]\n{thanked}{referrals}{follow}---\n\n"
            f"{body(rng, contacts, today) if notes == 'short' else long_body(rng, contacts, today)}"
        )
        sub = out / "interviews" / str(date.year)
        sub.mkdir(exist_ok=True)
        (sub / f"{date}-{i:05d}-{contact}.md").write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 21))
    parser.add_argument("--notes", choices=["short", "long"], default="short")
    args = parser.parse_args()
    generate(args.n, args.out, args.seed, args.today, args.notes)


if __name__ == "__main__":
    main()
