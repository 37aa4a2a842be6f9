"""Russian: every word of a name inflects, so words are compared by pymorphy3's lemmas.

Measured pitfalls shape these rules (DESIGN.md, "Language"): pymorphy3's first parse
mangles rare names («Даригу» → «дариг», «Абенов» → «абен»), so every parse counts, parses
tagged Name/Surn/Patr are preferred when a name is put back in the nominative, and a word's
own gender is kept («Ерлановой» → «Ерланова», not «Ерланов»).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from types import MappingProxyType

import pymorphy3

from civicgraph.ingest.languages.base import LanguageRules
from civicgraph.ingest.tokens import Token

_NAME_TAGS = ("Name", "Surn", "Patr")
_NAME_BONUS = 0.5
_NOMINATIVE_BONUS = 10.0
"""A name that can read as nominative is taken as written: «Дарига Назарбаева» is not the
genitive of a «Дариг Назарбаев», though pymorphy3 scores that reading higher. A known
person in an oblique case («Маулена Ашимбаева») is found by the authority file first."""
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_SURNAME = re.compile(r"^(.{2,}?(?:ов|ев|ёв|ин|ын))(а|у|ым|ом|е|ой|ою)?$")
"""Russian family names in -ов/-ев/-ин decline by a rule pymorphy3 does not always know
(«Абенов» parses only as a plural of a name «Абен»), so they are undone by the rule, in
the gender of the given name before them."""
_TITLE_REACH = 8
_INCUMBENT = ("действующ", "нынешн")
_TITLE_LEAD = 3
"""At most this many title nouns and adjectives before a title's head (Первого заместителя)."""
_NOT_IN_TITLE = frozenset({"VERB", "INFN", "PREP", "CONJ", "PRCL", "ADVB", "PRTS", "GRND", "NPRO",
                           "PRED", "INTJ", "COMP"})  # fmt: skip
_WORD = re.compile(r"[а-яё]+")


@lru_cache(maxsize=1)
def _analyzer() -> pymorphy3.MorphAnalyzer:
    # Loading the dictionaries takes ~0.3 s and ~15 MB; one analyser serves the process.
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def _parses(word: str) -> tuple[pymorphy3.analyzer.Parse, ...]:
    """pymorphy3's parses of a lower-case word; none for a word it cannot read at all.

    Its shape guesser looks characters up by Unicode name and fails on those without one.
    """
    try:
        return tuple(_analyzer().parse(word))
    except ValueError:
        return ()


@lru_cache(maxsize=65536)
def russian_lemmas(word: str) -> frozenset[str]:
    """Every normal form pymorphy3 offers for ``word``, and the word itself, case-folded."""
    folded = word.casefold()
    return frozenset({folded, *(p.normal_form for p in _parses(folded))})


def _name_score(parse: pymorphy3.analyzer.Parse) -> float:
    return float(parse.score) + (_NAME_BONUS if any(t in parse.tag for t in _NAME_TAGS) else 0.0)


def _is_named(word: str) -> bool:
    """Whether a parse of ``word`` is tagged Name, Surn or Patr."""
    return any(any(t in p.tag for t in _NAME_TAGS) for p in _parses(word.casefold()))


def _name_parses(word: str) -> tuple[pymorphy3.analyzer.Parse, ...]:
    """The word's singular parses tagged Name/Surn/Patr if it has any (one person is named:
    «Анны» is Анна's genitive, not the plural of Анна), else all of them."""
    parses = _parses(word.casefold())
    named = tuple(
        p for p in parses if any(t in p.tag for t in _NAME_TAGS) and p.tag.number != "plur"
    )
    return named or parses


def _gender_fits(parse: pymorphy3.analyzer.Parse, gender: str) -> bool:
    """A parse of ``gender``, or of a word common to both genders (ms-f), or without gender."""
    return parse.tag.gender is None or parse.tag.gender == gender or "ms-f" in parse.tag


