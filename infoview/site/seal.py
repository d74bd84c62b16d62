"""The encrypted site: a built site sealed, file by file, so that any static
host can serve it and only someone with the passphrase can read it.

A key of 512 bits is derived from the passphrase (lock.py) with PBKDF2-SHA256 (a
random salt per site, ITERATIONS rounds): its first half encrypts, with
AES-256-GCM and a fresh random nonce for every file, its second half names
the files (HMAC-SHA256 of their path in the plain site), so that a file's
name says nothing of what it holds and no one without the passphrase can
work out which name is whose. Each page becomes a small page of its own (a
passphrase form and the page's ciphertext, its name bound to it as the
associated data); static/unlock.js decrypts it in the browser with the Web
Crypto API. The search index's shards become scripts that hold their
ciphertext. The style sheet and scripts, which are infoview's own and the
same for everyone, and robots.txt stay as they are.

The sealed site is made from the plain one the build keeps privately (in
the journal's .infoview/), and follows it: a file whose plain content and
key are what the sealed site's manifest says it was sealed from is neither
encrypted again nor rewritten (its manifest key is an HMAC of the plain
file's digest, which says nothing without the passphrase). Changing the
passphrase makes a new salt, and seals everything again.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..workers import in_workers
from .listing import files_in
from .lock import ITERATIONS, Deriving, Keys, Lock, b64, key_for
from .output import Manifest, ManifestCache, Stored, Writer, WriteStats, sha256
from .search import entries_of, is_shard
from .spare import prepared

PARALLEL = 500  # files to seal that are worth forking workers for
PAD = 1024  # a sealed file's content is a multiple of this many bytes
CALENDAR = "followups.ics"
UNLOCK = "static/unlock.js"  # the script that opens a sealed page
_PLAIN = ("robots.txt",)  # files that stay as they are, besides static/


@dataclass(frozen=True, slots=True)
class Sealed:
    stats: WriteStats
    files: int
    calendar: str | None  # the calendar's file name, when this build first wrote it there


def is_sealed(out: Path) -> bool:
    """Does out hold an encrypted site?"""
    manifest = Manifest.read(out) if out.is_dir() else None
    return manifest is not None and manifest.sealed


def seal_site(
    plain: Path,
    out: Path,
    passphrase: Deriving,
    parts: Path,
    *,
    new_passphrase: bool = False,
    calendar: bool = False,
    clean: bool = False,
    iterations: int = ITERATIONS,
    spare: Path | None = None,
) -> Sealed:
    """Seal the plain site into out (atomically, as a build writes a site);
    parts is the folder of the sealed page's template and its script.
    (Make `passphrase` before the plain site is built: it derives the key meanwhile.)
    With clean, every file is sealed again (a file damaged after it was
    published is made anew). Raises PassphraseError where out holds a site
    sealed with another passphrase and new_passphrase is not given. Spare:
    where the site before the previous one may be kept (see output.Spare)."""
    recent = ManifestCache()
    source = Manifest.read(plain)
    if source is None:
        raise OSError(f"the site to encrypt ({plain}) has no manifest")
    old = Manifest.read(out, recent) if out.is_dir() else None
    lock, keys, new_key = key_for(out, old, passphrase, new_passphrase, iterations)
    names = Renaming({rel: _name(keys, rel) for rel in source.files if rel != CALENDAR or calendar})
    shell, unlock = _shell(parts), (parts / "unlock.js").read_bytes()
    made_with = hashlib.sha256(shell.encode()).hexdigest()  # a new shell seals every page anew
    # What the sealed site holds as it would be made (a file removed by hand is made again).
    present = files_in(out) if old is not None and not (new_key or clean) else set()
    kept = {name: tag for name, tag in old.keys.items() if name in present} if old is not None else {}
    files = [(rel, name, _tag(keys, rel, f"{source.files[rel]}\0{made_with}"))
             for rel, name in sorted(names.names.items())]  # fmt: skip
    todo = [(rel, name, tag) for rel, name, tag in files if kept.get(name) != tag]
    as_it_is = old is not None and set(old.files) == {name for _, name, _ in files} | {UNLOCK}
    if as_it_is and not todo and old is not None and old.files[UNLOCK] == sha256(unlock) and not clean:
        return Sealed(WriteStats(0, len(old.files), 0), len(old.files), None)  # to the byte
    writer = Writer(out, recent, rewrite=clean, spare=prepared(spare, out, recent))
    try:
        stored = [writer.keep(name, tag) for rel, name, tag in files if kept.get(name) == tag]
        stored += _seal_all(writer, plain, todo, keys, names, _shell_parts(shell, lock))
        stored.append(writer.put(UNLOCK, unlock))
        stats = writer.commit(stored, Manifest(lock.dumps(), "", {}, {}))
    except BaseException:
        writer.abort()
        raise
    feed = names.names.get(CALENDAR)
    first_calendar = feed if any(s.rel == feed and s.written for s in stored) else None
    return Sealed(stats, len(stored), first_calendar)


def _name(keys: Keys, rel: str) -> str:
    """The sealed site's name for the plain site's file rel."""
    if rel == "index.html" or rel in _PLAIN or rel.startswith("static/"):
        return rel
    stem = base64.b32encode(keys.mac(rel)[:15]).decode("ascii").lower()
    extension = ".ics" if rel == CALENDAR else ".js" if is_shard(rel) else ".html"
    return stem + extension


def _tag(keys: Keys, rel: str, digest: str) -> str:
    """What the manifest keeps of a plain file's digest: nothing to anyone without the key."""
    return keys.mac(f"{rel}\0{digest}").hex()


