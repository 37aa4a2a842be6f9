"""One rules object per language: the registry, the interface, and each language's morphology."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from civicgraph.errors import SourceError
from civicgraph.facts import ROLE_TERMS
from civicgraph.ingest.extract import draft_text
from civicgraph.ingest.languages import (
    REGISTRY,
    LanguageRules,
    is_credit_line,
    rules_for,
    written_in,
)
from civicgraph.ingest.matching import EntityIndex
from civicgraph.ingest.tokens import tokenize
from civicgraph.languages import LANGUAGES
from civicgraph.model import Entity

SRC = Path(__file__).resolve().parent.parent / "src" / "civicgraph"
KK, RU, EN = rules_for("kk"), rules_for("ru"), rules_for("en")


def test_every_label_language_has_rules_looked_up_by_its_code() -> None:
    assert sorted(REGISTRY) == sorted(LANGUAGES)
    for code, rules in REGISTRY.items():
        assert isinstance(rules, LanguageRules)
        assert rules.code == code
        assert set(rules.role_verbs) <= set(ROLE_TERMS), code
        assert len(rules.months) == 12, code


def test_a_language_without_rules_is_refused_by_name() -> None:
    with pytest.raises(SourceError, match="no drafting rules for the language 'de'"):
        rules_for("de")
    with pytest.raises(SourceError, match="'de'"):
        draft_text("Der Senat tagte.", language="de", source_id="t", entities=[], published=None)


def test_no_branch_on_a_language_code_outside_the_rules() -> None:
    """Drafting, coverage and search ask the rules object; only its modules know a language."""
    branch = re.compile(r"""(?:language|lang)\s*(?:==|!=)\s*["'](?:kk|ru|en)["']""")
    rules_dir = SRC / "ingest" / "languages"
    found = [
        f"{path.relative_to(SRC)}:{n}"
        for path in SRC.rglob("*.py")
        if rules_dir not in path.parents
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if branch.search(line)
    ]
    assert found == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Әші", "kk"),  # a letter only Kazakh has
        ("Ерлан Қ", "kk"),  # one is enough, wherever it is
        ("Ашим", "ru"),  # Cyrillic without them
        ("Maulen As", "en"),
        ("Mаулен", "ru"),  # a Latin M typed among Cyrillic letters: most of them decide
        ("Zhetisu-2", "en"),
        ("2025 / 04", None),  # no letters of either script
        ("", None),
    ],
)
def test_the_language_a_typed_name_is_written_in_by_its_letters(
    text: str, language: str | None
) -> None:
    assert written_in(text) == language


def test_only_kazakh_has_letters_of_its_own() -> None:
    """What ``written_in`` reads: each script has one language without letters of its own."""
    assert KK.own_letters
    assert not RU.own_letters
    assert not EN.own_letters
    assert not KK.own_letters & set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")


@pytest.mark.parametrize(
    ("rules", "text_word", "label_word", "last", "same"),
    [
        (KK, "Палатасының", "Палата", True, True),  # possessive + genitive
        (KK, "Ордадағы", "Орда", True, True),  # locative + adjectival -ғы
        (KK, "Палатасының", "Палата", False, False),  # only the last word inflects
        (KK, "Палатаха", "Палата", True, False),  # not an ending
        (RU, "Палатой", "Палата", False, True),  # every Russian word inflects
        (RU, "ОДКБ", "одкб", True, True),
        (RU, "ОДКБ-шы", "ОДКБ", True, False),  # abbreviations do not decline
        (EN, "Chamber's", "Chamber", True, True),
        (EN, "Chamber's", "Chamber", False, False),
    ],
)
def test_same_word_follows_each_language_inflection(
    rules: LanguageRules, text_word: str, label_word: str, last: bool, same: bool
) -> None:
    assert rules.same_word(text_word, label_word, last=last) is same