def _recase(new: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return new.upper()
    parts = new.split("-")
    if model[:1].isupper():
        parts = [p[:1].upper() + p[1:] for p in parts]
    return "-".join(parts)


_SURNAME_READINGS: dict[str, frozenset[tuple[str, str]]] = {
    "": frozenset({("masc", "nomn")}),
    "а": frozenset({("masc", "gent"), ("masc", "accs"), ("femn", "nomn")}),
    "у": frozenset({("masc", "datv"), ("femn", "accs")}),
    "ым": frozenset({("masc", "ablt")}),
    "ом": frozenset({("masc", "ablt")}),
    "е": frozenset({("masc", "loct")}),
    "ой": frozenset({("femn", "gent"), ("femn", "datv"), ("femn", "ablt"), ("femn", "loct")}),
    "ою": frozenset({("femn", "ablt")}),
}
"""The gender and case a family name in -ов/-ев/-ин has by its ending (Кошанова: a man's
genitive or a woman's nominative; Даулетбаевой: a woman's oblique case)."""
_VOWELS = frozenset("аеёиоуыэюя")
_DICTIONARY_NAME = 1.0
"""A reading pymorphy3's dictionary gives a name (tagged Name/Patr) weighs more than one of
the rules below, which read the Kazakh and other names it does not know."""
_KNOWN_MASCULINE_STEM = 0.5
"""«Ерлана» is the genitive of the known man's name Ерлан before it is a woman's «Ерлана»."""
_TITLE_CASE = 2.0
"""The case of the title noun the name stands in apposition to («акима области Даниала
Ахметова»: genitive) settles a name a rule reads both ways."""

_GOVERNED = 1.0
"""The case the word before a name asks of it («доклад», «от») settles a name the rules
read both ways (Ерлана: his genitive or her nominative), but not one the dictionary knows
as a woman's name in the nominative (Гульнара Искакова after «участие»)."""
_OBLIQUE = frozenset(_CASES) - {"nomn"}

_MIN_NAME_STEM = 2
_DECLENSION: tuple[tuple[str, str, tuple[tuple[str, tuple[str, ...], str, float], ...]], ...] = (
    # (ending, what stands before it, readings: gender, cases, nominative ending, weight)
    ("ии", "", (("femn", ("gent", "datv", "loct"), "ия", 0.5),)),
    ("ой", "", (("femn", ("ablt",), "а", 0.5),)),
    ("ей", "", (("femn", ("ablt",), "я", 0.5),)),
    ("ом", "consonant", (("masc", ("ablt",), "", 0.5),)),
    ("ем", "consonant", (("masc", ("ablt",), "", 0.5),)),
    ("а", "consonant", (("femn", ("nomn",), "а", 0.5), ("masc", ("nomn",), "а", 0.3),
                        ("masc", ("gent", "accs"), "", 0.5))),
    ("а", "", (("femn", ("nomn",), "а", 0.5), ("masc", ("nomn",), "а", 0.3))),
    ("я", "", (("femn", ("nomn",), "я", 0.5),)),
    ("у", "consonant", (("masc", ("datv",), "", 0.5), ("femn", ("accs",), "а", 0.5))),
    ("ю", "consonant", (("femn", ("accs",), "я", 0.5),)),
    ("ы", "", (("femn", ("gent",), "а", 0.5),)),
    ("е", "", (("masc", ("loct",), "", 0.4), ("femn", ("datv", "loct"), "а", 0.4))),
    ("", "consonant", (("masc", ("nomn",), "", 0.6), ("femn", _CASES, "", 0.5))),
)  # fmt: skip
"""How Kazakh and other names pymorphy3 does not know decline in Russian (DESIGN.md,
"Language"), the first ending that fits read: a man's name in a consonant declines (Ерлан,
Ерлана, Ерлану, Ерланом), a woman's does not (Балжан, Жанар in every case); a name in
-а/-я declines as a woman's (Дания, Дании), a few men's too (Гайса)."""

Reading = tuple[str, str, str, float]
"""(gender, case, the word in the nominative, lower-case, weight)."""


def _given_name_readings(word: str) -> list[Reading]:
    """The readings of a given name (or a patronymic): pymorphy3's Name/Patr parses and the
    declension of names it does not know; a man's name is read in an oblique case before a
    woman's where the dictionary knows it in the nominative. An initial (А.) says nothing."""
    folded = word.casefold()
    if folded.endswith("."):
        return [(g, c, folded, 0.5) for g in ("femn", "masc") for c in _CASES]
    return [
        (g, c, n, w + _KNOWN_MASCULINE_STEM)
        if g == "masc" and n != folded and _is_masculine_name(n)
        else (g, c, n, w)
        for g, c, n, w in (*_dictionary_readings(folded), *_declension_readings(folded))
    ]


def _dictionary_readings(folded: str) -> list[Reading]:
    readings: list[Reading] = []
    for parse in _parses(folded):
        if not any(t in parse.tag for t in ("Name", "Patr")) or parse.tag.number == "plur":
            continue
        nominative = parse.inflect({"nomn", "sing"})
        if nominative is None or parse.tag.case is None:
            continue
        genders = ("masc", "femn") if "ms-f" in parse.tag else (str(parse.tag.gender),)
        weight = _DICTIONARY_NAME + float(parse.score)
        readings.extend((g, str(parse.tag.case), nominative.word, weight) for g in genders)
    return readings


def _declension_readings(folded: str) -> list[Reading]:
    """The first of ``_DECLENSION`` whose ending ``folded`` has, read off it."""
    for ending, before, readings in _DECLENSION:
        stem = folded[: len(folded) - len(ending)]
        if not folded.endswith(ending) or len(stem) < _MIN_NAME_STEM:
            continue
        if before == "consonant" and (stem[-1] in _VOWELS or stem[-1] in "йь"):
            continue
        return [(g, case, stem + tail, w) for g, cases, tail, w in readings for case in cases]
    return []


@lru_cache(maxsize=65536)
def is_known_given_name(word: str) -> bool:
    """Whether pymorphy3's dictionary (not its guesser) has ``word`` as a first name, in any
    case: Михаил, Альберта, Ибрахим."""
    return any(p.is_known and "Name" in p.tag for p in _parses(word.casefold()))


@lru_cache(maxsize=65536)
def _is_masculine_name(word: str) -> bool:
    """Whether pymorphy3's dictionary (not its guesser) has ``word`` as a man's name."""
    return any(
        p.is_known and "Name" in p.tag and p.tag.gender == "masc" and p.tag.case == "nomn"
        for p in _parses(word)
    )


def _title_words(before: Sequence[str]) -> list[str]:
    """The words of the title a name stands in apposition to: the nouns, adjectives and
    names right before it (акима Карагандинской области), back to the first title noun
    among them; none when a verb or a preposition ends the run before a title noun does
    («Депутаты заслушали доклад»: the deputies are no title of the name)."""
    run: list[str] = []
    for word in reversed(before[-_TITLE_REACH:]):
        parses = _parses(word.casefold())
        if not word[:1].isupper() and not (parses and parses[0].tag.POS in ("NOUN", "ADJF")):
            break
        run.insert(0, word)
    heads = [k for k, word in enumerate(run) if _title_noun_cases(word)]
    return run[heads[0] :] if heads else []


def _title_noun_cases(word: str) -> frozenset[str]:
    return frozenset(
        str(p.tag.case)
        for p in _parses(word.casefold())
        if p.normal_form in RussianRules.title_nouns and p.tag.case is not None
    )


def _governed_cases(before: Sequence[str]) -> tuple[frozenset[str], float]:
    """The cases the words right before a name ask of it, and how much that weighs.

    The head of the title the name stands in apposition to agrees with it («акима области
    Даниала Ахметова»: genitive; «Председатель комиссии»: nominative). Otherwise the word
    before it, as pymorphy3 parses it: after a preposition (от, с, при) a name is never
    nominative; after a common noun it is that noun's genitive («доклад Нурлана
    Абдрахманова», «по словам»); after a past verb of which it cannot be the subject (a
    man's or a plural form before a woman's name) it is its object.
    """
    title = _title_words(before)
    if title:
        return _title_noun_cases(title[0]), _TITLE_CASE
    parses = _parses(before[-1].casefold()) if before else ()
    if not parses:
        return frozenset(), 0.0
    tag = parses[0].tag
    # a capital is a proper name's, unless the noun opens its clause («Доклад Нурлана …»)
    common = not any(t in tag for t in ("Geox", "Name", "Surn", "Patr", "Orgn", "Abbr"))
    asks: frozenset[str] = frozenset()
    if tag.POS == "PREP" or (
        tag.POS == "VERB" and tag.tense == "past" and (tag.number == "plur" or tag.gender != "femn")
    ):
        asks = _OBLIQUE
    elif tag.POS == "NOUN" and common and (before[-1][:1].islower() or len(before) == 1):
        asks = frozenset({"gent"})
    return asks, _GOVERNED if asks else 0.0


def _nominatives_with_surname(
    words: list[str], surname: re.Match[str], before: Sequence[str]
) -> list[list[str]]:
    """The readings of the whole name that its surname's ending, the given name (and
    patronymic) agree on, best first (a title before it weighs in), each word in the
    nominative."""
    allowed = _SURNAME_READINGS[surname.group(2) or ""]
    context, weight = _governed_cases(before)
    options = [_given_name_readings(w) for w in words[:-1]]
    ranked: list[tuple[float, list[str]]] = []
    for gender, case in sorted(allowed):
        chosen: list[str] = []
        score = weight if case in context else 0.0
        for word, readings in zip(words[:-1], options, strict=True):
            fitting = [r for r in readings if (r[0], r[1]) == (gender, case)]
            if not fitting:
                break
            reading = max(fitting, key=lambda r: r[3])
            chosen.append(_recase(reading[2], word))
            score += reading[3]
        else:
            family = _recase(surname.group(1) + ("а" if gender == "femn" else ""), words[-1])
            ranked.append((score, [*chosen, family]))
    ranked.sort(key=lambda r: -r[0])  # stable: equal scores keep the order above
    names: list[list[str]] = []
    for _, name in ranked:
        if name not in names:
            names.append(name)
    return names or [list(words)]


def _nominative_head(word: str) -> str:
    """A title noun in the nominative (Министра → Министр), its capital kept. A noun the
    dictionary does not know declines as a masculine noun in a consonant (маслихата →
    маслихат), as the Kazakh institutions' names Russian takes do."""
    parses = [p for p in _parses(word.casefold()) if p.tag.POS == "NOUN"]
    if not any(p.is_known for p in parses):
        masculine = [r for r in _declension_readings(word.casefold()) if r[0] == "masc"]
        if masculine:
            return _recase(max(masculine, key=lambda r: r[3])[2], word)
    if not parses:
        return word
    inflected = parses[0].inflect({"nomn", "sing"})
    if inflected is None or inflected.word == word.casefold():
        return word  # already the nominative: as written (Вице-спикер, not Вице-Спикер)
    return _recase(inflected.word, word)


def _gender_of(noun: str) -> str:
    parses = [p for p in _parses(noun.casefold()) if p.tag.POS == "NOUN"]
    return str(parses[0].tag.gender) if parses and parses[0].tag.gender else "masc"


def _nominative_adjective(word: str, gender: str) -> str:
    """An adjective before a title noun in the nominative of the noun's gender (Первого →
    Первый); a word that is no adjective stays as written."""
    parses = [p for p in _parses(word.casefold()) if p.tag.POS in ("ADJF", "PRTF")]
    inflected = parses[0].inflect({"nomn", "sing", gender}) if parses else None
    return _recase(inflected.word, word) if inflected is not None else word


def _nominative_word(word: str) -> str:
    """An adjective or a noun in the nominative singular, its gender kept, its capital too."""
    parses = [p for p in _parses(word.casefold()) if p.tag.POS in ("ADJF", "NOUN")]
    inflected = parses[0].inflect({"nomn", "sing"}) if parses else None
    return _recase(inflected.word, word) if inflected is not None else word


def _is_adjective(word: str) -> bool:
    """Whether pymorphy3's most likely parse of a word is a full adjective."""
    parses = _parses(word.casefold())
    return bool(parses) and parses[0].tag.POS in ("ADJF", "PRTF")


def _may_follow_title(word: str) -> bool:
    """Whether ``word`` can stand in a title after its head: a noun or adjective saying whose
    title it is (министра иностранных дел), an abbreviation or numeral (ЗКО, VIII), «и»."""
    if word.casefold() == "и" or not _WORD.fullmatch(word.casefold()):
        return True
    parses = _parses(word.casefold())
    return not parses or parses[0].tag.POS not in _NOT_IN_TITLE


def _instrumental_or_genitive(word: str) -> bool:
    return any(p.tag.case in ("ablt", "gent") for p in _parses(word.casefold()))


def _is_future(word: str) -> bool:
    """Whether pymorphy3's most likely parse of ``word`` is a verb in the future tense
    (будет, проведёт, соберутся: perfective verbs' non-past forms are future). The first
    person plural outside a quote is the reporter's («напомним», «отметим»: let us recall),
    not a plan."""
    parses = _parses(word.casefold())
    if not parses or parses[0].tag.POS != "VERB" or parses[0].tag.tense != "futr":
        return False
    return not (parses[0].tag.person == "1per" and parses[0].tag.number == "plur")


class RussianRules(LanguageRules):
    code = "ru"
    script = "Cyrl"

    title_nouns = ("министр", "председатель", "секретарь", "аким", "заместитель", "представитель",
                   "руководитель", "спикер", "вице-министр", "депутат", "вице-спикер", "советник",
                   "посол", "консул", "премьер-министр", "президент", "вице-президент")  # fmt: skip
    deputy_words = ("заместител", "вице", "перв")
    national_adjectives = frozenset({"казахстанский"})
    possessive_pronouns = frozenset({"свой", "мой", "наш", "ваш", "твой", "его", "её", "ее", "их"})
    body_patterns = (
        (r"Министерств\w+\s+(?:[а-яё]+\s+){0,2}?[а-яё]+(?=[\s,.])", "Organisation"),
        (r"маслихат\w*\s+[А-ЯЁ]\w+ской\s+област\w+", "LocalRepresentativeBody"),
        (
            r"маслихат\w*\s+(?:област\w+|район\w*|город\w*)\s+[А-ЯЁӘҒҚҢӨҰҮҺІ][\w-]+",
            "LocalRepresentativeBody",
        ),
    )
    party_pattern = r"[Пп]арти(?:я|и|ю|ей)\s+«([^«»\n]{2,40})»"
    chambers = ("Мажилис",)
    place_patterns = (
        (r"(?<=город[еау] )[А-ЯЁ][\w-]+", "City"),
        (r"[А-ЯЁ][\w-]+ск(?:ая|ой|ую) област(?:ь|и)", "Region"),
        (r"[А-ЯЁ][\w-]+(?:ский|ского|ском|скому|ским) район\w*", "District"),
    )
    name_kind_words = frozenset({"область", "район", "город", "республика", "министерство",
                                 "комиссия", "партия", "совет", "комитет", "парламент",
                                 "мажилис", "сенат", "маслихат", "университет", "улица",
                                 "проспект", "организация", "ассамблея", "программа",
                                 "департамент", "управление", "акимат", "фонд", "агентство",
                                 "федерация", "президент"})  # fmt: skip
    portfolio_titles = MappingProxyType({"vice-minister": "вице-министр", "minister": "министр"})
    portfolios = MappingProxyType(
        {
            "finance": ("финансов",),
            "national-economy": ("национальной экономики",),
            "education": ("просвещения",),
            "justice": ("юстиции",),
            "foreign-affairs": ("иностранных дел",),
            "health": ("здравоохранения",),
            "energy": ("энергетики",),
            "agriculture": ("сельского хозяйства",),
            "labour": ("труда",),
            "internal-affairs": ("внутренних дел",),
            "defence": ("обороны",),
            "digital-development": ("цифрового развития",),
            "culture": ("культуры",),
            "industry": ("промышленности",),
            "transport": ("транспорта",),
            "trade": ("торговли",),
            "ecology": ("экологии",),
            "emergency-situations": ("чрезвычайным ситуациям",),
            "water-resources": ("водных ресурсов",),
            "science": ("науки",),
        }
    )

    event_nouns = MappingProxyType({"заседание": "Meeting", "совещание": "Meeting", "встреча": "Meeting",
                   "сессия": "Meeting", "собрание": "Meeting", "форум": "Event",
                   "конференция": "Event", "консультация": "Meeting", "выборы": "Event",
                   "голосование": "Event", "референдум": "Event", "саммит": "Event",
                   "визит": "Event", "выставка": "Event", "церемония": "Event", "митинг": "Event",
                   "съезд": "Event", "брифинг": "Event",
                   "пресс-конференция": "Event", "презентация": "Event"})  # fmt: skip
    event_kinds = MappingProxyType({"заседание": "sitting", "совещание": "sitting", "встреча": "sitting",
                   "сессия": "sitting", "собрание": "sitting", "консультация": "sitting",
                   "приём": "sitting", "форум": "forum", "конференция": "forum", "саммит": "forum",
                   "съезд": "forum", "выборы": "vote", "голосование": "vote",
                   "референдум": "vote", "визит": "visit", "выставка": "exhibition",
                   "церемония": "ceremony", "митинг": "rally", "брифинг": "briefing",
                   "пресс-конференция": "briefing", "презентация": "presentation"})  # fmt: skip
    meeting_verbs = ("встретился", "встретилась", "встретились")
    meeting_noun = "встреча"
    reception_verbs = ("принял", "приняла")
    generic_event_words = ("мероприятие", "мероприятии", "мероприятием")
    reception_noun = "приём"
    with_words = ("с", "со")
    held_markers = ("состоял", "прош", "провел", "провёл", "провела", "прошел", "прошёл",
                    "проведен")  # fmt: skip
    planned_markers = ("состоится", "пройдет", "пройдёт", "планиру", "запланирова", "будет",
                       "ожидается", "организуют", "выступят", "проведут", "намеч",
                       "откроется")  # fmt: skip
    announcement_markers = ("предстоит", "предстоящ", "назначен", "намечен", "созывается",
                            "будет созван", "созвать")  # fmt: skip
    cancelled_markers = ("отмен", "не состоится", "не состоялось", "не состоялся",
                         "не состоялась", "не пройдет", "не пройдёт")  # fmt: skip
    event_prepositions = ("на", "в", "во", "после", "до", "перед", "по", "о", "об")
    postponed_markers = ("перенес", "перенёс", "отложен", "отложил", "отсроч")
    status_modifiers = MappingProxyType({"scheduled": ("предстоящ", "запланированн", "следующ",
                                                     "намеченн"),
                                       "held": ("прошедш", "состоявш", "минувш")})  # fmt: skip
    status_modifiers_after = MappingProxyType({"scheduled": ("который пройд", "которое пройд",
                                                           "которая пройд", "который состоится",
                                                           "которое состоится",
                                                           "которая состоится",
                                                           "запланированн", "намеченн"),
                                             "held": ("прошедш", "состоявш", "который прош",
                                                      "которое прош", "которая прош", "прошл",
                                                      "прошел", "прошёл", "состоял")})  # fmt: skip
    negations = (" не ", "нет")
    role_verbs = MappingProxyType({
        "opened": ("открыл", "открыла"),
        "chaired": ("председательствовал", "председательствовала"),
        "spoke": ("выступил", "выступила", "выступили", "доложил", "доложила", "отчитался",
                  "отчиталась"),
        "took_part": ("принял участие", "приняла участие", "приняли участие", "участвовал",
                      "участвовала", "присутствовал", "присутствовала", "встреча", "встретился",
                      "встретилась"),
        "presented": ("представил", "представила", "презентовал", "выдвинул", "выдвинула",
                      "предложил", "предложила"),
    })  # fmt: skip
    holding_verbs = ("провел", "провёл", "провела")
    reporting_verbs = ("отметил", "отметила", "подчеркнул", "подчеркнула", "заявил", "заявила",
                       "сообщил", "сообщила", "доложил", "доложила", "рассказал", "рассказала",
                       "добавил", "добавила", "выступая")  # fmt: skip
    other_occasion_words = ("ранее", "в интервью", "прежде")
    role_phrases = MappingProxyType({
        "chaired": ("под председательством",),
        "took_part": ("с участием", "при участии"),
        "spoke": ("заслушаны отчеты", "заслушаны отчёты", "заслушан отчет", "заслушан отчёт",
                  "заслушан доклад", "заслушаны доклады"),
    })  # fmt: skip
    list_conjunctions = ("и", "а также")
    quote_mention_words = ("послани",)
    document_nouns = ("решение", "постановление", "закон", "указ", "приказ", "распоряжение",
                      "протокол")  # fmt: skip
    speech_verbs = ("сказал", "заявил", "отметил", "подчеркнул", "уточнил", "добавил", "пошутил",
                    "сообщил", "рассказал", "пояснил", "говорит", "считает", "по словам",
                    "констатировал", "резюмировал", "цитирует", "поручил", "поручила")  # fmt: skip
    relay_words = ("цитирует", "приводит слова")
    descriptive_titles = MappingProxyType({"глава кабмин": "премьер-министр",
                                           "глава правительств": "премьер-министр",
                                           "главы кабмин": "премьер-министр",
                                           "главы правительств": "премьер-министр"})  # fmt: skip
    press_words = ("пресс-служб", "говорится в", "сообщает", "передает", "передаёт", "релиз")
    bare_title_words = ("депутат", "аким", "председатель", "секретарь", "заместитель",
                        "представитель", "руководитель", "спикер", "вице-спикер", "министр",
                        "советник", "посол", "консул", "глава", "президент", "область",
                        "район", "город", "маслихат", "областной", "районный", "городской",
                        "первый", "сессия", "палата", "аппарат", "управление", "отдел",
                        "комиссия", "постоянный", "акимат", "сельский", "округ",
                        "исполнять", "обязанность")  # fmt: skip
    former_words = ("бывший", "бывшая", "бывшего", "бывшему", "экс-")
    past_markers = ("ранее", "до этого", "прежде", "в прошлом")
    appointment_verbs = ("избран", "избрана", "назначен", "назначена", "стал", "стала",
                         "вступил", "вступила",
                         "избрали", "назначили", "работал", "работала", "занимал", "занимала")  # fmt: skip
    service_verbs = ("работал", "работала", "занимал", "занимала")

    months = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр",
              "октябр", "ноябр", "декабр")  # fmt: skip
    relative_days = MappingProxyType({"сегодня": 0, "вчера": -1, "завтра": 1})

    elided_head_conjunction = "и"
    other_post_words = ("вице", "перв", "бывш")
    direction_words = frozenset({"северный", "южный", "восточный", "западный", "центральный"})
    credit_words = ("фото", "видео", "коллаж", "инфографика", "автор", "авторы", "текст",
                    "подготовил", "подготовила")  # fmt: skip
    credit_phrases = ("фото пресс-служб", "фото из ", "фото автора", "фото с сайта",
                      "фото предоставлено")  # fmt: skip

    # ---------------------------------------------------------------- morphology

    def same_word(self, text_word: str, label_word: str, *, last: bool) -> bool:
        """Every word of a Russian name inflects (adjective and head noun agree), so lemma
        sets are compared; abbreviations (ПРООН) do not decline."""
        tw, lw = text_word.casefold(), label_word.casefold()
        if tw == lw:
            return True
        return not (lw.isupper() or text_word.isupper()) and bool(
            russian_lemmas(tw) & russian_lemmas(lw)
        )

    def lemma(self, word: str) -> str:
        """The most likely normal form."""
        parses = _parses(word.casefold())
        return str(parses[0].normal_form) if parses else word.casefold()

    def nominative_name(self, words: list[str], *, before: Sequence[str] = ()) -> list[str]:
        """With a family name in -ов/-ев/-ин, the gender and case its ending, the other words
        and a title before it agree on. Otherwise the gender and case shared by the most
        likely parses of all the words (Name/Surn/Patr parses alone where a word has one:
        «Альберта» is a man's name before it is a Canadian province), nominative first when
        several fit, then each word is inflected to the nominative of that gender."""
        return self.nominative_readings(words, before=before)[0]

    def nominative_readings(
        self, words: list[str], *, before: Sequence[str] = ()
    ) -> list[list[str]]:
        surname = _SURNAME.match(words[-1]) if len(words) >= 2 else None
        if surname is not None:
            return _nominatives_with_surname(words, surname, before)
        return [self._nominative_by_parses(words)]

    def _nominative_by_parses(self, words: list[str]) -> list[str]:
        # a word the dictionary knows as no name (a foreign family name: Рау) is taken as
        # written in any case; the names decide
        named = [w for w in words if _is_named(w)] or words
        best: tuple[float, str, str] | None = None
        for gender in ("masc", "femn"):
            for case in _CASES:
                score = 0.0
                for word in named:
                    fits = [
                        _name_score(p)
                        for p in _name_parses(word)
                        if p.tag.case == case and _gender_fits(p, gender)
                    ]
                    if not fits:
                        break
                    score += max(fits)
                else:
                    rank = (score + (_NOMINATIVE_BONUS if case == "nomn" else 0.0), gender, case)
                    if best is None or rank[0] > best[0]:
                        best = rank
        if best is None or best[2] == "nomn":
            return list(words)
        _, gender, case = best
        out: list[str] = []
        for word in words:
            if word not in named:
                # a man's family name in a consonant declines as his given name does
                # (Михаила Бортника); a woman's does not, nor one in a vowel (Рау)
                stems = [
                    r[2]
                    for r in _declension_readings(word.casefold())
                    if (r[0], r[1]) == (gender, case) and gender == "masc"
                ]
                out.append(_recase(stems[0], word) if stems else word)
                continue
            parses = [
                p for p in _name_parses(word) if p.tag.case == case and _gender_fits(p, gender)
            ]
            parses.sort(key=lambda p: -_name_score(p))
            inflected = parses[0].inflect({"nomn", "sing", gender}) if parses else None
            if inflected is None and parses:
                inflected = parses[0].inflect({"nomn", "sing"})
            out.append(_recase(inflected.word, word) if inflected is not None else word)
        return out

    def nominative_phrase(self, phrase: str) -> str:
        """The head noun comes first in a Russian name of a body (Министерства финансов);
        a place's adjective agrees with the noun after it, and both go to the nominative
        («Акмолинской области» → «Акмолинская область», «Мунайлинском районе» →
        «Мунайлинский район»)."""
        words = phrase.split()
        if len(words) == 2 and _is_adjective(words[0]):
            return " ".join(_nominative_word(w) for w in words)
        words[0] = _nominative_head(words[0])
        return " ".join(words)

    # ---------------------------------------------------------------- name shapes

    def looks_like_surname(self, word: str) -> bool:
        """By its shape, or by pymorphy3's Surn tag."""
        return super().looks_like_surname(word) or any(
            "Surn" in p.tag for p in _parses(word.casefold())
        )

    def looks_like_patronymic(self, word: str) -> bool:
        """By its shape, or in any case by pymorphy3's likeliest parse (Ергалиевичем,
        Сергеевичу, Болатовной: the shape knows only the nominative)."""
        parses = _parses(word.casefold())
        return super().looks_like_patronymic(word) or bool(parses and "Patr" in parses[0].tag)

    def is_given_name(self, word: str) -> bool:
        return any("Name" in p.tag for p in _parses(word.casefold()))

    def is_known_given_name(self, word: str) -> bool:
        return is_known_given_name(word)

    def is_name_kind_word(self, word: str) -> bool:
        """By any of the word's lemmas (области, Республики, Министерства)."""
        return bool(russian_lemmas(word) & self.name_kind_words)

    def is_person_name(self, given: str, surname: str) -> bool:
        """A Russian surname shape is common in other words too: a given name must precede
        it; a first name the dictionary knows makes a name of any surname (Альберт Рау)."""
        return (
            self.looks_like_surname(surname) and self.is_given_name(given)
        ) or self.is_known_given_name(given)

    def is_plural_form(self, word: str, label: str) -> bool:
        """Every parse of the word that is the label's is plural."""
        lemma = self.lemma(label)
        own = [p for p in _parses(word.casefold()) if p.normal_form == lemma]
        return bool(own) and all(p.tag.number == "plur" for p in own)

    def owns_title_after(self, word: str) -> bool:
        """A place or organisation in the genitive (президент России, Франции)."""
        return word[:1].isupper() and any(
            ("Geox" in p.tag or "Orgn" in p.tag) and p.tag.case == "gent"
            for p in _parses(word.casefold())
        )

    def titles_name(self, before: Sequence[str]) -> bool:
        """A title noun among the last words, with only nouns and adjectives after it
        (its body and place: «аким области», «председатель областной избирательной
        комиссии»); a verb between («заявил») ends the title."""
        for word in reversed(before[-_TITLE_REACH:]):
            if self.is_title_word(word):
                return True
            parses = _parses(word.casefold())
            if not word[:1].isupper() and not (parses and parses[0].tag.POS in ("NOUN", "ADJF")):
                return False
        return False

    # ---------------------------------------------------------------- titles

    def title_before(self, before: list[Token]) -> list[Token]:
        """A title noun among the last words with the genitives after it that say whose
        title it is (акима Восточно-Казахстанской области), and the title nouns and
        adjectives before it (Первого заместителя министра иностранных дел)."""
        for k in range(len(before) - 1, max(len(before) - _TITLE_REACH, -1), -1):
            if self.is_title_word(before[k].text):
                return self._title_from(before, k)
            located = (
                before[k].text.casefold() in ("в", "при")
                and k + 1 < len(before)
                and before[k + 1].text[:1].isupper()
            )
            if not (_may_follow_title(before[k].text) or located):
                return []  # «посол Японии в Казахстане» holds its place, not «встретился с»
        return []

    def _title_from(self, words: list[Token], head: int) -> list[Token]:
        first = head
        while (
            first > 0
            and head - first < _TITLE_LEAD
            and (self.is_title_word(words[first - 1].text) or _is_adjective(words[first - 1].text))
        ):
            first -= 1
        acting = [w.text.casefold() for w in words[max(0, first - 2) : first]]
        if len(acting) == 2 and acting[0].startswith("исполня") and acting[1] == "обязанности":
            first -= 2  # «исполняющей обязанности руководителя»: acting, of the same post
        return words[first:]

    def trim_title(self, words: list[Token]) -> list[Token]:
        """«действующий председатель ТюркПА» holds the post «председатель ТюркПА»: the word
        says the holding is current, it names no other post."""
        while words and words[0].text.casefold().startswith(_INCUMBENT):
            words = words[1:]
        return words

    def appointed_title(self, text: str, tokens: list[Token], verb: int) -> list[Token]:
        """«избран Председателем Мажилиса», «Спикером Мажилиса избран», «назначен на
        должность акима области»: a title noun in the instrumental (or after «на
        должность») right after the verb, or ending right before it."""
        after = tokens[verb + 1 : verb + 1 + _TITLE_REACH]
        office = (
            len(after) >= 2
            and after[0].text.casefold() in ("на", "в")
            and after[1].text.casefold() in ("должность", "пост")
        )
        if office:
            after = after[2:]  # «назначен на должность», «вступил в должность» акима …
        if after and self.is_title_word(after[0].text) and _instrumental_or_genitive(after[0].text):
            end = 1
            while end < len(after) and _may_follow_title(after[end].text):
                end += 1
            return after[:end]
        before = tokens[max(0, verb - _TITLE_REACH) : verb]
        for k in range(len(before) - 1, -1, -1):
            if self.is_title_word(before[k].text) and _instrumental_or_genitive(before[k].text):
                return self._title_from(before, k)
            if not _may_follow_title(before[k].text):
                return []
        return []

    def receives_someone(
        self, text: str, verb_end: int, sentence_end: int, persons: list[tuple[int, int, str]]
    ) -> bool:
        """«принял акима области …», «принял в Астане делегацию»: the first noun after the
        verb, prepositional phrases aside, is a person or a delegation, not «участие» or
        «решение»."""
        words = _WORD.findall(text[verb_end:sentence_end].casefold())
        k = 0
        while k < len(words):
            parses = _parses(words[k])
            if parses and parses[0].tag.POS == "PREP":
                k += 2
                continue
            if parses and parses[0].tag.POS in ("NOUN", "NPRO"):
                return "anim" in parses[0].tag or parses[0].normal_form == "делегация"
            if not parses or parses[0].tag.POS not in ("ADJF", "PRTF", "NUMR"):
                return False
            k += 1
        return False

    def is_bare_title_word(self, word: str) -> bool:
        """Any of the word's lemmas: pymorphy3's likeliest reading of «маслихата» is a
        nominative «маслихата»."""
        return bool(russian_lemmas(word) & frozenset(self.bare_title_words))

    def is_document_noun(self, word: str) -> bool:
        return bool(russian_lemmas(word) & frozenset(self.document_nouns))

    def title_label(self, words: list[Token], text: str) -> str:
        """«Министра финансов» → «Министр финансов», «Первого заместителя министра» →
        «Первый заместитель министра»: the head and the adjectives before it."""
        for k, token in enumerate(words):
            if self.is_title_word(token.text):
                head = _nominative_head(token.text)
                gender = _gender_of(head)
                lead = [_nominative_adjective(w.text, gender) for w in words[:k]]
                return " ".join([*lead, head]) + text[token.end : words[-1].end]
        return super().title_label(words, text)

    # ---------------------------------------------------------------- events

    def event_noun(self, word: str) -> tuple[str, str] | None:
        """Any of the word's lemmas, not only the most likely."""
        for lemma in russian_lemmas(word.casefold()):
            if lemma in self.event_nouns:
                return lemma, self.event_nouns[lemma]
        return None

    def is_locative(self, text: str, start: int, end: int, label: str) -> bool:
        before = text[max(0, start - 4) : start].casefold()
        return re.search(r"(?:^|\s)во? $", before) is not None

    def locative_names(self, text: str) -> list[tuple[int, str]]:
        return [
            (m.start(1), m.group(1))
            for m in re.finditer(
                r"(?<!\w)во?\s+([А-ЯЁ][а-яё]+(?:-[А-ЯЁ]?[а-яё]+)?[еи])\b(?!\s+[А-ЯЁ])", text
            )
        ]

    def has_future_verb(self, text: str) -> bool:
        """Perfective verbs' non-past forms are future (проведёт, соберутся, состоятся)."""
        return any(_is_future(w) for w in _WORD.findall(text))

    # ---------------------------------------------------------------- dates

    def date_shapes(self) -> list[str]:
        return [
            rf"\b\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+{self.month_pattern()}\s+\d{{4}}"
            r"(?:\s+год\w*|\s+г\.)?"
        ]

    def normalise_date(self, words: str) -> str:
        return re.sub(r"\s+(?:год\w*|г\.)$", "", words)


RULES = RussianRules()
