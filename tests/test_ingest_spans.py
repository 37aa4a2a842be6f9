"""Lookups by position that drafting makes in log time agree with a scan of every span."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from civicgraph.ingest.index import TextIndex
from civicgraph.ingest.spans import ByStart, Spans
from civicgraph.ingest.tokens import Token

span = st.tuples(st.integers(0, 40), st.integers(1, 12)).map(lambda p: (p[0], p[0] + p[1]))


@given(st.lists(span, max_size=12), st.integers(-1, 55), st.integers(0, 10))
def test_spans_answer_as_a_scan_of_every_span_does(
    spans: list[tuple[int, int]], position: int, width: int
) -> None:
    index = Spans(spans)
    end = position + width
    assert index.holds(position) == any(s <= position < e for s, e in spans)
    assert index.strictly_holds(position) == any(s < position < e for s, e in spans)
    assert index.overlaps(position, end) == any(s < end and position < e for s, e in spans)
    assert index.contains(position, end) == any(s <= position and end <= e for s, e in spans)


@given(st.lists(span, max_size=8), st.integers(0, 50), st.integers(0, 20))
def test_blank_hides_exactly_the_characters_inside_spans(
    spans: list[tuple[int, int]], start: int, width: int
) -> None:
    text = "".join(chr(ord("a") + i % 26) for i in range(60))
    end = min(start + width, len(text))
    blanked = Spans(spans).blank(text, start, end)
    expected = "".join(
        " " if any(s <= i < e for s, e in spans) else text[i] for i in range(start, end)
    )
    assert blanked == expected


def test_things_by_start_in_a_range_and_before_a_position() -> None:
    tokens = ByStart([Token(9, 12, "c"), Token(0, 3, "a"), Token(4, 8, "b")])
    assert [t.text for t in tokens.between(3, 10)] == ["b", "c"]
    assert [t.text for t in tokens.before(4)] == ["a"]


def test_text_index_words_quotes_and_sentences() -> None:
    text = "Кеңес жиналды. «Бұл маңызды», — деді төраға. Жиын аяқталды."
    index = TextIndex(text)
    assert [t.text for t in index.tokens_before(text.index("деді"), 2)] == ["Бұл", "маңызды"]
    assert [t.text for t in index.tokens_within(0, text.index("."))] == ["Кеңес", "жиналды"]
    assert index.in_quote(text.index("маңызды"))
    assert not index.in_quote(text.index("деді"))
    assert "маңызды" not in index.outside_quotes(0, len(text))
    assert len(index.sentences) == 3