def test_names_back_in_the_nominative_keep_their_gender() -> None:
    assert KK.nominative_name(["Айгерім", "Сәрсенованың"]) == ["Айгерім", "Сәрсенова"]
    assert RU.nominative_name(["Светланы", "Кравцовой"]) == ["Светлана", "Кравцова"]
    assert RU.nominative_name(["Игоря", "Кравцова"]) == ["Игорь", "Кравцов"]
    assert EN.nominative_name(["Aliya", "Serikova's"]) == ["Aliya", "Serikova"]


@pytest.mark.parametrize(
    ("words", "before", "nominative"),
    [
        # a woman's name in a consonant does not decline: the family name's -ова is hers
        (["Айжан", "Тулегенова"], [], ["Айжан", "Тулегенова"]),
        (["Айжан", "Тулегеновой"], [], ["Айжан", "Тулегенова"]),
        (["Алии", "Тулегеновой"], [], ["Алия", "Тулегенова"]),
        # a family name in the nominative keeps the given name as written (Иса, not Ис)
        (["Иса", "Тулегенов"], ["Председатель", "комиссии"], ["Иса", "Тулегенов"]),
        # the title the name stands in apposition to gives its case: genitive, a man's
        (["Марата", "Тулегенова"], ["акима", "Северного", "района"], ["Марат", "Тулегенов"]),
        (["Бекжана", "Тулегенова"], ["акима", "района"], ["Бекжан", "Тулегенов"]),
        # a known man's name: Руслана is his genitive before it is a woman's name
        (["Руслана", "Тулегенова"], [], ["Руслан", "Тулегенов"]),
        (["Руслану", "Тулегенову"], [], ["Руслан", "Тулегенов"]),
        # the word before the name governs its case: a noun its genitive, a preposition
        # never the nominative, a man's or a plural past verb an object
        (["Ерлана", "Жумабекова"], ["По", "словам"], ["Ерлан", "Жумабеков"]),
        (["Ерлана", "Жумабекова"], ["Доклад"], ["Ерлан", "Жумабеков"]),
        (["Ерлана", "Сапина"], ["поступило", "от"], ["Ерлан", "Сапин"]),
        (["Ерлана", "Жумабекова"], ["Он", "поблагодарил"], ["Ерлан", "Жумабеков"]),
        (["Ерлана", "Жумабекова"], ["Депутаты", "поблагодарили"], ["Ерлан", "Жумабеков"]),
        # a title before a verb is the subject's, not the name's: the noun before it decides
        (["Нурлана", "Абдрахманова"], ["Депутаты", "заслушали", "доклад"],
         ["Нурлан", "Абдрахманов"]),
        # a woman's name the dictionary knows stays hers after a noun; one that does not
        # decline has no man's genitive to be read as
        (["Гульнара", "Искакова"], ["приняли", "участие"], ["Гульнара", "Искакова"]),
        (["Айжан", "Тулегенова"], ["доклад"], ["Айжан", "Тулегенова"]),
    ],
)  # fmt: skip
def test_a_russian_name_is_put_in_the_nominative_its_words_agree_on(
    words: list[str], before: list[str], nominative: list[str]
) -> None:
    """pymorphy3 does not know most Kazakh names: a family name's ending, how given names
    decline, and a title before the name settle gender and case together."""
    assert RU.nominative_name(words, before=before) == nominative


@pytest.mark.parametrize(
    ("words", "nominative"),
    [
        (["Ерлік", "Сапарбекті"], ["Ерлік", "Сапарбек"]),  # accusative after a consonant
        (["Ерлік", "Сапарбекке"], ["Ерлік", "Сапарбек"]),  # dative
        (["Хироси", "Танакаға"], ["Хироси", "Танака"]),  # a foreign name takes endings too
        (["Ерлік", "Оспановтар"], ["Ерлік", "Оспанов"]),  # «Оспанов and the others»
        (["Хироси", "Танака"], ["Хироси", "Танака"]),  # -ка is the name's own, no dative
        (["Ерлік", "Мұхтар"], ["Ерлік", "Мұхтар"]),  # -тар is the name's own, no plural
        (["Ерлік", "Жақсыбайда"], ["Ерлік", "Жақсыбайда"]),  # no locative comes off a name
    ],
)
def test_a_kazakh_name_loses_the_ending_its_sounds_call_for(
    words: list[str], nominative: list[str]
) -> None:
    assert KK.nominative_name(words) == nominative


