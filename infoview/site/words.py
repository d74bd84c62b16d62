"""Folded words and phrases looked for as whole words, in text folded the
same way: what the leak check and the secrets' facts read (forbidden.py)."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable


class Words:
    """Folded words (or phrases) to look for as whole words, all at once."""

    def __init__(self, words: Iterable[str]) -> None:
        import ahocorasick

        self.words = sorted(set(words))
        self.automaton = ahocorasick.Automaton()
        for word in self.words:
            self.automaton.add_word(word, word)
        if self.words:
            self.automaton.make_automaton()

    def __bool__(self) -> bool:
        return bool(self.words)

    @property
    def digest(self) -> str:
        return hashlib.sha256("\x1f".join(self.words).encode("utf-8")).hexdigest()

    def held_by(self, text: str) -> set[str]:
        """The words folded text holds as whole words."""
        if not self.words:
            return set()
        return {word for end, word in self.automaton.iter(text) if bounded(text, end - len(word) + 1, end)}


def bounded(text: str, start: int, end: int) -> bool:
    """Is text[start:end + 1] a whole word (or words), not part of a longer one?
    (A hyphen joins a word to it, "Kim-Smith"; a dash does not, "--Bo Kim--".)"""
    return not _joined(text, start - 1, -1) and not _joined(text, end + 1, 1)


def _joined(text: str, at: int, step: int) -> bool:
    char = text[at] if 0 <= at < len(text) else " "
    if char != "-":
        return _in_word(char)
    beyond = text[at + step] if 0 <= at + step < len(text) else " "
    return beyond != "-" and _in_word(beyond)


def _in_word(char: str) -> bool:
    """Is char part of a word: a letter, digit, _ or -, or a mark on a letter
    (the dot of a folded "İ")?"""
    return char.isalnum() or char in "_-" or unicodedata.category(char).startswith("M")
