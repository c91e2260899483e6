"""generator/content/yamlmarks.py: marks, and every kind of unreadable input, as exact messages."""

from pathlib import Path

import pytest
import yaml

from generator.content.reading import read_limited
from generator.content.yamlmarks import MAX_NODES, load_yaml, parse_yaml


def messages(text: str) -> list[str]:
    return [e.format() for e in parse_yaml(text, "x.yml")[1]]


def test_marks_are_one_based_for_keys_and_values():
    doc, errors = parse_yaml("a: 1\nb:\n  - x\n  - y: 2\n", "x.yml")
    assert errors == []
    assert doc.data == {"a": 1, "b": ["x", {"y": 2}]}
    assert doc.mark(("a",)) == (1, 4)
    assert doc.key_mark(("b",)) == (2, 1)
    assert doc.mark(("b", 1, "y")) == (4, 8)
    assert doc.mark(("b", 1, "missing")) == (4, 5)  # falls back to the parent


def test_block_scalar_line_positions():
    doc, _ = parse_yaml("id: x\nanswer: |\n  first\n  second {{ oops\n", "x.yml")
    assert doc.text_position(("answer",), 2) == (4, 3)


def test_duplicate_key():
    assert messages("a: 1\nb: 2\na: 3\n") == [
        "x.yml:3:1: error: duplicate key 'a' (first defined at line 1) "
        "(hint: remove one of the two; YAML would silently keep only the last)"]


def test_tab_indentation():
    assert messages("a:\n\t- b\n") == [
        "x.yml:2:1: error: invalid YAML: a tab character cannot be used for indentation in YAML (hint: indent with spaces)"]


def test_unclosed_flow_list():
    assert messages("a: [1,\n") == [
        "x.yml:2:1: error: invalid YAML: did not find expected node content (while parsing a flow node) "
        "(hint: check the indentation and quoting around this spot)"]


def test_bad_date():
    assert messages("published: 2024-13-01\n") == [
        "x.yml:1:12: error: invalid date '2024-13-01': month must be in 1..12 (hint: write dates as YYYY-MM-DD)"]


def test_a_value_its_tag_does_not_fit_is_reported_not_raised():
    assert messages("a: !!bool maybe\nb: !!timestamp soon\n") == [
        "x.yml:1:4: error: invalid value 'maybe' for the tag 'bool' (hint: remove the tag, or write a value that fits it)",
        "x.yml:2:4: error: invalid date 'soon' for the tag 'timestamp' (hint: write dates as YYYY-MM-DD)"]


def test_python_tag_is_rejected():
    assert messages("a: !!python/object/apply:os.system [echo]\n") == [
        "x.yml:1:4: error: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
        "(hint: remove the tag; content files hold plain text, numbers, lists and mappings)"]


def test_collection_tag_on_a_single_value_is_rejected():
    assert messages("a: !!map x\nb: !!seq [1]\n") == [
        "x.yml:1:4: error: the tag 'map' does not fit a single value "
        "(hint: remove the tag; write a list or a mapping out in full)"]


def test_remembered_value_types_match_pyyaml():
    text = "a: [yes, no, 1, 1.5, 2024-01-02, ~, null, '1', abc, 0x1F, .inf]\nb: [yes, '2024-01-02', abc]\n"
    for _ in range(2):  # the second parse meets the remembered types
        assert parse_yaml(text, "x.yml")[0].data == yaml.safe_load(text)


def test_alias_bomb_is_bounded():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    errors = parse_yaml("\n".join(lines) + "\n", "x.yml")[1]
    assert [e.message for e in errors] == [f"document expands to more than {MAX_NODES:,} values (are aliases nested?)"]


def test_two_documents():
    assert [e.message for e in parse_yaml("a: 1\n---\nb: 2\n", "x.yml")[1]][0].startswith("invalid YAML")


def test_binary_and_invalid_utf8(tmp_path: Path):
    (tmp_path / "bin.yml").write_bytes(b"id: x\n\x00\x01\x02")
    (tmp_path / "latin.yml").write_bytes("id: x\nauthor: Jos\xe9\n".encode("latin-1"))
    assert load_yaml(tmp_path / "bin.yml", "bin.yml")[1][0].format() == (
        "bin.yml:2:1: error: file is not text (it contains a NUL byte) "
        "(hint: content files must be UTF-8 text; remove or replace this file)")
    assert load_yaml(tmp_path / "latin.yml", "latin.yml")[1][0].format() == (
        "latin.yml:2:12: error: file is not valid UTF-8 (byte 0xe9) (hint: save the file with UTF-8 encoding)")


def test_oversized_file_is_not_read(tmp_path: Path):
    big = tmp_path / "big.yml"
    with big.open("wb") as f:
        f.truncate(50_000_000)
    assert load_yaml(big, "big.yml")[1][0].format() == (
        "big.yml: error: file is 50.0 MB, larger than the 1.0 MB limit "
        "(hint: split it into smaller files, or move data out of the content folder)")


@pytest.mark.parametrize("size", [0, 4_500, 65_535, 65_536, 65_537, 200_000, 1_000_000, 1_000_001])
def test_files_are_read_whole_up_to_the_limit(tmp_path: Path, size: int):
    """Every byte, or the limit's message, on either side of the read size (64 KiB) and of the limit."""
    path = tmp_path / "f.yml"
    path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
    raw, problems = read_limited(path, "f.yml")
    if size <= 1_000_000:
        assert problems == [] and raw == path.read_bytes()
    else:
        assert raw is None and problems[0].message == "file is 1.0 MB, larger than the 1.0 MB limit"
    small_raw, small_problems = read_limited(path, "f.yml", max_bytes=4_500)
    assert (small_raw == raw and not small_problems) if size <= 4_500 else (small_raw is None and small_problems)


@pytest.mark.parametrize("text", ["", "# only a comment\n"])
def test_empty_document_loads_as_none(text):
    doc, errors = parse_yaml(text, "x.yml")
    assert errors == [] and doc.data is None
