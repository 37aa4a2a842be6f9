"""Name normalisation, transliteration and Kazakh endings used by the linker."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from civicgraph.ingest.languages.kk import (
    is_inflection_of,
    split_hyphenated_abbreviation,
    strip_kazakh_suffix,
)
from civicgraph.linking.text import (
    fold_case,
    is_abbreviation,
    lookup_forms,
    name_keys,
    transliterate,
)


def shared(a: str, b: str) -> set[str]:
    return {
        how for key, how in name_keys(a).variants if key in {k for k, _ in name_keys(b).variants}
    }


def test_kazakh_names_transliterate_to_the_usual_english_and_official_latin_forms():
    assert transliterate("Әшімбаев") == "Ashimbayev"
    assert transliterate("Әшімбаев", scheme="kazakh-2021") == "Äşımbaev"
    assert transliterate("Қасым-Жомарт Тоқаев", scheme="practical-plain") == "Qasym-Zhomart Toqaev"
    assert transliterate("Қызылорда") == "Qyzylorda"


def test_cyrillic_and_latin_names_meet_through_transliteration():
    assert shared("Қасым-Жомарт Тоқаев", "Qasym-Zhomart Toqaev")
    assert shared("Мәулен Әшімбаев", "Maulen Ashimbayev")


def test_type_words_are_dropped_for_the_core_key_but_remembered():
    keys = name_keys("Абай облысы")
    assert ("абай", "core") in keys.variants
    assert keys.type_words == {"облысы"}
    assert "core" in shared("Abai Region", "Abai")
    assert "core" in shared("Абайская область", "Абай")


def test_library_style_names_are_reordered():
    assert "exact" in shared("Ашимбаев, Маулен Сагатханулы", "Маулен Сагатханулы Ашимбаев")


def test_kazakh_letters_fold_to_russian_look_alikes():
    assert "letters" in shared("Қызылорда", "Кызылорда")


def test_case_and_punctuation_do_not_matter():
    assert fold_case("«Sustainable  Development-Goals»") == "sustainable development goals"


def test_kazakh_endings_are_stripped_conservatively():
    assert strip_kazakh_suffix("Парламентінің") == "Парламент"
    assert strip_kazakh_suffix("Сенатының") == "Сенат"
    assert strip_kazakh_suffix("мәслихаттарының") == "мәслихат"
    assert strip_kazakh_suffix("Абай") == "Абай"


def test_inflected_forms_are_recognised_against_a_known_lemma():
    assert is_inflection_of("Астананың", "Астана")
    assert is_inflection_of("Сенаттың", "Сенат")
    assert is_inflection_of("БҰҰДБ-ның", "БҰҰДБ")
    assert not is_inflection_of("Астанахан", "Астана")


def test_abbreviations_with_endings_split_at_the_hyphen():
    assert split_hyphenated_abbreviation("БҰҰДБ-ның") == ("БҰҰДБ", "ның")
    assert split_hyphenated_abbreviation("Қасым-Жомарт") == ("Қасым-Жомарт", "")
    assert is_abbreviation("UNDP")
    assert not is_abbreviation("Astana")


def test_lookup_forms_include_cased_core_and_latin_variants():
    forms = lookup_forms("Жетісу облысы")
    assert {"Жетісу облысы", "Жетісу", "Zhetisu", "Jetısu"} <= forms or "Jetisu" in {
        f.replace("ı", "i") for f in forms
    }
    assert "sustainable development goals" in lookup_forms("Sustainable Development Goals")


@given(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі -", max_size=30))
def test_transliteration_yields_no_cyrillic(text):
    for scheme in ("practical", "practical-plain", "kazakh-2021"):
        assert not any("\u0400" <= c <= "\u04ff" for c in transliterate(text, scheme=scheme))


@given(st.text(max_size=40))
def test_name_keys_are_deterministic_and_always_include_the_exact_key(text):
    first, second = name_keys(text), name_keys(text)
    assert first == second
    assert (first.exact, "exact") in first.variants
