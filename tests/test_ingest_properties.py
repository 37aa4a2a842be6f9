"""Laws every draft keeps, whatever the text: offsets slice to the quote, output is stable."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from civicgraph.ingest.dates import find_dates
from civicgraph.ingest.extract import draft_text
from civicgraph.ingest.proposals import KINDS
from civicgraph.records import load_entities
from tests.seed import DATA

ENTITIES = list(load_entities(DATA).values())
FRAGMENTS = {
    "kk": ["Бүгін", "Астанада", "Сенат Төрағасы", "Мәулен Әшімбаев", "БҰҰДБ-ның", "отырыс", "өтті",
           "ашты", "Мадина Ерланова", "Қаржы министрі", "2025 жылғы 14 мамырда", "өтеді", "«", "»", ".", ",",
           "Әшімбаев", "Абай облыстық мәслихатының хатшысы", "қатысты", "\n"],
    "ru": ["Сегодня", "в Астане", "Председатель Сената", "Маулена Ашимбаева", "ПРООН", "заседание",
           "состоялось", "открыл", "Министр финансов", "Мадине Ерлановой", "11 марта 2025 года", "пройдёт",
           "«", "»", "—", ".", ",", "Ашимбаев", "сказала", "\n"],
    "en": ["Today", "in Astana", "Senate Chairman", "Maulen Ashimbayev", "UNDP's", "meeting", "held",
           "opened", "Minister of Finance", "Madina Yerlanova", "On 7 February 2025", "will", '"', ".",
           ",", "Ashimbayev", "said", "took part", "\n"],
}  # fmt: skip


@st.composite
def texts(draw: st.DrawFn) -> tuple[str, str]:
    language = draw(st.sampled_from(sorted(FRAGMENTS)))
    parts = draw(st.lists(st.sampled_from(FRAGMENTS[language]), min_size=1, max_size=30))
    return language, " ".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts(), st.sampled_from([None, "2025-04-03"]))
@example(("en", 'Today " Minister of Finance Today'), None)  # a title at the text's first letter
def test_every_proposal_slices_to_its_quote(sample: tuple[str, str], published: str | None) -> None:
    """text[start:end] == quote, confidence in [0, 1], a known kind and a reason, for any text."""
    language, text = sample
    proposals = draft_text(
        text, language=language, source_id="p", entities=ENTITIES, published=published
    )
    for p in proposals:
        assert text[p.start : p.end] == p.quote
        assert 0 <= p.start < p.end <= len(text)
        assert 0.0 <= p.confidence <= 1.0
        assert p.kind in KINDS
        assert p.why
        assert "\n" not in p.why
    again = draft_text(
        text, language=language, source_id="p", entities=ENTITIES, published=published
    )
    assert again == proposals


@settings(max_examples=100, deadline=None)
@given(texts())
def test_no_date_without_an_absolute_date_or_a_publication_date(sample: tuple[str, str]) -> None:
    """Without a publication date, every date proposed is an absolute one the text writes."""
    language, text = sample
    for found in find_dates(text, language, published=None):
        assert found.basis == "absolute"
        assert text[found.start : found.end] == found.quote


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(FRAGMENTS)), st.text(max_size=200))
@example("ru", "Ab \U00017000")  # a character without a Unicode name broke pymorphy3's guesser
def test_any_unicode_text_drafts_without_error(language: str, text: str) -> None:
    """Arbitrary text (control characters, lone quotes, emoji, CRLF) drafts, and offsets still slice."""
    for p in draft_text(
        text, language=language, source_id="p", entities=ENTITIES, published="2025-04-03"
    ):
        assert text[p.start : p.end] == p.quote
