"""Whatever the bytes, the loader gives records or diagnostics, never an exception."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview.journal.decode import build_record
from infoview.journal.frontmatter import parse
from infoview.journal.model import Kind
from infoview.load.journal import decode, load, read_doc

FIELD_NAMES = [
    "name",
    "contact",
    "contacts",
    "date",
    "status",
    "mode",
    "tags",
    "follow_ups",
    "referrals",
    "links",
    "duration",
    "keep_in_touch",
    "private",
    "referred_by",
    "do",
]
yaml_scalars = st.one_of(
    st.text(max_size=20),
    st.integers(),
    st.sampled_from(
        [
            "2026-02-30",
            "2026-11-03 14:30",
            "yes",
            "~",
            "[",
            "{a: 1}",
            "&a x",
            "*a",
            "!!python/object:os.system",
            "- x",
            "'",
            '"',
            "|",
            ">",
            "@",
            "`",
            "%",
        ]
    ),
)


@st.composite
def front_matter_texts(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        key = draw(st.sampled_from(FIELD_NAMES))
        indent = " " * draw(st.sampled_from([0, 0, 0, 2, 4]))
        value = draw(yaml_scalars)
        if draw(st.booleans()):
            lines.append(f"{indent}{key}: {value}")
        else:
            lines.append(f"{indent}{key}:\n{indent}  - {value}")
    body = draw(st.text(max_size=40))
    closer = draw(st.sampled_from(["---", "...", "", "--- "]))
    return "---\n" + "\n".join(lines) + f"\n{closer}\n{body}"


def _build_all(doc):
    for kind in Kind:
        record, diags = build_record(kind, "x", doc)
        assert record is not None or diags, "a file that is not a record must say why"


@given(st.text())
@settings(deadline=None)
def test_any_text_parses_without_exception(text):
    _build_all(parse("contacts/x.md", text))


@given(front_matter_texts())
@settings(max_examples=300, deadline=None)
def test_any_front_matter_parses_without_exception(text):
    _build_all(parse("contacts/x.md", text))


@given(st.binary())
@settings(deadline=None)
def test_any_bytes_decode_or_diagnose(data):
    result = decode("contacts/x.md", data)
    if isinstance(result, str):
        _build_all(parse("contacts/x.md", result))


@given(st.lists(st.tuples(st.sampled_from(list(Kind)), front_matter_texts()), max_size=6))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_journal_loads(files):
    root = Path(tempfile.mkdtemp())
    try:
        (root / "infoview.toml").touch()
        for i, (kind, text) in enumerate(files):
            folder = root / kind.folder
            folder.mkdir(exist_ok=True)
            (folder / f"r{i % 3}.md").write_text(text, encoding="utf-8")
        result = load(root)
        assert result.files == len({(k, i % 3) for i, (k, _) in enumerate(files)})
        for kind in Kind:
            for path in sorted((root / kind.folder).glob("*.md")):
                doc = read_doc(root, path.relative_to(root).as_posix())
                assert doc.path == f"{kind.folder}/{path.name}"
    finally:
        shutil.rmtree(root)


# Characters markdown or its typographer may read, and ones it passes over.
MARKUP = ".,-+?!:;=@$%^{}/'\"()[]<>&*_~`\\|#\t\n\r\0"
PROSE = "ab Z0\u00a0\u2014é"


@st.composite
def lines(draw) -> str:
    """A line of prose with one or two characters that may be markup in it, here and there."""
    marks = draw(st.text(alphabet=MARKUP, min_size=1, max_size=2))
    return draw(st.text(alphabet=PROSE + marks, max_size=12))


@given(lines() | st.text(max_size=30))
@settings(max_examples=2000, deadline=None)
def test_a_line_is_rendered_as_markdown_renders_it(text):
    """A line that looks plain is shown as written without markdown: exactly as markdown would show it."""
    from infoview.journal import notes

    defused, changed = notes._defuse(text)
    written = notes._markdown(False).renderInline(defused)
    assert notes.render_inline(text) == (written.translate(notes._RESTORE) if changed else written)


def test_a_plain_line_is_not_given_to_markdown(monkeypatch):
    from infoview.journal import notes

    asked: list[str] = []
    real = notes._markdown(False)
    monkeypatch.setattr(notes, "_markdown", lambda allow_html: asked.append("md") or real)
    assert notes.render_inline("What surprised you most in your first year?") == (
        "What surprised you most in your first year?"
    )
    assert asked == []
    assert notes.render_inline("It's -- *really* -- hard...") == "It’s – <em>really</em> – hard…"  # noqa: RUF001
    assert asked == ["md"]


# A reader's view of text, and where links lead: what the leak check reads of every page.
UNUSUAL = "\u00aa\u00ad\u00b2\u00a9\u2019\u2122\u200b\u2060\ufeff\uff21\ufb01\u00e9e\u0301\U000e0041\U0001d173\u3192"


@given(st.text(alphabet="ab .'\u2013" + UNUSUAL, max_size=20) | st.text(max_size=20))
@settings(max_examples=1000, deadline=None)
def test_text_is_read_as_a_reader_sees_it_whatever_its_characters(text):
    import unicodedata

    from infoview.journal.folding import _SCRIPTS, INVISIBLE, visible

    spaced = _SCRIPTS.sub(lambda script: " " + script.group(0), text)
    assert visible(text) == INVISIBLE.sub("", unicodedata.normalize("NFKC", spaced))


def test_the_leak_check_can_tell_every_character_it_looks_for_apart_from_latin_1s_first():
    from infoview.journal.folding import _SCRIPTS, _UNUSUAL, INVISIBLE

    for pattern in (INVISIBLE, _SCRIPTS):
        assert not any(pattern.match(chr(code)) for code in range(0xAA)), pattern
        assert all(_UNUSUAL.match(chr(code)) for code in range(0xAA, 0x110000, 97))


MARKUP_PIECES = [
    '<a href="',
    '" title="',
    '">',
    "</a>",
    '"',
    " ",
    "\t",
    "alt=",
    "src=",
    "x=",
    "=",
    "Sam",
    "%40",
]
OLD_READ = r'\s(?:href|title|src|alt)="([^"]*)"'  # what was read before: a pattern tried at every space


@given(st.lists(st.sampled_from(MARKUP_PIECES), max_size=14).map("".join))
@settings(max_examples=1500, deadline=None)
def test_every_link_and_title_a_reader_may_see_is_read_even_where_quotes_are_astray(markup):
    import re

    from infoview.journal.markup import READ_ATTRIBUTES, address, attributes

    assert {address(v) for v in re.findall(OLD_READ, markup)} <= set(
        attributes(markup, READ_ATTRIBUTES).split("\n")
    )


@st.composite
def elements(draw) -> str:
    """Markup as pages have it: attributes' values escaped, quoted."""
    value = st.text(alphabet="ab =<>&%40'", max_size=6).map(lambda v: v.replace("&", "&amp;"))
    name = st.sampled_from(["href", "title", "src", "alt", "class", "data-alt", "x"])
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        pairs = draw(st.lists(st.tuples(name, value), max_size=3))
        space = draw(st.sampled_from([" ", "\n", "  "]))
        attrs = "".join(f'{space}{n}="{v}"' for n, v in pairs)
        parts.append(f"<{draw(st.sampled_from(['a', 'img', 'p']))}{attrs}>{draw(value)}")
    return "".join(parts)


@given(elements())
@settings(max_examples=1000, deadline=None)
def test_the_links_and_titles_of_markup_as_pages_have_it_are_read_exactly(markup):
    import re

    from infoview.journal.markup import READ_ATTRIBUTES, address, attributes

    assert attributes(markup, READ_ATTRIBUTES) == "\n".join(address(v) for v in re.findall(OLD_READ, markup))


def test_where_links_lead_is_read_past_a_stray_quote():
    from infoview.journal.markup import READ_ATTRIBUTES, attributes

    assert attributes('<a x=" href="sam@example.org">', READ_ATTRIBUTES) == "sam@example.org"
    assert attributes('<a href=" title="Sam Secret">', READ_ATTRIBUTES) == " title=\nSam Secret"
    assert attributes('<a href="a"title="b"> <img\talt="c"> data-alt="d"', READ_ATTRIBUTES) == "a\nc"


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="0123456789._ -@%4aZ/", max_size=40))
def test_the_quick_look_for_an_address_or_number_finds_what_the_search_finds(text):
    from infoview.site import urls

    assert urls.reveals(text) == (urls._ADDRESS_OR_NUMBER.search(text) is not None)