@pytest.mark.parametrize(
    ("language", "text", "label"),
    [
        ("ru", "Депутаты поддержали кандидатуру Бекжана Тулегенова. Спикером избран "
               "Бекжан Тулегенов.", "Бекжан Тулегенов"),
        ("kk", "Жиынға Хироси Танака келді. Әкім Хироси Танакаға алғыс айтты.", "Хироси Танака"),
    ],
)  # fmt: skip
def test_one_person_for_the_forms_of_a_name_on_a_page(language: str, text: str, label: str) -> None:
    """Where the text writes the name as it is somewhere, its other forms read as that name:
    one person, not a second for the genitive or the dative."""
    proposals = draft_text(text, language=language, source_id="t", entities=[], published=None)
    persons = [p.label for p in proposals if p.kind == "entity" and p.type == "Person"]
    assert persons == [label]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Депутаты заслушали доклад Нурлана Абдрахманова.", "Нурлан Абдрахманов"),
        ("По словам Ерлана Жумабекова, работа продолжится.", "Ерлан Жумабеков"),
        ("Встреча с Муратом Ергалиевичем Абеновым прошла в Астане.", "Мурат Ергалиевич Абенов"),
        ("Слово дали Дмитрию Сергеевичу Иванову.", "Дмитрий Сергеевич Иванов"),
        ("Мнение Гульнары Сабитовны Искаковой учли.", "Гульнара Сабитовна Искакова"),
    ],
)
def test_a_russian_name_met_only_in_an_oblique_case_is_proposed_in_the_nominative(
    text: str, label: str
) -> None:
    """One person, in the nominative, with every word of the name, patronymic included."""
    proposals = draft_text(text, language="ru", source_id="t", entities=[], published=None)
    persons = [p.label for p in proposals if p.kind == "entity" and p.type == "Person"]
    assert persons == [label]


def test_name_shapes() -> None:
    assert KK.looks_like_surname("Сәрсеновке")
    assert KK.looks_like_patronymic("Серікұлы")
    assert RU.is_person_name("Игорь", "Кравцов")
    assert not RU.is_person_name("Новый", "Кравцов")  # no given name before the surname
    assert EN.is_person_name("Aliya", "Serikova")


def test_titles_before_a_name() -> None:
    text = "Батыс өңірлік мәслихатының хатшысы Айгерім Сәрсенова"
    before = [t for t in tokenize(text) if t.end <= text.index("Айгерім")]
    assert [t.text for t in KK.title_before(before)] == [
        "Батыс",
        "өңірлік",
        "мәслихатының",
        "хатшысы",
    ]
    text = "Deputy Minister of Water Resources Aliya Serikova"
    before = [t for t in tokenize(text) if t.end <= text.index("Aliya")]
    assert " ".join(t.text for t in EN.title_before(before)) == "Deputy Minister of Water Resources"
    text = "заявила министра водных ресурсов Светлана Кравцова"
    words = [t for t in tokenize(text) if t.end <= text.index("Светлана")]
    title = RU.title_before(words)
    assert RU.title_label(title, text) == "министр водных ресурсов"


def test_places_where_something_happens() -> None:
    assert KK.is_locative("Ордада өтті", 0, 6, "Орда")
    assert not KK.is_locative("Қызылорда облысы", 0, 9, "Қызылорда")  # its own letters
    assert RU.is_locative("прошла в Орде", 9, 13, "Орда")
    assert EN.is_locative("held in Orda", 8, 12, "Orda")
    assert not EN.is_locative("left Orda", 5, 9, "Orda")


def test_tense_and_intention() -> None:
    assert KK.marks_intention(" комиссия жиналмақ ")
    assert not KK.marks_intention(" аймақта ")  # -мақ inside a noun of two letters before it
    assert RU.has_future_verb(" комиссия соберётся ")
    assert not RU.has_future_verb(" комиссия собралась ")
    assert not EN.has_future_verb(" the board will meet ")  # English says it with words


