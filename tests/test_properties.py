"""Laws that hold for any input: evidence offsets slice to the quote, IRIs are deterministic."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from civicgraph.evidence import find_occurrences, locate_evidence
from civicgraph.iris import Iris
from civicgraph.model import Evidence, Fact, Source
from tests.seed import IRIS

KAZAKH = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя АӘҚҢӨҰҮҺІ«»—–-.,:;0123456789\n"
slug = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)


def source_with(text: str) -> Source:
    return Source(
        id="doc",
        title={"kk": "t"},
        language="kk",
        path=Path("doc.txt"),
        sha256="0" * 64,
        text=text,
        publisher=None,
        url=None,
        date=None,
    )


FACT = Fact(source_id="doc", properties={}, evidence=(), id="fact/x", type="Quote")


@given(st.text(alphabet=KAZAKH, min_size=1, max_size=200), st.data())
def test_located_evidence_slices_to_the_quote(text: str, data: st.DataObject) -> None:
    """Any quote taken from a text is located at offsets that slice back to it."""
    start = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    end = data.draw(st.integers(min_value=start + 1, max_value=len(text)))
    quote = text[start:end]
    if not quote.strip():
        return
    occurrences = find_occurrences(text, quote)
    occurrence = occurrences.index(start) + 1
    excerpt = locate_evidence(
        Evidence(source_id="doc", quote=quote, occurrence=occurrence), source_with(text), fact=FACT
    )
    assert excerpt is not None
    assert (excerpt.start, excerpt.end) == (start, end)
    assert text[excerpt.start : excerpt.end] == quote


@given(slug, slug)
def test_iri_minting_is_deterministic_and_injective(kind: str, name: str) -> None:
    """The same id always gives the same IRI, and the IRI gives the id back."""
    entity_id = f"{kind}/{name}"
    first = IRIS.entity(entity_id)
    assert first == Iris(IRIS.base + "/").entity(entity_id)
    assert IRIS.id_of(first) == entity_id


@given(st.text(min_size=1), st.text(min_size=1), st.text(min_size=1))
def test_assertion_iris_depend_only_on_the_triple(s: str, p: str, o: str) -> None:
    """A reified triple's IRI is a function of the triple alone."""
    assert Iris("https://b").assertion(s, p, o) == Iris("https://b").assertion(s, p, o)
