"""Kazakh: endings on the last word of a name, stems in the lexicon, dates by their shape.

Kazakh is agglutinative: a name in running text carries plural, possessive and case
endings on its last word (Парламентінің, мәслихаттарының), and an abbreviation takes them
after a hyphen (БҰҰДБ-ның). No Kazakh analyser installs and runs offline (DESIGN.md,
"Checked on these machines"), so these rules are the small, conservative subset that
matching names needs, measured on the real-text set of benchmarks/real_eval/.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import MappingProxyType

from civicgraph.ingest.languages.base import ANY_KIND, SURNAME_SHAPE, LanguageRules
from civicgraph.ingest.languages.ru import is_known_given_name
from civicgraph.ingest.tokens import Token

# Kazakh inflectional endings, in the order they stack from the end of a word: case
# (genitive, dative, locative, ablative, instrumental, accusative), then possessive, then
# plural (мәслихат-тар-ы-ның). Only the last word of a phrase inflects.
_CASE_ENDINGS = (
    "ның", "нің", "дың", "дің", "тың", "тің", "нда", "нде", "нан", "нен",
    "дан", "ден", "тан", "тен", "мен", "бен", "пен", "ға", "ге", "қа", "ке",
    "на", "не", "да", "де", "та", "те", "ны", "ні", "ды", "ді", "ты", "ті", "н",
)  # fmt: skip
_POSSESSIVE_ENDINGS = ("ымыз", "іміз", "мыз", "міз", "сы", "сі", "ы", "і")
_PLURAL_ENDINGS = ("лар", "лер", "дар", "дер", "тар", "тер")
_ENDINGS = frozenset((*_CASE_ENDINGS, *_POSSESSIVE_ENDINGS, *_PLURAL_ENDINGS))
_MIN_STEM = 3

_NAME_CASE_ENDINGS = tuple(
    sorted(
        (
            "ның", "нің", "дың", "дің", "тың", "тің", "ға", "ге", "қа", "ке", "на", "не",
            "да", "де", "та", "те", "нда", "нде", "дан", "ден", "тан", "тен", "нан", "нен",
            "ды", "ді", "ты", "ті", "ны", "ні", "мен", "бен", "пен", "ғы", "гі", "қы", "кі",
            "тар", "тер", "дар", "дер", "лар", "лер",
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
"""Case and plural endings a person's surname takes (Қасымовтың, Ерлановаға, Дюсалиевтер:
«Дюсалиев and the others»), longest first."""
_VOICELESS = frozenset("кқпстшфхцчщ")
_VOICED = frozenset("лрйузжмнңв")
_BACK_VOWELS = frozenset("аоұыя")
_FRONT_VOWELS = frozenset("әөүіеэ")
_NAME_ENDINGS_BY_SOUND = (
    # (ending, what the stem must end in, its vowel harmony): genitive, dative,
    # accusative and instrumental, the cases a name takes after a verb or a title
    ("ның", "vowel", "back"), ("нің", "vowel", "front"),
    ("дың", "voiced", "back"), ("дің", "voiced", "front"),
    ("тың", "voiceless", "back"), ("тің", "voiceless", "front"),
    ("ға", "vowel voiced", "back"), ("ге", "vowel voiced", "front"),
    ("қа", "voiceless", "back"), ("ке", "voiceless", "front"),
    ("ны", "vowel", "back"), ("ні", "vowel", "front"),
    ("ды", "voiced", "back"), ("ді", "voiced", "front"),
    ("ты", "voiceless", "back"), ("ті", "voiceless", "front"),
    ("мен", "vowel voiced", "any"), ("бен", "voiced", "any"), ("пен", "voiceless", "any"),
)  # fmt: skip
"""Endings that Kazakh sound rules fit to the stem (Қасымбек-ті, Кавабата-ға, Жақып-тың):
a name of any shape, Kazakh or foreign, loses one only where the rules would have chosen
it, so Кавабата keeps its -та (no locative is taken off a name) and Мұхтар its -тар."""
_ATTRIBUTIVE = ("дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі")
"""Locative + adjectival -ғы (Қазақстандағы, Сенаттағы): one more layer than the ending
chain has, needed only when matching a name."""
_POSSESSIVE_CASE = re.compile(r"^(.{3,}[ыі])(?:ның|нің|на|не|нда|нде|нан|нен|ны|ні|мен|н)$")
"""A possessive with a case ending after it: мәслихатының → мәслихаты."""
_GENITIVE = re.compile(r"(?:ның|нің|дың|дің|тың|тің)$")
_ADJECTIVAL = re.compile(r"(?:тық|тік|дық|дік|лық|лік|дағы|дегі|тағы|тегі)$")
_GENITIVE_OR_ADJECTIVAL = re.compile(r"(?:ның|нің|дың|дің|тың|тің|тық|тік|дық|дік|лық|лік)$")
_LOCATIVE = re.compile(r"(?:да|де|та|те|нда|нде)")
_LOCATIVE_END = re.compile(r"(?:да|де|та|те)$")
"""A capitalised word so ending before another capitalised word is a place in the locative
(Көкшетауда Жапония …), no word of the name after it."""
_INTENTION = ("мақ", "мек", "пақ", "пек", "бақ", "бек")
_INTENTION_WORD = re.compile(
    r"(?<![\w-])([а-яәғқңөұүһі]{2,}(?:" + "|".join(_INTENTION) + r"))"
    r"(?:шы|ші|пын|пін|мын|мін|пыз|піз|мыз|міз|сың|сің|сыз|сіз)?"
    r"(?=\s*(?:[.,;:!?–—)»\"]|$)|\s+(?:болды|болып|болған|еді|екен|ниетте|деп|деді)\b)"
)
_INTENTION_LOOKALIKES = frozenset({
    "аймақ", "тамақ", "бармақ", "қаймақ", "құймақ", "жұмақ", "қармақ", "көмек", "демек",
    "сабақ", "жібек", "кебек", "тақпақ", "қақпақ", "шапақ", "ошақ", "табақ", "тұзақ",
})  # fmt: skip
"""Nouns that end as the intention form does; a sentence ending with one is no plan."""
_BARE_MODIFIERS = frozenset({"сайлау"})
_RECEPTION_OF = ("қабылдауында", "қабылдауына")
"""Someone's reception («әкімнің қабылдауында болды»); the bare «қабылдау» is also adopting
a law, so only these forms name one."""
_ACCUSATIVE = re.compile(r"(?:ны|ні|ды|ді|ты|ті)$")
_OFFICE_WORDS = frozenset({"қызметіне", "лауазымына", "болып", "етіп"})
"""The words between a title and a verb of electing or appointing to it."""
_COPULAS = ("болды",)
"""«… төрағасы болды»: the title right before the verb is what its subject became."""
_MAX_TITLE_WORDS = 7
_MAX_NAME_WORDS = 3
_OBLIQUE_NAME = re.compile(r"(?:ға|ге|қа|ке|мен|бен|пен)$")
"""A capitalised word in the dative or instrumental is no word of a title (the ablative
is left: Қазақстан ends as one)."""
_POSSESSIVE_END = re.compile(r"(?:ы|і|сы|сі)$")
_TITLE_MODIFIERS = frozenset({"бірінші", "екінші", "төтенше", "өкілетті", "тұрақты", "бас", "аға"})
"""Ranks inside a title (бірінші орынбасары, Төтенше және өкілетті елшісі)."""


def _sound_kinds(sound: str) -> set[str]:
    """What a stem's last letter counts as for the endings: и and у end in a glide (ий, уу)
    and take a vowel's endings and a voiced consonant's alike (Раисидің, Раисиге)."""
    if sound in "иу":
        return {"vowel", "voiced"}
    if sound in "аәеоөұүыіэюя":
        return {"vowel"}
    if sound in _VOICED:
        return {"voiced"}
    return {"voiceless"} if sound in _VOICELESS else set()


def _stem_by_sound(word: str) -> str | None:
    """``word`` without a case ending its stem's last sound and vowels call for, if any."""
    folded = word.casefold()
    for ending, after, harmony in _NAME_ENDINGS_BY_SOUND:
        stem = folded[: -len(ending)]
        if not folded.endswith(ending) or len(stem) < _MIN_STEM:
            continue
        kinds = _sound_kinds(stem[-1])
        vowels = [c for c in stem if c in _BACK_VOWELS | _FRONT_VOWELS]
        side = "back" if vowels and vowels[-1] in _BACK_VOWELS else "front" if vowels else "any"
        if kinds & set(after.split()) and harmony in ("any", side):
            return word[: len(stem)]
    return None


