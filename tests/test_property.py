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
