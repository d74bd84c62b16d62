"""The encrypted site's key (see seal.py): derived from the passphrase with
PBKDF2-SHA256 (a random salt per site, ITERATIONS rounds) as 512 bits, the
first half to encrypt with AES-256-GCM (a fresh random nonce each time),
the second to name files with HMAC-SHA256. What a sealed site says of it in
the clear (its Lock): the salt, the rounds, and a known text sealed with it,
to tell a wrong passphrase from a damaged page."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .output import Manifest

ITERATIONS = 600_000
LOCK_VERSION = 1
CHECK = b"infoview: the passphrase is right"


class PassphraseError(Exception):
    """The passphrase does not open the sealed site that is there; the message says what to do."""


@dataclass(frozen=True, slots=True)
class Lock:
    """What a sealed site says of its key, in the clear: the salt and rounds to
    derive it with, and a known text sealed with it (to tell a wrong
    passphrase from a damaged page)."""

    salt: bytes
    iterations: int
    check: str

    def dumps(self) -> str:
        return json.dumps({"sealed": LOCK_VERSION, "salt": b64(self.salt), "iterations": self.iterations,
                           "check": self.check}, separators=(",", ":"))  # fmt: skip

    @classmethod
    def loads(cls, text: str) -> Lock | None:
        try:
            data = json.loads(text)
            if data.get("sealed") != LOCK_VERSION:
                return None
            return cls(
                base64.b64decode(data["salt"], validate=True), int(data["iterations"]), str(data["check"])
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


@dataclass(frozen=True, slots=True)
class Keys:
    """The two halves of the derived key: one encrypts, one names files."""

    content: bytes
    names: bytes

    @classmethod
    def derive(cls, passphrase: str, salt: bytes, iterations: int) -> Keys:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

        kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=64, salt=salt, iterations=iterations)
        key = kdf.derive(passphrase.encode("utf-8"))
        return cls(key[:32], key[32:])

    def seal(self, data: bytes, name: str) -> str:
        """nonce + ciphertext (with its tag), base64: `name` is bound to it."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = os.urandom(12)
        return b64(nonce + AESGCM(self.content).encrypt(nonce, data, name.encode("utf-8")))

    def opens(self, sealed: str, name: str) -> bytes | None:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            raw = base64.b64decode(sealed, validate=True)
            return AESGCM(self.content).decrypt(raw[:12], raw[12:], name.encode("utf-8"))
        except (InvalidTag, ValueError):
            return None

    def mac(self, text: str) -> bytes:
        """HMAC-SHA256 of text under the naming half: no one without the key can make it."""
        return hmac.new(self.names, text.encode("utf-8"), hashlib.sha256).digest()


class Deriving:
    """The keys a passphrase gives the site in out, derived by a forked
    process from the moment this is made, while the plain site is built
    (PBKDF2's 600,000 rounds then cost next to no time): with the salt of the
    encrypted site there, or, for a new one, a fresh salt. keys() and
    fresh() wait for it, and derive here if asked for another salt (the
    site changed meanwhile). Not a thread: the build forks workers, which a
    process must not do while a thread of its own runs."""

    def __init__(
        self, passphrase: str, out: Path, new_passphrase: bool = False, iterations: int = ITERATIONS
    ) -> None:
        import multiprocessing

        from ..workers import can_fork

        there = Manifest.read(out) if out.is_dir() else None
        lock = Lock.loads(there.settings) if there is not None else None
        self.passphrase = passphrase
        self._fresh = lock is None or new_passphrase
        self._salt, self._iterations = (lock.salt, lock.iterations) if lock and not self._fresh else (
            os.urandom(16), iterations)  # fmt: skip
        self._keys: Keys | None = None
        self._receive: Any = None
        self._process: Any = None
        if can_fork():
            context = multiprocessing.get_context("fork")
            self._receive, send = context.Pipe(duplex=False)
            given = (send, os.getpid(), passphrase, self._salt, self._iterations)
            self._process = context.Process(target=_derive, args=given, name="infoview-key", daemon=True)
            self._process.start()
            send.close()

    def _made(self) -> Keys:
        if self._keys is None:
            derived = None
            if self._receive is not None:
                with contextlib.suppress(EOFError, OSError):
                    derived = self._receive.recv_bytes()
                self._receive.close()
                self._receive = None
                self._process.join()
            self._keys = (Keys(derived[:32], derived[32:]) if derived and len(derived) == 64
                          else Keys.derive(self.passphrase, self._salt, self._iterations))  # fmt: skip
        return self._keys

    def keys(self, salt: bytes, iterations: int) -> Keys:
        if (salt, iterations) == (self._salt, self._iterations):
            return self._made()
        return Keys.derive(self.passphrase, salt, iterations)

    def fresh(self, iterations: int) -> tuple[bytes, Keys]:
        """A new salt and its keys."""
        if self._fresh and iterations == self._iterations:
            return self._salt, self._made()
        salt = os.urandom(16)
        return salt, Keys.derive(self.passphrase, salt, iterations)


def _derive(send: Any, parent: int, passphrase: str, salt: bytes, iterations: int) -> None:
    """In the forked process: the keys, sent back as 64 bytes."""
    from ..workers import quiet_worker

    quiet_worker(parent)
    keys = Keys.derive(passphrase, salt, iterations)
    send.send_bytes(keys.content + keys.names)
    send.close()


def key_for(
    out: Path, old: Manifest | None, passphrase: Deriving, new_passphrase: bool, iterations: int
) -> tuple[Lock, Keys, bool]:
    """The sealed site's lock and keys: those of the site there, when the
    passphrase opens it; else new ones (and True), with new_passphrase or
    where no sealed site is there."""
    lock = Lock.loads(old.settings) if old is not None else None
    if lock is not None:
        keys = passphrase.keys(lock.salt, lock.iterations)
        if keys.opens(lock.check, "check") == CHECK and not new_passphrase:
            return lock, keys, False
        if not new_passphrase:
            raise PassphraseError(
                f"the passphrase does not open the encrypted site in {out}; give its passphrase, "
                "or use --new-passphrase to encrypt it anew under this one"
            )
    salt, keys = passphrase.fresh(iterations)
    return Lock(salt, iterations, keys.seal(CHECK, "check")), keys, True


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
