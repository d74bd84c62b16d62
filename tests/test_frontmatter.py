from infoview.journal.diagnostics import Span
from infoview.journal.frontmatter import Loc, parse


def test_values_keep_line_and_column_in_the_original_file():
    doc = parse("c/x.md", "---\nname: Jane Doe\nlinks:\n  web: https://x.example\n---\nBody\n")
    assert doc.data == {"name": "Jane Doe", "links": {"web": "https://x.example"}}
    assert doc.value_locs[("name",)] == Loc(2, 7)
    assert doc.key_locs[("links", "web")] == Loc(4, 3)
    assert doc.value_locs[("links", "web")] == Loc(4, 8)
    assert doc.body == "Body\n"
    assert doc.body_line == 6
    assert doc.diagnostics == ()


def test_bom_and_crlf_are_accepted():
    doc = parse("c/x.md", "\ufeff---\r\nname: A\r\n---\r\nText\r\n")
    assert doc.data == {"name": "A"}
    assert doc.value_locs[("name",)] == Loc(2, 7)
    assert doc.body == "Text\n"


def test_three_dots_close_the_front_matter():
    doc = parse("c/x.md", "---\nname: A\n...\nText")
    assert doc.data == {"name": "A"}


def test_empty_front_matter_is_an_empty_mapping():
    assert parse("c/x.md", "---\n---\n").data == {}


def test_dates_and_numbers_stay_as_written_text():
    doc = parse("c/x.md", "---\ndate: 2026-11-03\nphone: 0123\nn: 5\nok: yes\n---\n")
    # YAML 1.1 reads 0123 as octal; text fields use the raw text instead.
    assert doc.data == {"date": "2026-11-03", "phone": 83, "n": 5, "ok": True}
    assert doc.raw[("phone",)] == "0123"


def test_python_tags_are_refused_and_never_constructed():
    doc = parse("c/x.md", '---\nname: !!python/object/apply:os.system ["touch /tmp/x"]\n---\n')
    assert [(d.span, d.code) for d in doc.diagnostics] == [(Span("c/x.md", 2, 7), "E014")]
    assert doc.data == {"name": ["touch /tmp/x"]}


def test_alias_bomb_is_bounded():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    doc = parse("c/x.md", "---\n" + "\n".join(lines) + "\n---\n")
    assert [d.code for d in doc.diagnostics] == ["E014"]
    assert "more than 10000 values" in doc.diagnostics[0].message


def test_span_falls_back_to_the_closest_known_parent():
    doc = parse("c/x.md", "---\nfollow_ups:\n  - do: x\n---\n")
    assert doc.span(("follow_ups", 0, "due")) == Span("c/x.md", 3, 5)
    assert doc.span(("nothing",)) == Span("c/x.md", 1, 1)
