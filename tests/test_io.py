"""Hostile YAML ends in one ``file:line`` RecordError, never a traceback or a huge message."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from civicgraph.errors import RecordError
from civicgraph.io import ALIAS_BUDGET, MAX_DEPTH, read_yaml, short_repr


def yaml_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "records.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        read_yaml(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:")
    assert "\n" not in message
    assert len(message) < 500
    assert "(hint: " in message
    return message


def billion_laughs(levels: int) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_before_it_expands(tmp_path: Path) -> None:
    """Nine levels of nine aliases would be ~10^9 values: refused, in little memory."""
    tracemalloc.start()
    try:
        message = yaml_error(tmp_path, billion_laughs(9))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert f"more values (at most {ALIAS_BUDGET})" in message
    assert "lol" not in message
    assert peak < 20_000_000


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    """Repeating a small value by alias stays allowed: curators use anchors for evidence."""
    path = tmp_path / "ok.yaml"
    path.write_text("a: &q {quote: x}\nb: [*q, *q, *q]\n", encoding="utf-8")
    assert read_yaml(path) == {"a": {"quote": "x"}, "b": [{"quote": "x"}] * 3}


def test_alias_budget_is_a_bound_not_a_ban(tmp_path: Path) -> None:
    """Exactly the budget passes; one more value through aliases is refused."""
    path = tmp_path / "edge.yaml"
    path.write_text(f"a: &x 1\nb: [{', '.join(['*x'] * ALIAS_BUDGET)}]\n", encoding="utf-8")
    assert len(read_yaml(path)["b"]) == ALIAS_BUDGET  # type: ignore[index]
    message = yaml_error(tmp_path, f"a: &x 1\nb: [{', '.join(['*x'] * (ALIAS_BUDGET + 1))}]\n")
    assert f"aliases expand to {ALIAS_BUDGET + 1} more values" in message


def test_recursive_alias(tmp_path: Path) -> None:
    """A value that contains itself cannot be expanded at all."""
    assert "an alias refers to a value that contains it" in yaml_error(tmp_path, "a: &a [*a]\n")


def test_control_character(tmp_path: Path) -> None:
    """A control character is named by code point on its line."""
    message = yaml_error(tmp_path, "a: 1\nb: x\x07y\n")
    assert ":2: YAML error: character U+0007 is not allowed" in message


@pytest.mark.parametrize("key", ["[a, b]", "{a: b}"])
def test_complex_key(tmp_path: Path, key: str) -> None:
    """A list or mapping used as a key is refused on its line."""
    message = yaml_error(tmp_path, f"a: 1\n? {key}\n: 2\n")
    assert ":2: YAML error: a key must be a plain value, not a list or mapping" in message


def test_deep_block_nesting(tmp_path: Path) -> None:
    """Nesting past MAX_DEPTH is refused, in block style as in flow style."""
    text = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 5)) + "  " * 70 + "x\n"
    assert f"values nest more than {MAX_DEPTH} levels deep" in yaml_error(tmp_path, text)


def test_deep_flow_nesting(tmp_path: Path) -> None:
    """Thousands of brackets end in the parser's own limit, still one line."""
    assert "YAML error: " in yaml_error(tmp_path, "a: " + "[" * 5000 + "]" * 5000 + "\n")


def test_long_duplicate_key_is_shortened(tmp_path: Path) -> None:
    """A message quotes at most a short piece of a value."""
    key = "k" * 10_000
    message = yaml_error(tmp_path, f"? {key}\n: 1\n? {key}\n: 2\n")
    assert ":3: YAML error: duplicate key 'kkk" in message


def test_undefined_alias(tmp_path: Path) -> None:
    """An alias without its anchor is refused on its line."""
    assert ":2: YAML error: found undefined alias" in yaml_error(tmp_path, "a: 1\nb: *nowhere\n")


def test_python_tags_are_not_constructed(tmp_path: Path) -> None:
    """The safe loader refuses object tags rather than running them."""
    message = yaml_error(tmp_path, "a: !!python/object/apply:os.system [echo]\n")
    assert "could not determine a constructor" in message


def test_short_repr_bounds_any_value() -> None:
    """short_repr never returns more than its limit."""
    assert len(short_repr("x" * 10_000)) <= 60
    assert len(short_repr([list(range(1000))] * 1000)) <= 60
    assert short_repr("kk") == "'kk'"
