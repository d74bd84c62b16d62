"""`build --encrypt`: a site any static host can serve, that says nothing of
the journal to anyone without the passphrase."""

from __future__ import annotations

import base64
import html
import re
import shutil
from pathlib import Path

import pytest

from infoview.journal.model import Contact, Interview
from infoview.load.journal import load
from infoview.site.listing import files_in
from infoview.site.lock import CHECK, ITERATIONS, Keys, Lock
from infoview.site.output import MANIFEST, Manifest

from .conftest import SAMPLE

PASSPHRASE = "correct horse battery staple"
TODAY = "2026-11-21"
_SEALED = re.compile(
    r'<script id="sealed" type="application/octet-stream" data-salt="([^"]+)" '
    r'data-iterations="(\d+)" data-check="([^"]+)">([^<]+)</script>'
)


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    root = tmp_path / "journal"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("_site", ".infoview"))
    return root


def encrypt(invoke, root: Path, out: Path, *more: str, passphrase: str = PASSPHRASE):
    return invoke("-j", str(root), "build", "--encrypt", "-o", str(out), "--today", TODAY, *more,
                  env={"INFOVIEW_PASSPHRASE": passphrase})  # fmt: skip


def opened(out: Path, passphrase: str = PASSPHRASE) -> dict[str, str]:
    """Every sealed page of the site, decrypted: its name -> the page."""
    lock = Lock.loads(Manifest.read(out).settings)  # type: ignore[union-attr]
    keys = Keys.derive(passphrase, lock.salt, lock.iterations)  # type: ignore[union-attr]
    pages = {}
    for rel in sorted(files_in(out)):
        if rel.endswith(".html"):
            found = _SEALED.search((out / rel).read_text(encoding="utf-8"))
            assert found, rel
            salt, iterations, check, payload = found.groups()
            assert (base64.b64decode(salt), int(iterations), check) == (lock.salt, ITERATIONS, lock.check)
            plain = keys.opens(payload, rel)  # (bound to the file's name)
            assert plain is not None, rel
            pages[rel] = plain.decode("utf-8")
    return pages


