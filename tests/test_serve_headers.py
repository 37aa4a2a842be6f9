"""The one reader of quality-weighted header lists, as Accept and Accept-Language use it."""

from __future__ import annotations

from civicgraph.serve.headers import weighted
from civicgraph.serve.i18n import choose_language
from civicgraph.serve.protocol import negotiate


def test_weights_default_to_one_and_zero_or_unreadable_ones_are_left_out() -> None:
    header = "Text/HTML, ru;q=0.5, kk;q=0, en;q=abc, , */*;q=0.1"
    assert list(weighted(header)) == [("text/html", 1.0, 0), ("ru", 0.5, 1), ("*/*", 0.1, 5)]
    assert list(weighted(None)) == []


def test_media_types_and_languages_are_ranked_by_the_same_reading() -> None:
    offers = ["application/sparql-results+json", "text/csv"]
    assert negotiate("application/sparql-results+json;q=0, text/csv;q=0.2", offers) == "text/csv"
    assert negotiate("text/csv;q=x", offers) is None
    assert choose_language(None, "kk;q=0, ru;q=0.4, en;q=0.3") == "ru"
    assert choose_language(None, "en;q=zz, ru;q=0.1") == "ru"