def strip_kazakh_suffix(word: str) -> str:
    """The stem of a Kazakh word without its case, possessive and plural endings.

    Парламентінің → Парламент, мәслихаттарының → мәслихат. Conservative: each kind of
    ending is removed at most once, outermost first, and a stem keeps at least three
    letters, so short roots are never eaten.
    """
    stem = word
    for endings in (_CASE_ENDINGS, _POSSESSIVE_ENDINGS, _PLURAL_ENDINGS):
        for suffix in endings:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= _MIN_STEM:
                stem = stem[: -len(suffix)]
                break
    return stem


def is_inflection_of(word: str, lemma: str) -> bool:
    """Whether ``word`` is ``lemma`` followed only by Kazakh endings (Сенаттың ← Сенат).

    Safer than stemming both sides: the lemma is known, so only the tail is judged.
    """
    word, lemma = word.casefold(), lemma.casefold()
    if not word.startswith(lemma):
        return False
    return _is_ending_chain(word[len(lemma) :].lstrip("-"))


def _is_ending_chain(tail: str) -> bool:
    if not tail:
        return True
    return any(tail.startswith(e) and _is_ending_chain(tail[len(e) :]) for e in _ENDINGS)


def split_hyphenated_abbreviation(word: str) -> tuple[str, str]:
    """``БҰҰДБ-ның`` → (``БҰҰДБ``, ``ның``): abbreviations take their endings after a hyphen."""
    head, sep, tail = word.partition("-")
    if sep and head.isupper() and tail.islower():
        return head, tail
    return word, ""