def _secrets(root: Path) -> list[str]:
    """Every name, id, e-mail address and topic of the journal, and a phrase of
    every note: long enough, or written with characters base64 never holds,
    that ciphertext cannot hold one by chance."""
    journal = load(root).journal
    found: set[str] = set()
    for record in journal.records():
        found.add(record.id)
        found.add(record.path.rsplit("/", 1)[-1])
        if isinstance(record, Contact):
            found.update(x for x in (record.name, record.email, record.phone) if x)
        elif isinstance(record, Interview):
            found.update(x for x in (record.topic,) if x)
        else:
            found.add(record.name)
        found.update(record.tags)
        words = re.findall("[A-Za-z\u2019']{3,}", record.body)
        if len(words) >= 4:
            found.add(
                " ".join(words[len(words) // 2 : len(words) // 2 + 3])
            )  # (words a space apart in the note)
    return sorted(s for s in found if len(s) >= 6 or re.search(r"[^A-Za-z0-9+/=]", s))


def test_an_encrypted_site_reveals_nothing_of_the_journal(invoke, journal: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = encrypt(invoke, journal, out)
    assert result.exit_code == 0, result.output
    secrets = _secrets(journal)
    assert len(secrets) > 150
    files = sorted(files_in(out))
    assert "followups.ics" not in files and not any(f.endswith(".ics") for f in files)
    # Names: index.html, the static files (infoview's own), robots.txt, the manifest; all else random.
    named = [f for f in files if not re.fullmatch(r"[a-z2-7]{24}\.(html|js)", f)]
    assert named == [MANIFEST, "index.html", "robots.txt", "static/search.js", "static/sort.js",
                     "static/style.css", "static/unlock.js"]  # fmt: skip
    for rel in files:
        data = (out / rel).read_bytes().decode("utf-8").casefold()
        for secret in secrets:
            assert secret.casefold() not in data, (rel, secret)
            assert secret.casefold() not in rel.casefold()
        assert "<title>locked journal</title>" in data if rel.endswith(".html") else True
    # What was sealed is the site: the sample's notes are in it, for whoever has the passphrase.
    pages = opened(out)
    assert len(pages) == 93
    assert "Dana Okafor" in pages["index.html"]


def test_every_sealed_page_opens_and_its_links_lead_to_files_of_the_sealed_site(
    invoke, journal: Path, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    assert encrypt(invoke, journal, out).exit_code == 0
    files = files_in(out)
    links = 0
    for rel, page in opened(out).items():
        assert "contacts/" not in page and "interviews/" not in page and "../" not in page, rel
        for target in re.findall(r'\s(?:href|src)="([^"#?]*)', page):
            target = html.unescape(target)
            if target and not re.match(r"[a-z]+:", target):
                assert target in files, (rel, target)
                links += 1
    assert links > 1500
    search = opened(out)
    assert any('src="static/search.js"' in page for page in search.values())


def test_the_passphrase_is_written_nowhere(invoke, journal: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert encrypt(invoke, journal, out).exit_code == 0
    secret = PASSPHRASE.encode()
    for folder in (out, journal):
        for rel in files_in(folder):
            data = (folder / rel).read_bytes()
            assert secret not in data and base64.b64encode(secret) not in data, rel


def test_every_file_has_its_own_nonce_and_a_changed_byte_is_found(
    invoke, journal: Path, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    assert encrypt(invoke, journal, out).exit_code == 0
    nonces = []
    for rel in files_in(out):
        if rel.endswith(".html"):
            payload = _SEALED.search((out / rel).read_text(encoding="utf-8")).group(4)  # type: ignore[union-attr]
            nonces.append(base64.b64decode(payload)[:12])
    assert len(nonces) == len(set(nonces)) == 93
    lock = Lock.loads(Manifest.read(out).settings)  # type: ignore[union-attr]
    keys = Keys.derive(PASSPHRASE, lock.salt, lock.iterations)  # type: ignore[union-attr]
    assert keys.opens(lock.check, "check") == CHECK
    index = _SEALED.search((out / "index.html").read_text(encoding="utf-8")).group(4)  # type: ignore[union-attr]
    raw = bytearray(base64.b64decode(index))
    raw[40] ^= 1
    assert keys.opens(base64.b64encode(bytes(raw)).decode(), "index.html") is None
    assert keys.opens(index, "another-page.html") is None  # a page moved to another name
    assert Keys.derive("not the passphrase", lock.salt, lock.iterations).opens(lock.check, "check") is None  # type: ignore[union-attr]


def test_an_unchanged_page_is_not_sealed_again_nor_rewritten(invoke, journal: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert encrypt(invoke, journal, out).exit_code == 0
    before = {rel: ((out / rel).stat().st_ino, (out / rel).read_bytes()) for rel in files_in(out)}
    again = encrypt(invoke, journal, out)
    assert again.exit_code == 0
    assert again.stdout.startswith("Site is up to date: 99 files in ")
    assert {rel: ((out / rel).stat().st_ino, (out / rel).read_bytes()) for rel in files_in(out)} == before
    note = journal / "interviews" / "2026" / "2026-10-29-dana-okafor.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nOne more thought.\n", encoding="utf-8")
    edited = encrypt(invoke, journal, out)
    assert edited.exit_code == 0
    changed = {rel for rel in files_in(out) if rel != MANIFEST and (out / rel).read_bytes() != before[rel][1]}
    kept = {rel for rel in files_in(out) if (out / rel).stat().st_ino == before.get(rel, (0,))[0]}
    plain = Manifest.read(journal / ".infoview" / "site")
    assert plain is not None
    # The interview's page, the search shard that holds it and the lists that show its notes: a few.
    assert 1 <= len(changed) <= 6, sorted(changed)
    assert kept | changed | {MANIFEST} == files_in(out)
    assert re.search(rf"\({len(changed)} written, {99 - len(changed)} unchanged, 0 removed\)", edited.stdout)
    assert any("One more thought." in page for rel, page in opened(out).items() if rel in changed)


def test_another_passphrase_is_refused_unless_it_is_new(invoke, journal: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert encrypt(invoke, journal, out).exit_code == 0
    before = {rel: (out / rel).read_bytes() for rel in files_in(out)}
    refused = encrypt(invoke, journal, out, passphrase="a different passphrase")
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: the passphrase does not open the encrypted site in {out}; give its passphrase, "
        "or use --new-passphrase to encrypt it anew under this one\n"
    )
    assert {rel: (out / rel).read_bytes() for rel in files_in(out)} == before
    changed = encrypt(invoke, journal, out, "--new-passphrase", passphrase="a different passphrase")
    assert changed.exit_code == 0
    # all but the static files, under new names (but index.html's)
    assert re.search(r"\(94 written, 5 unchanged, 93 removed\)", changed.stdout)
    assert len(opened(out, "a different passphrase")) == 93
    with pytest.raises(AssertionError):
        opened(out, PASSPHRASE)


def test_the_calendar_is_left_out_unless_asked_then_named_once(invoke, journal: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert encrypt(invoke, journal, out).exit_code == 0
    assert not any("followups.ics" in page or "calendar feed" in page for page in opened(out).values())
    asked = encrypt(invoke, journal, out, "--with-calendar")
    assert asked.exit_code == 0
    (feed,) = [rel for rel in files_in(out) if rel.endswith(".ics")]
    assert re.fullmatch(r"[a-z2-7]{24}\.ics", feed)
    assert asked.stdout.startswith(
        f"The calendar feed is at {out / feed}, unencrypted: anyone who has this address can read it. "
        "Give it only to your calendar app; it is not shown again.\n"
    )
    plain = (journal / ".infoview" / "site" / "followups.ics").read_bytes()
    sealed = (out / feed).read_bytes()
    unfolded = sealed.decode().replace("\r\n ", "")
    # The same events, their links to pages led to the pages' sealed names.
    assert unfolded.count("BEGIN:VEVENT") == plain.decode().count("BEGIN:VEVENT") > 5
    assert (
        re.search(r"[\w-]+/[\w.-]+\.html", unfolded) is None
    )  # (the notes' file names it names, as it must)
    pages = re.findall(r"Open: ([a-z2-7]{24}\.html) in the journal's site", unfolded)
    assert len(pages) > 5 and all(page in files_in(out) for page in pages)
    assert all(len(line) <= 75 for line in sealed.split(b"\r\n"))
    assert all(f'href="{feed}"' in page for page in opened(out).values())  # every page's footer
    again = encrypt(invoke, journal, out, "--with-calendar")
    assert again.exit_code == 0 and "calendar feed" not in again.stdout
    assert encrypt(invoke, journal, out).exit_code == 0
    assert not any(rel.endswith(".ics") for rel in files_in(out))


def test_the_passphrase_asked_for_twice_for_a_new_site_and_never_short(
    invoke, journal: Path, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    args = ("-j", str(journal), "build", "--encrypt", "-o", str(out), "--today", TODAY)
    short = "choose a passphrase of at least 8 characters besides spaces (a few words are best)"
    spaces = encrypt(invoke, journal, out, passphrase="          ")
    assert (spaces.exit_code, spaces.stderr) == (1, f"Error: INFOVIEW_PASSPHRASE: {short}\n")
    asked = invoke(*args, input=f"short\n{PASSPHRASE}\nsomething else\n{PASSPHRASE}\n{PASSPHRASE}\n")
    assert asked.exit_code == 0, asked.output
    assert asked.stderr.count(f"Error: {short}") == 1
    assert asked.stderr.count("Error: The two entered values do not match.") == 1
    assert asked.stderr.count("Passphrase: ") == 3 and asked.stderr.count("Repeat for confirmation: ") == 2
    assert PASSPHRASE not in asked.output
    once = invoke(*args, input=f"{PASSPHRASE}\n")  # a site there: asked once
    assert once.exit_code == 0 and once.stderr == "Passphrase: \n"
    wrong = encrypt(invoke, journal, out, passphrase="short")  # (the site's own is checked by opening it)
    assert wrong.exit_code == 1 and wrong.stderr.startswith(
        "Error: the passphrase does not open the encrypted site"
    )
    assert invoke("-j", str(journal), "build", "--new-passphrase").exit_code == 2
    told = invoke("-j", str(journal), "build", "--today", TODAY, env={"INFOVIEW_PASSPHRASE": PASSPHRASE})
    assert told.exit_code == 0
    assert (
        told.stderr
        == "infoview: INFOVIEW_PASSPHRASE is set, but without --encrypt the site is not encrypted\n"
    )


def test_sealed_by_workers_as_by_one_process(invoke, journal: Path, tmp_path: Path, monkeypatch) -> None:
    import infoview.site.seal

    monkeypatch.setattr(infoview.site.seal, "PARALLEL", 1)  # (a big site's many files are sealed so)
    out = tmp_path / "public"
    assert encrypt(invoke, journal, out).exit_code == 0
    assert len(opened(out)) == 93
    assert "Dana Okafor" in opened(out)["index.html"]


def test_a_file_removed_by_hand_is_made_again_and_files_of_ones_own_stay(
    invoke, journal: Path, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    assert encrypt(invoke, journal, out).exit_code == 0
    page = next(rel for rel in sorted(files_in(out)) if re.fullmatch(r"[a-z2-7]{24}\.html", rel))
    (out / page).unlink()
    (out / "CNAME").write_text("journal.example.org\n", encoding="utf-8")
    again = encrypt(invoke, journal, out)
    assert again.exit_code == 0, again.output
    assert re.search(r"\(1 written, 98 unchanged, 0 removed\)", again.stdout)  # that one, sealed again
    assert (out / page).is_file() and page in opened(out)
    assert (out / "CNAME").read_text(encoding="utf-8") == "journal.example.org\n"
    assert encrypt(invoke, journal, out).stdout.startswith("Site is up to date: 99 files in ")
    assert (out / "CNAME").is_file()


def test_a_build_without_encrypt_never_writes_over_an_encrypted_site(
    invoke, journal: Path, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    assert encrypt(invoke, journal, out).exit_code == 0
    before = {rel: (out / rel).read_bytes() for rel in files_in(out)}
    plain = invoke("-j", str(journal), "build", "-o", str(out), "--today", TODAY)
    assert plain.exit_code == 1
    assert plain.stderr == (
        f"Error: refusing to write an unencrypted site into {out}: it holds an encrypted one, perhaps "
        "published (build it with --encrypt, or choose another folder with -o)\n"
    )
    assert {rel: (out / rel).read_bytes() for rel in files_in(out)} == before
    site = tmp_path / "site"  # and the other way: a plain site encrypted in its place
    assert invoke("-j", str(journal), "build", "-o", str(site), "--today", TODAY).exit_code == 0
    assert encrypt(invoke, journal, site).exit_code == 0
    assert not (site / "contacts").exists() and len(opened(site)) == 93


def test_clean_seals_every_file_again_which_repairs_a_damaged_one(
    invoke, journal: Path, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    assert encrypt(invoke, journal, out).exit_code == 0
    page = out / "index.html"
    damaged = page.read_text(encoding="utf-8").replace('">', '">AAAA', 1)  # (into the first attribute's end)
    page.write_text(damaged, encoding="utf-8")
    assert encrypt(invoke, journal, out).stdout.startswith("Site is up to date")  # (it trusts what it wrote)
    clean = encrypt(invoke, journal, out, "--clean")
    assert clean.exit_code == 0
    assert re.search(r"\(99 written, 0 unchanged, 0 removed\)", clean.stdout)
    assert page.read_text(encoding="utf-8") != damaged and "Dana Okafor" in opened(out)["index.html"]


def test_no_site_is_written_inside_infoview_but_the_plain_one_kept_there(invoke, journal: Path) -> None:
    inside = journal / ".infoview" / "site"
    for more in (["--encrypt"], []):
        refused = encrypt(invoke, journal, inside) if more else invoke(
            "-j", str(journal), "build", "-o", str(inside), "--today", TODAY)  # fmt: skip
        assert refused.exit_code == 1
        assert refused.stderr == f"Error: refusing to write the site into {inside}: it is inside .infoview/\n"
    assert invoke("-j", str(journal), "build", "--today", TODAY).exit_code == 0


def test_a_sealed_file_tells_its_size_to_a_kilobyte(invoke, journal: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert encrypt(invoke, journal, out).exit_code == 0
    lock = Lock.loads(Manifest.read(out).settings)  # type: ignore[union-attr]
    keys = Keys.derive(PASSPHRASE, lock.salt, lock.iterations)  # type: ignore[union-attr]
    sizes = set()
    for rel in files_in(out):
        if rel.endswith(".html"):
            payload = _SEALED.search((out / rel).read_text(encoding="utf-8")).group(4)  # type: ignore[union-attr]
            sizes.add(len(base64.b64decode(payload)) - 28)  # (the nonce and the tag)
            assert keys.opens(payload, rel).decode().rstrip(" ").endswith("</html>\n")  # type: ignore[union-attr]
    assert sizes and all(size % 1024 == 0 for size in sizes) and len(sizes) < 40