def test_dates_read_through_each_language() -> None:
    assert KK.normalise_date("2031 жылғы 7 ақпанда") == "7 ақпан 2031"
    # the genitive month before an ordinal day, with the year before it
    assert any(re.fullmatch(shape, "2031 жылғы ақпанның 7-сінде") for shape in KK.date_shapes())
    assert KK.normalise_date("2031 жылғы ақпанның 7-сінде") == "7 ақпан 2031"
    assert RU.normalise_date("7 февраля 2031 года") == "7 февраля 2031"
    assert any(re.search(shape, "February 7, 2031") for shape in EN.date_shapes())


def _person(entity_id: str, **labels: str) -> Entity:
    return Entity(id=entity_id, type="Person", labels=labels)


SPELLED = [
    _person("person/serik-nurlanbayev", en="Serik Nurlanbayev", ru="Серік Нұрланбаев"),
    _person("place/zhanaarka-district", en="Zhanaarka District"),
]


@pytest.mark.parametrize(
    ("language", "text", "quote"),
    [
        ("en", "Yesterday Serik Nurlanbaev opened the hall.", "Serik Nurlanbaev"),
        ("en", "The akim of Zhanarka District spoke.", "Zhanarka District"),
        ("ru", "Вчера Серик Нурланбаев открыл зал.", "Серик Нурланбаев"),  # Russian letters
    ],
)
def test_a_known_name_written_another_way_is_the_known_entity(
    language: str, text: str, quote: str
) -> None:
    found = [
        (m.entity_ids, text[m.start : m.end]) for m in EntityIndex(SPELLED, language).find(text)
    ]
    assert len(found) == 1
    assert found[0][1] == quote


def test_another_name_of_a_similar_shape_is_not_the_known_person() -> None:
    """Two surnames sharing a stem are two persons, and spelling is only a fallback."""
    text = "Yesterday Serik Nurlanov opened the hall."
    assert EntityIndex(SPELLED, "en").find(text) == []
    assert EntityIndex(SPELLED, "en", spelling=False).find("Serik Nurlanbaev") == []


def test_one_word_is_never_taken_for_a_known_name_by_spelling() -> None:
    """An adjective (Kazakhstani) or a given name (Nursultan) is not the place it resembles."""
    places = [
        Entity(id="place/kz", type="Country", labels={"en": "Kazakhstan"}),
        Entity(id="place/nur", type="City", labels={"en": "Nur-Sultan"}),
    ]
    text = "Kazakhstani deputies met Nursultan Temirov."
    assert EntityIndex(places, "en").find(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Делегация Оңтүстік Қазақстан облысына барды.", []),  # a region named with it
        ("Жиын Абай ауданында өтті.", []),  # a district named after the region's name
        ("Кеңсе Абай көшесінде орналасқан.", []),  # a street
        ("Жиынға Абай және Ұлытау облыстарының өкілдері келді.", ["place/abai", "place/ulytau"]),
        ("Делегация Қазақстанға келді.", ["place/kz"]),
    ],
)
def test_a_known_place_before_another_kind_word_is_a_word_of_another_name(
    text: str, found: list[str]
) -> None:
    places = [
        Entity(id="place/kz", type="Country", labels={"kk": "Қазақстан"}),
        Entity(
            id="place/abai",
            type="Region",
            labels={"kk": "Абай облысы"},
            alt_labels={"kk": ("Абай",)},
        ),
        Entity(
            id="place/ulytau",
            type="Region",
            labels={"kk": "Ұлытау облысы"},
            alt_labels={"kk": ("Ұлытау",)},
        ),
    ]
    assert [m.entity_ids[0] for m in EntityIndex(places, "kk").find(text)] == found


