"""Name matching of the explorer's search, and the choice of language and media type."""

from __future__ import annotations

import pytest

from civicgraph.serve.i18n import choose_language
from civicgraph.serve.protocol import negotiate
from civicgraph.serve.search import NameIndex, word_matches

NAMES = NameIndex.build(
    [
        ("e:person", "Мәулен Әшімбаев", "Person", False),
        ("e:person", "Маулен Ашимбаев", "Person", False),
        ("e:person", "Maulen Ashimbayev", "Person", False),
        ("e:senate", "Сенат", "Organisation", False),
        ("e:senate", "Senate", "Organisation", False),
        ("e:sen", "Сен", "Organisation", False),
        ("e:government", "Government of Kazakhstan", "Organisation", False),
        ("e:government", "Қазақстан Үкіметі", "Organisation", False),
        ("e:government", "Үкімет", "Organisation", True),
    ]
)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("сенаттың", "сенат"),  # Kazakh genitive
        ("мәслихаттарының", "мәслихат"),  # plural, possessive, genitive
        ("сенатом", "сенат"),  # Russian instrumental
        ("ашимбаева", "ашимбаев"),  # Russian genitive of a surname
        ("председателем", "председатель"),  # a soft stem: no ending list finds it
        ("областях", "область"),
        ("ашим", "ашимбаев"),  # typing in progress
    ],
)
def test_word_matches_inflected_and_partial_forms(query: str, name: str) -> None:
    assert word_matches(query, name)


@pytest.mark.parametrize(
    ("query", "name"), [("се", "сенат"), ("сенатор", "сенат"), ("парламент", "сенат")]
)
def test_word_matches_refuses_what_is_not_the_name(query: str, name: str) -> None:
    assert not word_matches(query, name)


def test_search_finds_an_entity_in_every_language_best_first() -> None:
    for query in ("Әшімбаевтың", "Ашимбаевым", "ashimbayev", "Маулен Ашимбаев"):
        hits = NAMES.search(query)
        assert [hit.entity for hit in hits] == ["e:person"], query
    senate = NAMES.search("Сенат")
    assert senate[0].entity == "e:senate"
    assert NAMES.search("Сенат", types=["Person"]) == []
    assert NAMES.search("   ") == []


def test_a_hidden_label_finds_the_entity_under_a_shown_name() -> None:
    """«Үкімет» finds the Government by its hidden label best; the hit shows «Қазақстан
    Үкіметі», the shown name nearest the query, never the hidden form."""
    [hit] = NAMES.search("Үкімет")
    assert (hit.entity, hit.name) == ("e:government", "Қазақстан Үкіметі")
    [hit] = NAMES.search("Government")
    assert hit.name == "Government of Kazakhstan"


def test_language_from_lang_then_accept_language_then_kazakh() -> None:
    assert choose_language("ru", "en") == "ru"
    assert choose_language("xx", "en-GB,en;q=0.8") == "en"
    assert choose_language(None, "de, ru;q=0.4, en;q=0.3") == "ru"
    assert choose_language(None, "en;q=0, ru;q=0.1") == "ru"
    assert choose_language(None, None) == "kk"


def test_negotiate_honours_quality_and_wildcards() -> None:
    offers = ["text/html", "text/turtle", "application/ld+json"]
    assert negotiate("text/turtle", offers) == "text/turtle"
    assert negotiate("application/ld+json;q=0.9, text/turtle;q=0.5", offers) == (
        "application/ld+json"
    )
    assert negotiate("text/*;q=0.5, */*;q=0.1", offers) == "text/html"
    assert negotiate("image/png", offers) is None
    assert negotiate(None, offers) == "text/html"
