"""The strict YAML layer: every surprise is refused with a position, nothing is silently retyped."""
import pytest

from faultlines.data.strict_yaml import MAX_DEPTH, parse_mapping


def problems(text: bytes):
    doc = parse_mapping(text)
    return doc, [(p.line, p.column, p.message) for p in doc.problems]


def test_plain_mapping_with_positions():
    doc, probs = problems(b"id: x\nlist:\n  - a\n  - b: 1\n")
    assert probs == []
    assert doc.data == {"id": "x", "list": ["a", {"b": 1}]}
    assert doc.positions[("list",)] == (2, 1)
    assert doc.positions[("list", 1, "b")] == (4, 5)


def test_duplicate_key_at_any_depth():
    doc, probs = problems(b"a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert (4, 3, "duplicate key 'c' (first defined on line 3)") in probs
    assert (5, 1, "duplicate key 'a' (first defined on line 1)") in probs
    assert doc.data["a"] == 1  # the first value is kept, never silently replaced


@pytest.mark.parametrize("text,word", [
    (b"a: &x 1\n", "anchors"),
    (b"a: [1]\nb: *x\n", "aliases"),
    (b"a: !!python/object:os.system echo\n", "tags"),
    (b"a: !custom x\n", "tags"),
])
def test_anchors_aliases_tags_refused(text, word):
    _, probs = problems(text)
    assert probs and word in probs[0][2]


@pytest.mark.parametrize("scalar", ["no", "Yes", "on", "OFF", "010", "0x1f", "1_000", "1:30", ".inf", ".nan"])
def test_yaml11_surprises_are_errors_not_values(scalar):
    doc, probs = problems(f"a: {scalar}\n".encode())
    assert probs and probs[0][:2] == (1, 4)
    assert f'"{scalar}"' in probs[0][2]  # tells the contributor how to quote it
    assert doc.data["a"] == scalar  # kept as written, not as a boolean or number


@pytest.mark.parametrize("scalar,value", [
    ("5e-4", 5e-4), ("1E-3", 1e-3), ("1e3", 1000.0), ("-2.5E+2", -250.0), (".5e1", 5.0), ("0e0", 0.0), ("7.", 7.0),
])
def test_yaml12_floats_with_exponents_are_numbers(scalar, value):
    doc, probs = problems(f"a: {scalar}\n".encode())
    assert probs == []
    assert type(doc.data["a"]) is float and doc.data["a"] == value
    assert doc.raw[("a",)] == scalar  # messages quote it as written


@pytest.mark.parametrize("scalar", ["5e", "e5", "1e-", "010e3", "1e3.5", "5e-4x"])
def test_not_quite_exponent_floats_stay_text(scalar):
    doc, _ = problems(f"a: {scalar}\n".encode())
    assert doc.data["a"] == scalar


def test_quoted_and_unquoted_dates_stay_text():
    doc, probs = problems(b'a: 2023-04-27\nb: "2023-04"\nc: 1.10\nd: true\ne: 7\n')
    assert probs == []
    assert doc.data == {"a": "2023-04-27", "b": "2023-04", "c": 1.1, "d": True, "e": 7}
    assert doc.raw[("c",)] == "1.10"  # the written form is kept for messages


@pytest.mark.parametrize("data,message", [
    (b"", "file is empty"),
    (b"# only a comment\n", "file is empty"),
    (b"- a\n- b\n", "not a list"),
    (b"just text\n", "not a single value"),
    (b"\xef\xbb\xbfa: 1\n", "byte-order mark"),
    (b"a: 1\nb: caf\xe9\n", "invalid UTF-8"),
    (b"a: 1\n---\nb: 2\n", "one YAML document"),
    (b"a: [1, 2\n", "YAML syntax"),
    (b"a: \x07\n", "control characters"),
    (b"1: x\n", "a key must be text"),
])
def test_broken_files(data, message):
    _, probs = problems(data)
    assert probs and message in probs[0][2], probs


def test_invalid_utf8_position():
    _, probs = problems(b"a: 1\nb: caf\xe9\n")
    assert probs[0][:2] == (2, 7)


def test_size_and_depth_caps():
    _, probs = problems(b"a: " + b"x" * 2_000_000 + b"\n")
    assert "limit is" in probs[0][2]
    deep = b"a: " + b"[" * (MAX_DEPTH + 5) + b"]" * (MAX_DEPTH + 5) + b"\n"
    _, probs = problems(deep)
    assert "nesting deeper" in probs[0][2]