@pytest.mark.parametrize(
    ("language", "text", "quote"),
    [
        ("kk", "Үкіметтің отырысы өтті.", "Үкіметтің"),
        ("ru", "Заседание Правительства прошло вчера.", "Правительства"),
        ("en", "The Government's sitting was held.", "Government's"),
    ],
)
def test_the_name_matcher_recognises_hidden_labels(language: str, text: str, quote: str) -> None:
    """A hidden label (the bare «Үкімет») is a form the one name matcher finds, inflected."""
    government = Entity(
        id="org/government",
        type="Government",
        labels={"kk": "Қазақстан Үкіметі", "ru": "Правительство Казахстана",
                "en": "Government of Kazakhstan"},
        hidden_labels={"kk": ("Үкімет",), "ru": ("Правительство",), "en": ("Government",)},
    )  # fmt: skip
    [match] = EntityIndex([government], language).find(text)
    assert (match.entity_ids, text[match.start : match.end]) == (("org/government",), quote)


NESTING = [
    Entity(id="org/senate", type="LegislativeChamber",
           labels={"kk": "Сенат", "ru": "Сенат", "en": "Senate"}),
    Entity(id="post/chair", type="Post",
           labels={"kk": "Сенат Төрағасы", "ru": "Председатель Сената", "en": "Senate Chairman"}),
    Entity(id="org/un", type="InternationalOrganisation",
           labels={"kk": "Біріккен Ұлттар Ұйымы", "ru": "ООН", "en": "UN"}),
    Entity(id="org/undp", type="InternationalOrganisation",
           labels={"kk": "БҰҰДБ", "ru": "Программа развития ООН", "en": "UN Development Programme"}),
    Entity(id="place/kz", type="Country",
           labels={"kk": "Қазақстан", "ru": "Казахстан", "en": "Kazakhstan"},
           alt_labels={"kk": ("Қазақстан Республикасы",)}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "text", "outer", "inner"),
    [
        ("kk", "Кеңесті Сенат Төрағасы ашты.", "post/chair", [("org/senate", "Сенат")]),
        ("ru", "Эксперт Программы развития ООН выступил.", "org/undp", [("org/un", "ООН")]),
        ("en", "The Senate Chairman spoke.", "post/chair", [("org/senate", "Senate")]),
        # the same entity inside its own longer name is no second mention
        ("kk", "Қазақстан Республикасы бекітті.", "place/kz", []),
    ],
)
def test_a_known_name_inside_a_longer_known_name_is_found_inside_it(
    language: str, text: str, outer: str, inner: list[tuple[str, str]]
) -> None:
    [match] = EntityIndex(NESTING, language).find(text)
    assert match.entity_ids == (outer,)
    assert [(m.entity_ids[0], text[m.start : m.end]) for m in match.inner] == inner


def test_draft_proposes_the_names_inside_a_longer_name_as_mentions() -> None:
    """«Сенат Төрағасы» is the post and, inside it, the Senate: two mentions, the inner one
    saying where it stands."""
    text = "Кеңесті Сенат Төрағасы ашты."
    mentions = [
        (p.entity, p.quote, p.why)
        for p in draft_text(text, language="kk", source_id="t", entities=NESTING, published=None)
        if p.kind == "mention"
    ]
    assert mentions == [
        ("org/senate", "Сенат", "'Сенат' inside the name 'Сенат Төрағасы'"),
        ("post/chair", "Сенат Төрағасы", "the words of its label 'Сенат Төрағасы'"),
    ]


def test_credit_lines_are_read_in_every_language_rules_words() -> None:
    """The words that open a credit or a byline live in the rules objects, one place for page
    extraction and drafting; a line of text that only starts alike is no credit."""
    for rules in REGISTRY.values():
        for word in rules.credit_words:
            assert is_credit_line(f"{word.capitalize()}: Асқар Бекұлов"), (rules.code, word)
        for phrase in rules.credit_phrases:
            assert is_credit_line(f"{phrase.capitalize()} Асқар Бекұлов"), (rules.code, phrase)
    assert is_credit_line("By Daniel Brightwater")
    assert not is_credit_line("By order of the regional akimat the square was closed.")
    assert not is_credit_line("Фото: " + "ұзақ сөйлем " * 20)  # a paragraph, not a credit
