"""What --redact reads as a phone number: a run of digits and the signs
between them (PHONE, or URL_NUMBER in an address) with nine digits or
more, but not what is written so for other reasons (dates, years, amounts,
versions, decimals, a machine's address, a code with one-digit parts)."""

from __future__ import annotations

import re

REDACTED = "[redacted]"
# (after a word and a colon or a hyphen, Tel:0161…; not after a digit and one, a range)
PHONE = re.compile(r"(?<![\w/.])(?<!\d[:-])\+?\(?\d[\d\s()./-]{6,}\d(?![\w/])(?!-\d)")
# A number inside an address (wa.me/447700900123, tel:+44…, ?phone=…).
URL_NUMBER = re.compile(r"(?<=[/:=])\+?\d[\d.-]{7,}\d(?![\w])")


def phone_or_not(match: re.Match[str]) -> str:
    """A run of digits and signs with its phone numbers redacted."""
    candidate = match.group(0)
    for start, end in reversed(phones_in(candidate)):
        candidate = candidate[:start] + REDACTED + candidate[end:]
    return candidate


def phones_in(run: str) -> list[tuple[int, int]]:
    """Where the phone numbers are in a run of digits and signs: each stretch
    of it between dates and machines' addresses (2026-11-21 0161 496 0000,
    192.168.1.10) with nine digits or more, but what is not a phone number
    however long (see _not_a_phone); without a bracket it does not close
    ("(0161 496 0000)"), nor a short number after it ("0161 496 0000 (10
    am…", "0113 496 0001 2 times")."""
    found, at = [], 0
    for other in (*_NOT_PHONE.finditer(run), None):
        end = other.start() if other is not None else len(run)
        stretch = _FIRST_TO_LAST_DIGIT.search(run, at, end)
        at = other.end() if other is not None else end
        if stretch is None:
            continue
        if _not_a_phone(stretch.group(0)):
            continue
        # A short number after it, shorter than its last part, is another one: "(10 am"
        groups = [g.group() for g in re.finditer(r"\d+", stretch.group(0))]
        while len(groups) > 1 and len(groups[-1]) <= 2 < len(groups[-2]) and sum(map(len, groups[:-1])) >= 9:
            groups.pop()
        number = stretch.group(0)[: [m.end() for m in re.finditer(r"\d+", stretch.group(0))][len(groups) - 1]]
        if sum(map(str.isdigit, number)) >= 9 and not _not_a_phone(number):
            unclosed = number.startswith("(") and ")" not in number
            found.append((stretch.start() + unclosed, stretch.start() + len(number)))
    return found


_NOT_PHONE = re.compile(
    r"\d{4}([-/])\d{1,2}\1\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}"  # dates
    r"|(?<!\d)\d{1,3}(?:\.\d{1,3}){3}(?!\d)"  # a machine's address
)
_FIRST_TO_LAST_DIGIT = re.compile(r"[+(]*\d(?:.*\d)?", re.S)


def _not_a_phone(number: str) -> bool:
    """Digits no phone number is written as: years or round amounts side by
    side (2019 2020 2021, in 2019 85000), a decimal (3.14159265), a version
    (10.0.19045.3693), parts of one digit (an ISBN, 4 8 15 16 23 42), a
    number in thousands (12 345 678 901), a ZIP code (94103-1234)."""
    groups = re.findall(r"\d+", number)
    if len(groups) < 2:
        return False
    dotted = re.fullmatch(r"\d+(?:\.\d+)+", number) is not None
    return (
        all(
            (len(g) == 4 and g[:2] in ("19", "20")) or (len(g) >= 4 and g[0] != "0" and g.endswith("00"))
            for g in groups
        )
        or (dotted and (len(groups) == 2 or any(len(g) == 1 for g in groups)))
        or sum(len(g) == 1 for g in groups) >= 2
        or (
            number[0] != "+"
            and len(groups[0]) <= 3
            and groups[0][0] != "0"
            and all(len(g) == 3 for g in groups[1:])
        )
        or re.fullmatch(r"\d{5}-\d{4}", number) is not None
    )