def _seal_all(
    writer: Writer,
    plain: Path,
    todo: list[tuple[str, str, str]],
    keys: Keys,
    names: Renaming,
    page: Callable[[str], bytes],
) -> list[Stored]:
    """The plain site's files (rel, its sealed name and manifest key), sealed
    into the writer's site: on every core when there are many."""

    def seal(item: tuple[str, str, str]) -> Stored:
        rel, name, tag = item
        data = (plain / rel).read_bytes()
        if rel == CALENDAR:  # a calendar app cannot decrypt: the name is what keeps it private
            return writer.put(name, _calendar(data, names), tag)
        return writer.put(name, _sealed(rel, name, data, keys, names, page), tag)

    return in_workers(seal, todo, PARALLEL)[0]


def _sealed(
    rel: str, name: str, data: bytes, keys: Keys, names: Renaming, page: Callable[[str], bytes]
) -> bytes:
    """What the sealed site holds for the plain site's file rel."""
    if name == rel and rel != "index.html":
        return data  # static files and robots.txt
    if is_shard(rel):
        entries = entries_of(data.decode("ascii"))
        for entry in entries:
            entry["u"] = names.relinked(entry["u"], "")
        payload = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        sealed = json.dumps({"n": name, "d": keys.seal(_padded(payload), name)})
        return f"{_SEALED_SHARD}{sealed}]);\n".encode()
    folder = posixpath.dirname(rel)

    def relink(found: re.Match[str]) -> str:
        return found[1] + names.link(folder, found[2]) + found[3]

    text = _LINK.sub(relink, data.decode("utf-8"))
    return page(keys.seal(_padded(text.encode("utf-8")), name))


def _padded(data: bytes) -> bytes:
    """Data with spaces after it, to the next multiple of PAD bytes: a sealed
    file's size says how big it is only roughly (an edit of a few words
    mostly changes no size at all)."""
    return data + b" " * (-len(data) % PAD)


def _calendar(data: bytes, names: Renaming) -> bytes:
    """The calendar feed, its links to pages led to their sealed names."""
    from .ics import fold

    def relinked(found: re.Match[str]) -> str:
        written = found[0]
        parts = written.split("/")
        for at in range(len(parts)):  # the longest tail that is a page of the site
            rel = "/".join(parts[at:])
            if rel in names.names:
                return "/".join([*parts[:at], names.names[rel]])
        return written

    unfolded = data.decode("utf-8").replace("\r\n ", "").split("\r\n")  # (RFC 5545, 3.1)
    return b"".join(fold(_PAGE.sub(relinked, line)) for line in unfolded if line)


_SEALED_SHARD = "window.INFOVIEW_SEALED_SEARCH = (window.INFOVIEW_SEALED_SEARCH || []).concat(["
_PAGE = re.compile(r"[\w./:-]+\.html")
_LINK = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


@dataclass(frozen=True, slots=True)
class Renaming:
    """The sealed site's name of each file of the plain site, and the links of
    the plain site's pages as the sealed pages (all at the top of the site)
    must write them."""

    names: Mapping[str, str]
    _links: dict[tuple[str, str], str] = field(default_factory=dict)  # (folder, link as written) -> as sealed

    def link(self, folder: str, written: str) -> str:
        """A link as a page in folder writes it (HTML-escaped), as the sealed
        page must: made once for all the pages of a folder (they share most)."""
        key = (folder, written)
        if key not in self._links:
            self._links[key] = html.escape(self.relinked(html.unescape(written), folder))
        return self._links[key]

    def relinked(self, target: str, folder: str) -> str:
        if not target or target.startswith("#") or _SCHEME.match(target):
            return target
        cut = min((i for i in (target.find("#"), target.find("?")) if i >= 0), default=len(target))
        path, rest = target[:cut], target[cut:]
        if not path:
            return target
        resolved = posixpath.normpath(posixpath.join(folder, path))
        if resolved.startswith("../") or resolved == "..":
            return target
        return self.names.get(resolved, resolved) + rest


def _shell(parts: Path) -> str:
    """The sealed page's template (infoview's own, never a journal's) as text, its marks unfilled."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(parts.parent), autoescape=True,
                             trim_blocks=True, keep_trailing_newline=True)  # fmt: skip
    return env.get_template(f"{parts.name}/page.html").render()


def _shell_parts(shell: str, lock: Lock) -> Callable[[str], bytes]:
    """The sealed page's maker: the shell's text with its payload filled in."""
    text = (shell.replace("@SALT@", b64(lock.salt)).replace("@ITERATIONS@", str(lock.iterations))
            .replace("@CHECK@", lock.check))  # fmt: skip
    head, _, tail = text.partition("@PAYLOAD@")
    return lambda payload: f"{head}{payload}{tail}".encode()
