"""The table of digests that keeps ids' places and nodes' types without an object each."""

from __future__ import annotations

from civicgraph.digests import DigestTable


def test_each_key_finds_its_value_and_an_absent_key_none() -> None:
    table = DigestTable("I")
    keys = [f"<https://example.org/node/{number}>".encode() for number in range(5_000)]
    for number, key in enumerate(reversed(keys)):
        table.add(key, number)
    table.freeze()
    assert len(table) == len(keys)
    assert table.get_many([keys[0], keys[-1], b"<https://example.org/other>"]) == [4_999, 0, None]
    assert all(table.get(key) == len(keys) - 1 - number for number, key in enumerate(keys))


def test_an_empty_table_finds_nothing() -> None:
    assert DigestTable().freeze().get_many([b"a", b"b"]) == [None, None]
