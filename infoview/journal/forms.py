"""The forms a private name, address or number is written in that a reader
reads as the same: text as names are compared (compared), the pattern a
name is looked for with (loose), a full name's other spellings (variants),
and a number found by its last digits among the digits and signs around it
(numbers_in). privacy.py looks for them in public text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

from .folding import APOSTROPHES, HYPHENS, fold

PHONE_DIGITS = 9  # the digits that tell a number from another, however it is written


def last_digits(number: str) -> str:
    return "".join(c for c in number if c.isdigit())[-PHONE_DIGITS:]


def phone_numbers(value: str) -> list[str]:
    """The last digits of each phone number a phone field holds: one, or two
    ("07700 900999 / 020 7946 0111"), without an extension ("… ext. 12")."""
    return [
        last_digits(m.group(0))
        for m in _ONE_NUMBER.finditer(value)
        if len(last_digits(m.group(0))) == PHONE_DIGITS
    ]


_ONE_NUMBER = re.compile(r"[+(]*\d(?:[\d\s().-]*\d)?")


def numbers_in(run: str, phones: dict[str, str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, path) of each private number in a run of digits and what
    separates them: from the first digit of the group its last digits begin
    in, with what is written before it as part of a number (a country code,
    "(0)", a bracket: +44 (0)7700…), up to its last digit; not the numbers
    around it (a date before it, "1 more" after it)."""
    digits = NON_DIGITS.sub("", run)
    at = [m.start() for m in re.finditer(r"\d", run)]
    done = 0
    while hits := [(found, d, path) for d, path in phones.items() if (found := digits.find(d, done)) >= 0]:
        first, number, path = min(hits)
        start, own = at[first], first
        while own > done and at[own - 1] == start - 1:  # the rest of its group of digits
            own, start = own - 1, start - 1
        before = _PREFIX.search(run, at[done] if done else 0, start)
        begin, end = (before.start() if before else start), at[first + len(number) - 1] + 1
        if run[begin] == "(" and ")" not in run[begin:end]:
            begin += 1  # "(07700 900123, or …": the bracket is the sentence's
        yield begin, end, path
        done = first + len(number)
        if done >= len(digits):
            return


# What is written before a number's own digits as part of it: +44 or 0044
# (in a bracket or not), then (0), each with the spaces or signs after it,
# then a bracket or a +.
_PREFIX = re.compile(r"\(?(?:(?:\+|(?<!\d)00)[1-9]\d{0,2}[\s.-]*)?(?:\(0\)[\s.-]*)?[(+]?$")


# Digits, and whatever a reader skips between them (white space, or a few
# signs: 07700 900123, 07700·900123, a dash or a slash, a number over two cells).
# A run of white space is taken whole (++): split every way it can be, a
# digit before a long indent would take minutes to give up on.
NUMBER_RUN = re.compile(r"[(+]{0,2}\d(?:(?:\s++|[^\w\s]|_){0,4}\d)*")
NON_DIGITS = re.compile(r"\D+")


def compared(text: str) -> str:
    """Text as compared (`folding.fold`: apostrophes and hyphens of every kind as
    the plain ones), an address broken around its @ made whole."""
    folded = fold(text)
    return _AT.sub("@", folded) if "@" in folded else folded


_AT = re.compile(r"\s*@\s*")


def loose(name: str) -> str:
    """A regular expression for a folded name: white space between words (a
    line break too, not an empty line: "Jo" ending a paragraph and "Lee"
    beginning the next are no "Jo Lee"), any around an address's @, and any
    apostrophe or hyphen for the plain one."""
    shown = {"'": f"[{APOSTROPHES}]", "-": f"[{HYPHENS}]", "@": r"\s*@\s*"}
    return _BETWEEN.join("".join(shown.get(c) or re.escape(c) for c in word) for word in name.split())


_BETWEEN = r"(?:[^\S\n]*\n[^\S\n]*|[^\S\n]+)"


def bare(text: str) -> str:
    """Text without the marks on its letters (zoe angstrom for zoë ångström)."""
    if text.isascii():
        return text
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    )


def bare_letters(text: str) -> str:
    """Text with each Latin letter that bears marks as the bare letter, one
    for one (the positions stay); text without one as it is."""
    return text.translate(_bare_table()) if MARKED.search(text) else text


MARKED = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")  # (where the Latin letters with marks are)


@cache
def _bare_table() -> dict[int, str]:
    table = {}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        plain = bare(chr(code))
        if len(plain) == 1 and plain != chr(code):
            table[code] = plain
    return table


def variants(name: str) -> set[str]:
    """The other ways a folded full name is written that a reader reads as
    the same: without its accents (zoe angstrom), a hyphen as a space
    (o'brien walsh), without an apostrophe or with a space for it (obrien-walsh,
    o brien-walsh)."""
    found = set()
    for form in (name, bare(name)):
        for spaced in (form, " ".join(form.replace("-", " ").split())):
            found |= {spaced, spaced.replace("'", ""), " ".join(spaced.replace("'", " ").split())}
    return found - {name}