class KazakhRules(LanguageRules):
    code = "kk"
    script = "Cyrl"
    own_letters = frozenset("әғқңөұүһі")

    title_nouns = ("министр", "төраға", "хатшы", "әкім", "орынбасар", "өкіл", "басшы", "депутат",
                   "спикер", "вице-спикер", "вице-министр", "вице-президент", "премьер-министр",
                   "кеңесші", "елші", "консул", "жетекші", "президент")  # fmt: skip
    deputy_words = ("орынбасар", "бірінші")
    body_patterns = (
        (
            r"[А-ЯӘҒҚҢӨҰҮҺІЁ][\w-]+\s+(?:облыстық|аудандық|қалалық)\s+мәслихат\w*",
            "LocalRepresentativeBody",
        ),
        (r"(?:[А-ЯӘҒҚҢӨҰҮҺІЁ][\w-]+\s+)министрліг\w*", "Organisation"),
    )
    party_pattern = r"«([^«»\n]{2,40})»\s+партия\w*"
    chambers = ("Мәжіліс",)
    place_patterns = (
        (r"[А-ЯӘҒҚҢӨҰҮҺІЁ][\w-]+\s+қаласы", "City"),
        (r"[А-ЯӘҒҚҢӨҰҮҺІЁ][\w-]+\s+облысы", "Region"),
        (r"[А-ЯӘҒҚҢӨҰҮҺІЁ][\w-]+\s+ауданы", "District"),
    )
    name_kind_words = frozenset({"облыс", "облыстық", "аудан", "аудандық", "қала", "қалалық",
                                 "республика", "парламент", "мәжіліс", "сенат", "министрлік",
                                 "министрлігі", "корольдігі", "республикасы",
                                 "комитет", "кеңес", "ұйым", "университет", "мектеп", "көше",
                                 "даңғыл", "ауыл", "партия", "ассамблея", "әкімдік", "мәслихат",
                                 "академия", "институт", "орталық", "федерация",
                                 "корольдік", "президент"})  # fmt: skip
    place_kind_stems = frozenset({"облыс", "аудан", "қала", "көше", "даңғыл", "ауыл"})
    other_post_words = ("вице", "тұңғыш", "бұрынғы")
    direction_words = frozenset({"солтүстік", "оңтүстік", "шығыс", "батыс", "орталық"})
    credit_words = ("фото", "фотосурет", "сурет", "суреттер", "видео", "коллаж", "инфографика",
                    "автор", "авторлар", "автордың", "мәтін", "дайындаған")  # fmt: skip
    portfolio_titles = MappingProxyType({"vice-minister": "вице-министрі", "minister": "министрі"})
    portfolios = MappingProxyType(
        {
            "finance": ("қаржы",),
            "national-economy": ("ұлттық экономика",),
            "education": ("оқу-ағарту",),
            "justice": ("әділет",),
            "foreign-affairs": ("сыртқы істер",),
            "health": ("денсаулық сақтау",),
            "energy": ("энергетика",),
            "agriculture": ("ауыл шаруашылығы",),
            "labour": ("еңбек",),
            "internal-affairs": ("ішкі істер",),
            "defence": ("қорғаныс",),
            "digital-development": ("цифрлық даму",),
            "culture": ("мәдениет",),
            "industry": ("өнеркәсіп",),
            "transport": ("көлік",),
            "trade": ("сауда",),
            "ecology": ("экология",),
            "emergency-situations": ("төтенше жағдайлар",),
            "water-resources": ("су ресурстары",),
            "science": ("ғылым",),
        }
    )

    event_nouns = MappingProxyType({"отырыс": "Meeting", "жиын": "Meeting", "жиналыс": "Meeting",
                   "кездесу": "Meeting", "жүздесу": "Meeting", "сессия": "Meeting", "форум": "Event",
                   "конференция": "Event", "кеңесу": "Meeting", "сайлау": "Event",
                   "референдум": "Event", "саммит": "Event", "сапар": "Event", "көрме": "Event",
                   "съезд": "Event", "брифинг": "Event"})  # fmt: skip
    event_kinds = MappingProxyType({"отырыс": "sitting", "жиын": ANY_KIND, "жиналыс": "sitting",
                   "кездесу": "sitting", "жүздесу": "sitting", "сессия": "sitting", "кеңесу": "sitting",
                   "қабылдау": "sitting", "форум": "forum", "конференция": "forum", "саммит": "forum",
                   "съезд": "forum", "сайлау": "vote", "референдум": "vote",
                   "сапар": "visit", "көрме": "exhibition", "брифинг": "briefing"})  # fmt: skip
    meeting_verbs = ("кездесті", "кездесіп")
    meeting_noun = "кездесу"
    reception_verbs = ("қабылдады", "қабылдап")
    generic_event_words = ("іс-шара", "іс-шараға", "іс-шарада", "іс-шараны", "іс-шараның")
    reception_noun = "қабылдау"
    held_markers = ("өтті", "болды", "өткізілді", "өткізді", "ұйымдастырылды")
    planned_markers = ("өтеді", "өткізіледі", "болады", "жоспарла", "күтілуде", "өтпек",
                       "өткізбек")  # fmt: skip
    announcement_markers = ("өткізеді", "басталады", "ашылады", "жиналады", "ұйымдастырылады",
                            "өтетін", "өткізілетін", "ұйымдастырылатын", "қатысады", "тиіс",
                            "алдағы", "шақырыл")  # fmt: skip
    cancelled_markers = ("өтпейді", "өтпейтін", "өтпеді", "өткізілмейді", "өткізілмейтін",
                         "өткізілмеді")  # fmt: skip
    postponed_markers = ("кейінге қалдыр", "кейінге шегер", "шегерілді", "шегеріледі")
    status_modifiers = MappingProxyType({"scheduled": ("алдағы", "келесі", "өтетін", "басталатын",
                                                     "өткізілетін", "ашылатын", "жоспарланған"),
                                       "held": ("өткен", "өткізілген", "болған")})  # fmt: skip
    status_modifiers_after = MappingProxyType({"scheduled": ("өтеді", "өткізіледі", "өтпек"),
                                             "held": ("өтті", "өткізілді")})  # fmt: skip
    negations = ("қатыспады", "жоқ", "емес")
    role_verbs = MappingProxyType(
        {
            "opened": ("ашты", "аша отырып", "ашып"),
            "chaired": ("төрағалық етті", "төрағалық жасады", "жүргізді", "жүргізген", "жүргізіп"),
            "spoke": ("сөз сөйледі", "баяндама жасады", "сөйледі", "баяндама жасап",
                      "баяндамасын жасады", "сөз алды", "есеп берді"),
            "took_part": ("қатысты", "қатысып", "кездесті", "кездесіп"),
            "presented": ("таныстырды", "кандидатурасын ұсынды"),
        }
    )  # fmt: skip
    holding_verbs = ("өткізді", "өткізіп")
    reporting_verbs = ("баяндады", "атап өтті", "айтты", "мәлімдеді", "жеткізді", "тоқталды",
                       "атап көрсетті")  # fmt: skip
    other_occasion_words = ("бұған дейін", "осыған дейін", "бұрын", "ертерек", "сұхбат")
    role_phrases = MappingProxyType({"chaired": ("төрағалығымен",), "took_part": ("қатысуымен",)})
    list_conjunctions = ("және", "мен", "пен", "бен", "сондай-ақ")
    phrase_governs_before = True
    head_last = True
    subject_first = True
    quote_mention_words = ("жолдау",)
    document_nouns = ("шешім", "қаулы", "заң", "жарлық", "бұйрық", "хаттама", "кодекс")
    speech_verbs = ("деді", "деп ", "айтты", "атап өтті", "мәлімдеді", "жеткізді", "түсіндірді",
                    "делінген", "сөзінше", "пікірінше", "тапсырды")  # fmt: skip
    relay_words = ("сөзін келтір", "сөзін жеткіз")
    descriptive_titles = MappingProxyType({"үкімет басшы": "премьер-министр"})
    press_words = ("хабарлама", "ақпарат", "баспасөз қызмет", "мәлімдеме", "пресс-қызмет",
                   "хабарлайды")  # fmt: skip
    bare_title_words = ("депутат", "әкім", "хатшы", "төраға", "орынбасар", "басшы", "өкіл",
                        "спикер", "вице-спикер", "министр", "кеңесші", "елші", "консул",
                        "жетекші", "президент", "облыс", "аудан", "қала", "ауыл", "округ",
                        "мәслихат", "әкімдік", "аппарат", "сессия", "бірінші", "бас", "палата",
                        "басқарма", "бөлім", "тұрақты", "комиссия")  # fmt: skip
    former_words = ("бұрынғы", "экс-")
    past_markers = ("бұрын", "бұған дейін", "осыған дейін")
    possessive_pronouns = frozenset({"өзінің", "оның", "олардың"})
    appointment_verbs = ("сайланды", "тағайындалды", "сайлады", "тағайындады", *_COPULAS)

    months = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
              "қыркүйек", "қазан", "қараша", "желтоқсан")  # fmt: skip
    relative_days = MappingProxyType({"бүгін": 0, "кеше": -1, "ертең": 1})

    # ---------------------------------------------------------------- morphology

    def same_word(self, text_word: str, label_word: str, *, last: bool) -> bool:
        """Only the last word of a Kazakh name inflects."""
        tw, lw = text_word.casefold(), label_word.casefold()
        if tw == lw:
            return True
        if not last:
            return False
        return is_inflection_of(tw, lw) or any(
            tw.endswith(ending) and tw[: -len(ending)] == lw for ending in _ATTRIBUTIVE
        )

    def lemma(self, word: str) -> str:
        return strip_kazakh_suffix(word.casefold())

    def strip_name_case(self, word: str) -> str:
        for ending in _NAME_CASE_ENDINGS:
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= 3 and SURNAME_SHAPE.search(stem):
                return stem
        return word

    def nominative_name(self, words: list[str], *, before: Sequence[str] = ()) -> list[str]:
        return self.nominative_readings(words, before=before)[0]

    def nominative_readings(
        self, words: list[str], *, before: Sequence[str] = ()
    ) -> list[list[str]]:
        """A family name's ending comes off by its shape (Сәрсенованың, Дюсалиевтер); a name
        of another shape loses an ending the sound rules fit to it (Қасымбекті,
        Кавабатаға), the name as written kept as the second reading."""
        *first, last = words
        stripped = self.strip_name_case(last)
        if stripped != last:
            return [[*first, stripped]]
        stem = _stem_by_sound(last)
        return [[*first, stem], list(words)] if stem is not None else [list(words)]

    def nominative_phrase(self, phrase: str) -> str:
        words = phrase.split()
        match = _POSSESSIVE_CASE.match(words[-1])
        if match:
            words[-1] = match.group(1)
        return " ".join(words)

    # ---------------------------------------------------------------- titles

    def is_plural_form(self, word: str, label: str) -> bool:
        tail = word.casefold().removeprefix(label.casefold())
        return tail != word.casefold() and tail.startswith(_PLURAL_ENDINGS)

    def is_ours(self, word: str, label: str) -> bool:
        tail = word.casefold().removeprefix(label.casefold())
        return tail != word.casefold() and tail.startswith(("ымыз", "іміз", "мыз", "міз"))

    def owns_title_before(self, word: str, title: str, label: str) -> bool:
        """Kazakh puts a title's owner before it and the title in the possessive (Иран
        президенті, Ресей Парламентінің): a proper name no known name there is another's."""
        tail = title.casefold().removeprefix(label.casefold())
        owned = tail != title.casefold() and tail.startswith(("ы", "і", "сы", "сі"))
        return super().owns_title_before(word, title, label) or (
            owned and word[:1].isupper() and not word.isupper()
        )

    def may_begin_name(self, word: str) -> bool:
        """Only the last word of a Kazakh name inflects: a genitive or an attributive
        (Ресейдің Өскемендегі: "Russia's in Oskemen") begins no name."""
        folded = word.casefold()
        return _GENITIVE.search(folded) is None and not folded.endswith(_ATTRIBUTIVE)

    def is_name_kind_word(self, word: str) -> bool:
        """A kind word with Kazakh endings (Облысының, Республикасындағы); a name that only
        begins alike (Көшербаев, Қаламқас) is none."""
        return any(self.same_word(word, kind, last=True) for kind in self.name_kind_words)

    def is_known_given_name(self, word: str) -> bool:
        """Kazakh texts name Russian and foreign persons by their Russian spelling (Михаил,
        Виктор): pymorphy3's dictionary knows those first names. No dictionary of Kazakh ones
        installs offline."""
        return is_known_given_name(word)

    def is_title_word(self, word: str) -> bool:
        folded = word.casefold()
        return any(folded.startswith(stem) for stem in self.title_nouns)

    def is_bare_title_word(self, word: str) -> bool:
        folded = word.casefold()
        return any(folded.startswith(stem) for stem in self.bare_title_words)

    def appointed_title(self, text: str, tokens: list[Token], verb: int) -> list[Token]:
        """«… вице-спикері қызметіне сайланды», «… төрағасы болып сайланды»: the title
        stands before the word for the office, right before the verb; before «болды»
        («… төрағасы болды»), right before the verb."""
        if verb >= 1 and tokens[verb].text.casefold() in _COPULAS:
            return self.title_before(tokens[:verb])
        if verb < 2 or tokens[verb - 1].text.casefold() not in _OFFICE_WORDS:
            return []
        return self.title_before(tokens[: verb - 1])

    def title_before(self, before: list[Token]) -> list[Token]:
        """A title noun, and the words before it that say whose title it is: genitives and
        adjectives (Қаржы министрлігінің … орынбасары), a name of up to three words (Иран
        Ислам Республикасының), nouns of a possessive chain (Мұнайлы ауданы әкімі
        аппаратының басшысы), the words of bare titles (облыстық мәслихат хатшысы) and
        ranks (бірінші, Төтенше және өкілетті елшісі)."""
        head = before[-1]
        if not self.is_title_word(head.text):
            return []
        words = [head]
        capitals = 0
        for token in reversed(before[:-1]):
            first = words[0].text.casefold()
            word, folded = token.text, token.text.casefold()
            if (
                folded in self.relative_days
                or self.event_noun(word) is not None
                or (_OBLIQUE_NAME.search(folded) and word[:1].isupper())
            ):
                break  # «Бүгін президент …», «Форумды Сенат төрағасы …»: no word of a title
            genitive = _GENITIVE.search(folded) is not None
            adjectival = _ADJECTIVAL.search(folded) is not None
            dependent = _GENITIVE_OR_ADJECTIVAL.search(first) is not None
            chained = _POSSESSIVE_END.search(first) is not None
            rank = folded in _TITLE_MODIFIERS or (folded == "және" and first in _TITLE_MODIFIERS)
            if rank:
                words.insert(0, token)
                continue
            if word[:1].isupper() and _LOCATIVE_END.search(folded) and words[0].text[:1].isupper():
                break  # «Астанада Жапония елшісі …»: where the title's holder was, not whose
            if self.is_title_word(word) and not genitive:
                break  # «Президент Қарағанды облысының әкімі …»: another title, the subject's
            capital = word[:1].isupper() and (
                words[0] is head or dependent or chained or words[0].text[:1].isupper()
            )
            if word[:1].isupper() and not capital:
                break
            if capital and not (genitive or adjectival):
                capitals += 1
                if capitals > _MAX_NAME_WORDS:
                    break
            elif not (genitive or adjectival or rank or capital or word[:1].isupper()) and not (
                (chained or dependent or words[0] is head)
                and (_POSSESSIVE_END.search(folded) or self.is_bare_title_word(folded))
            ):
                break
            words.insert(0, token)
            if len(words) >= _MAX_TITLE_WORDS:
                break
        return words

    def is_apposition_title(self, words: list[Token]) -> bool:
        """A Kazakh title ends with its noun (облыс әкімі)."""
        return self.is_title_word(words[-1].text)

    # ---------------------------------------------------------------- events

    def event_noun(self, word: str) -> tuple[str, str] | None:
        """The noun with its endings (отырысында, кездесуде); a bare «сайлау» names the
        district, commission or station it stands before, not an election."""
        folded = word.casefold()
        if folded.startswith(_RECEPTION_OF):
            return self.reception_noun, "Meeting"  # «Ерлановтың қабылдауында болды»
        return next(
            (
                (stem, kind)
                for stem, kind in self.event_nouns.items()
                if is_inflection_of(folded, stem) and folded not in _BARE_MODIFIERS
            ),
            None,
        )

    def is_document_noun(self, word: str) -> bool:
        return any(is_inflection_of(word, noun) for noun in self.document_nouns)

    def receives_someone(
        self, text: str, verb_end: int, sentence_end: int, persons: list[tuple[int, int, str]]
    ) -> bool:
        """A person named before the verb in the accusative (Ерланды қабылдады)."""
        return any(
            end <= verb_end
            and text[start:end].rsplit(maxsplit=1)[-1] != label.split()[-1]
            and _ACCUSATIVE.search(text[start:end]) is not None
            for start, end, label in persons
        )

    def names_a_side(self, word: str) -> bool:
        """A capitalised name with the comitative ending (Ерлановпен, Нұровамен)."""
        return word[:1].isupper() and word.casefold().endswith(("мен", "пен", "бен"))

    def is_locative(self, text: str, start: int, end: int, label: str) -> bool:
        """The ending added to the name, not the name's own letters (Қызылорда ends in -да)."""
        written = text[start:end].rsplit(maxsplit=1)[-1].casefold()
        tail = written.removeprefix(label.rsplit(maxsplit=1)[-1].casefold())
        return tail != written and _LOCATIVE.fullmatch(tail) is not None

    def marks_intention(self, text: str) -> bool:
        """-мақ/-мек/-пақ/-пек/-бақ/-бек: the intention form of a Kazakh verb (өткізбек,
        ашпақпыз), a predicate: lower-case (not a name: Жүсіпбек), at the end of its clause
        or before an auxiliary, and not a noun that only ends so (аймақ, көмек, сабақ)."""
        return any(
            match.group(1) not in _INTENTION_LOOKALIKES for match in _INTENTION_WORD.finditer(text)
        )

    def role_verb_pattern(self, verb: str) -> str:
        """Kazakh verbs take endings: a role verb is matched at a word's start only."""
        return rf"(?<!\w){re.escape(verb)}"

    # ---------------------------------------------------------------- dates

    def month_year_shape(self) -> str:
        """The year first, the month after it: «2020 жылғы наурызда»."""
        return rf"(?P<year>\d{{4}})\s+жыл\w*\s+(?P<month>{self.month_pattern()})"

    def date_shapes(self) -> list[str]:
        month = self.month_pattern()
        return [
            rf"\b\d{{4}}\s+жыл\w*\s+\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+{month}",
            rf"\b\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+{month}\s+\d{{4}}(?:\s+жыл\w*)?",
            rf"\b\d{{4}}\s+жыл\w*\s+{self._ordinal_day_of_month()}",
        ]

    def day_month_shapes(self) -> list[str]:
        return [*super().day_month_shapes(), rf"(?<!\w){self._ordinal_day_of_month()}"]

    def _ordinal_day_of_month(self) -> str:
        """The month in the genitive, then the day as an ordinal with its ending («шілденің
        13-інде», «наурыздың 2-сі»): the day of the month."""
        return rf"{self.month_pattern()}ң\s+\d{{1,2}}-(?:[іы]|с[іы])\w*"

    def normalise_date(self, words: str) -> str:
        """«2025 жылғы 14 мамырда» → «14 мамыр 2025»: the year word goes, the month loses its
        case (dateparser reads only the year of the inflected form)."""
        year = re.search(r"\d{4}", words)
        day = re.search(r"\b\d{1,2}\b", re.sub(r"\d{4}", "", words))
        month = re.search(self.month_pattern(), words, re.IGNORECASE)
        if year and day and month:
            stem = next(s for s in self.months if month.group().casefold().startswith(s))
            return f"{day.group()} {stem} {year.group()}"
        return words


RULES = KazakhRules()
