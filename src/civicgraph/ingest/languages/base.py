"""The one interface every language's rules keep: words, name shapes, morphology, dates.

Drafting, coverage and search ask a ``LanguageRules`` object, never a language code, how a
language writes titles, events, roles and dates and how it inflects names (DESIGN.md,
"Language"). Each language is one module of this package defining ``RULES``; a fourth
language is a fifth module. Lexicon entries are plain data so that a curator who finds a
missing verb adds a word, not code: Kazakh entries are stems matched at the start of a word
(endings follow), Russian ones lemmas (pymorphy3's normal forms), English ones lower-case
words.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from civicgraph.ingest.tokens import Token

SURNAME_SHAPE = re.compile(
    r"(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|ская|ұлы|улы|қызы|кызы|"
    r"ov|ev|yev|in|ova|eva|yeva|ina|uly|kyzy|ski|skaya)$",
    re.IGNORECASE,
)
"""Family names of the region in both scripts (Қасымов, Ерланова, Nurpeisova, Sagatkhanuly):
a text in any of the languages writes them, so every language's rules know them all."""
_PATRONYMIC_SHAPE = re.compile(r"(?:ұлы|улы|қызы|кызы|вич|вна|uly|kyzy|ovich|evna|ovna)$", re.I)


_LEADING_NAMES = re.compile(r"^(?:\s+[«\"“]?[^\W\d_a-zа-яёәғқңөұүһі][^\s,]*)+")

ANY_KIND = "any"
"""The kind of an event noun that names an event of any kind (``LanguageRules.event_kinds``)."""


class LanguageRules(ABC):
    """What drafting needs to know of one language; one instance per language, in ``RULES``."""

    code: str
    """The language's BCP 47 primary subtag (``kk``), as sources and labels are tagged."""
    script: str
    """ISO 15924 code of the script the language is written in (``Cyrl``, ``Latn``)."""
    own_letters: frozenset[str] = frozenset()
    """Letters (lower case) of its alphabet that the other languages of its script lack:
    one of them in a text says the text is in this language (``written_in``)."""

    # ---- lexicon: titles and bodies
    title_nouns: tuple[str, ...]
    """Words that make a phrase a post title when a person's name stands next to it."""
    deputy_words: tuple[str, ...]
    """A title with one of these is another post than the title it contains (a deputy
    chairman is not the chairman)."""
    body_patterns: tuple[tuple[str, str], ...]
    """Shapes of bodies' names the authority file may not hold yet, with their civ: class."""
    party_pattern: str
    """A party's name with the word for party; the name alone (group 1) makes its id, so
    «Аманат» партиясы, партия «Аманат» and the Amanat party are one ``org/amanat-party``."""
    chambers: tuple[str, ...]
    """Chamber names without a shape of their own."""
    place_patterns: tuple[tuple[str, str], ...]
    """Shapes of place names (a kind word with a name), found when the place is not known."""
    name_kind_words: frozenset[str]
    """Place and body kind words and the other words of institutions' names (облысы,
    Region, Ministry, Affairs): a phrase holding one is no person's name."""
    portfolio_titles: Mapping[str, str]
    """Heads of titles that name a portfolio, by the English key their post id is made from;
    the longer head first, so a vice minister is never taken for the minister."""
    portfolios: Mapping[str, tuple[str, ...]]
    """Ministries' portfolios as the language writes them in a minister's title, by the
    English key, so that «Қаржы министрі», «Министр финансов» and "Minister of Finance"
    get one post id."""

    # ---- lexicon: events, roles, tense
    event_nouns: Mapping[str, str]
    """Nouns that name an event, with the civ: class a proposed event gets."""
    event_kinds: Mapping[str, str]
    """Each event noun's kind, in words shared by every language (a sitting, a session and
    a meeting are one kind, ``sitting``; an election and a vote ``vote``): a text may name
    one event by several nouns of its kind, but a noun of another kind after it (the
    referendum, then a meeting of the maslikhat) names another event. A word for any
    gathering (Kazakh жиын) is of ``ANY_KIND``: it names the event of the text so far."""
    meeting_verbs: tuple[str, ...]
    """Verbs that state a meeting took place without an event noun."""
    meeting_noun: str
    """The event noun a meeting stated by a verb alone is named by."""
    held_markers: tuple[str, ...]
    """Past forms that introduce an event as having taken place."""
    planned_markers: tuple[str, ...]
    """Future and intention forms: an event so introduced is scheduled, never held."""
    announcement_markers: tuple[str, ...]
    """Announcement forms that make an event scheduled when the sentence has no past form (a
    held sitting may report that a law "is to take effect")."""
    negations: tuple[str, ...]
    status_modifiers: Mapping[str, tuple[str, ...]] = MappingProxyType({})
    """By status, words right before an event noun that give it ("the scheduled session",
    «предстоящей сессии», «келесі отырыста»): an event of its own, whatever the sentence's
    main event is (Kazakh and Russian entries are stems, English ones words)."""
    status_modifiers_after: Mapping[str, tuple[str, ...]] = MappingProxyType({})
    """By status, phrases right after an event noun that give it ("the summit scheduled
    for April", «саммита, прошедшего в Габале»), as stems."""
    role_verbs: Mapping[str, tuple[str, ...]]
    """Verbs that give a named person's role (a key of ``civicgraph.facts.ROLE_TERMS``) in the event
    of their sentence."""
    quote_mention_words: tuple[str, ...]
    """Words after which a named person is only mentioned (the President's Address), never
    a participant."""
    generic_event_words: tuple[str, ...] = ()
    """Words for any event, in the singular ("the event", «мероприятие», іс-шараға): never an
    event of their own, they name the event the text is about."""
    reception_verbs: tuple[str, ...] = ()
    """Verbs of receiving someone («қабылдады», «принял», "received"): a meeting of both
    sides when ``receives_someone`` finds a person received, not a decision or a vote."""
    reception_noun: str = ""
    """The event noun a reception stated by a verb alone is named by."""
    with_words: tuple[str, ...] = ()
    """"with" (с, со): the meeting noun before one names a meeting of sides, each a participant."""
    cancelled_markers: tuple[str, ...] = ()
    """Forms that call off the event named next to them («отменить проведение», "call off")."""
    postponed_markers: tuple[str, ...] = ()
    """Forms that put off the event named next to them («перенесено», "postponed")."""
    event_prepositions: tuple[str, ...] = ()
    """Prepositions before an event noun that make it no subject («на заседании», "at the
    meeting"): a word calling something off after it is not about the event."""
    role_phrases: Mapping[str, tuple[str, ...]] = MappingProxyType({})
    """Phrases that give a role to the person they govern, in whatever case
    («под председательством Ерланова», «Ерлановтың қатысуымен», "chaired by Yerlanov"),
    where ``role_verbs`` give it to the person named as the subject."""
    holding_verbs: tuple[str, ...] = ()
    """Verbs and phrases of holding an event («провёл», өткізді, "held a meeting"), matched
    as ``role_verbs`` are and only beside an event noun: the one who holds a meeting chairs
    it, or, when it is a meeting with someone («Y-пен кездесу өткізді», "held a meeting
    with Y"), is one of its sides."""
    passive_words: tuple[str, ...] = ()
    """Auxiliaries that make a holding verb after them passive ("the session was held"):
    its subject is the event, and nobody named beside it held it (Kazakh and Russian have
    passive forms of their own, «өткізілді», «проведено»)."""
    reporting_verbs: tuple[str, ...] = ()
    """Verbs that report what a person said («отметил», баяндады, "said that", "stressed"),
    matched as ``role_verbs`` are: in a sentence of a held event the person spoke at it,
    when named as the verb's subject right beside it (in Kazakh, as its clause's subject)
    and the sentence tells of no other occasion (``other_occasion_words``)."""
    other_occasion_words: tuple[str, ...] = ()
    """Words that put what a sentence reports on another occasion than the event of the
    text ("earlier", «ранее», бұған дейін): said then, not at the event."""
    agent_words: tuple[str, ...] = ()
    """The word after a passive role verb that brings in the person ("chaired by")."""
    phrase_governs_before: bool = False
    """Whether a role phrase follows the name it governs (Kazakh postpositions:
    «Ерлановтың қатысуымен»), not precedes it («с участием Ерланова»)."""
    subject_first: bool = False
    """Whether a verb's subject is the first name of its clause (Kazakh: subject, object,
    verb), not the name nearest the verb."""
    list_conjunctions: tuple[str, ...] = ()
    """Words that join the names of a list (and, и, және): a role given to one name of a
    list is given to every name of it."""
    document_nouns: tuple[str, ...] = ()
    """Documents with a date of their own (decision, decree, law): a date that is a
    document's is not the date of an event, nor does it introduce one."""
    speech_verbs: tuple[str, ...] = ()
    """Words that attribute direct speech (said, «сказал», деді, «по словам»), matched at a
    word's start: a passage in quotation marks is speech only in a sentence holding one (or
    after a colon); else it is a name («Об областном бюджете», «ЭКСПО-2017» көрмесі)."""
    press_words: tuple[str, ...] = ()
    """Words for a press release or service («делінген хабарламада», «пресс-служба», "the
    press service said"): speech so attributed is no person's."""

    relay_words: tuple[str, ...] = ()
    """Words by which the press passes on a person's words ("the press service quotes the
    President as saying", «цитирует Главу государства»): the words are the person's whom
    the title after them names, not the press service's."""
    descriptive_titles: Mapping[str, str] = MappingProxyType({})
    """Words the press writes for a post instead of its title (глава Кабмина, Үкімет
    басшысы, "head of government"), matched at a word's start, by a word of the title they
    stand for (премьер-министр): an attribution so worded is the person the text gave that
    title."""

    # ---- lexicon: holdings
    head_last: bool = False
    """Whether a title's head noun is its last word (Kazakh: облыс әкімі), not its first
    title noun (аким области)."""
    titles_capitalised: bool = False
    """Whether the language capitalises every word of a title (Deputy Prime Minister)."""
    title_before_comma: bool = False
    """Whether a title opening a sentence may stand before a name and a comma ("The
    secretary of the Pavlodar city maslikhat, Aigerim Nurova, said")."""
    bare_title_words: tuple[str, ...] = ()
    """Words that alone name no post (депутат, «аким области», облыс әкімі, "Speaker"): a
    title of these words only gives a person no holding."""
    former_words: tuple[str, ...] = ()
    """Words before a title that make its holding a past one (former, «бывший», бұрынғы)."""
    past_markers: tuple[str, ...] = ()
    """Words that put a sentence's holding in the past ("previously", «ранее», бұрын)."""
    appointment_verbs: tuple[str, ...] = ()
    """Verbs of electing and appointing («избран», сайланды, "was appointed"), and of
    serving in a post ("served as"): the title they govern (``appointed_title``) is the
    post of the person nearest it."""
    service_verbs: tuple[str, ...] = ()
    """Those of ``appointment_verbs`` that state past service ("served as", «работал»):
    the holding has ended."""

    # ---- dates
    months: tuple[str, ...]
    """The months' names (stems where the language inflects them), January first."""
    relative_days: Mapping[str, int]
    """Words for a day counted from the publication date (today 0, yesterday -1)."""

    # ---- page furniture
    credit_words: tuple[str, ...] = ()
    """Words that open a line crediting a photo or naming the author, before a colon or a
    dash (Фото:, Сурет:, Автор:, Дайындаған:, Photo credit:). Such a line is no text of the
    article (``civicgraph.ingest.pages`` drops it from a page), and the name on it is the
    photographer's or the journalist's, no person of the report."""
    credit_phrases: tuple[str, ...] = ()
    """Openings of such a line without a colon («Фото пресс-службы», "Photo by")."""
    byline_lead: str | None = None
    """A word that, alone before a name on its line, makes the line a byline ("By Jane
    Madeup"); written as it opens the line."""

    # ---- matching
    direction_words: frozenset[str] = frozenset()
    """Capitalised words of direction (Батыс, South, Северный): a known place right after
    one is a word of another name (Батыс Қазақстан облысы, South Kazakhstan University)."""
    possessive_pronouns: frozenset[str] = frozenset()
    """Possessive pronouns, as written or as lemmas («своему», его, өзінің): a title with one
    («своему первому заместителю») says whose deputy the person is, relative to another
    person, and names no post of its own."""
    national_adjectives: frozenset[str] = frozenset()
    """The country's own adjective (Kazakh, казахстанский: lemmas) before a title or a
    bare body's name: the Kazakh Prime Minister holds the post "Prime Minister", and the
    Kazakh Parliament is the country's, whatever other parliaments the text names."""
    other_post_words: tuple[str, ...] = ()
    """Words before a bare title that make it another post (Vice President, «Первый
    Президент», «Тұңғыш Президент»)."""
    place_kind_stems: frozenset[str] = frozenset()
    """Kind words (region, district, city, street) whose name comes before them: a known
    place right before one is a word of another name (Шығыс Қазақстан облысы, Абай
    ауданы, Абай көшесі), not that place."""
    elided_head_conjunction: str | None = None
    """The conjunction after which an adjective names a place whose noun it shares with the
    next name («Абайской и Улытауской областей»), where the language does that."""

    # ---------------------------------------------------------------- morphology

    @abstractmethod
    def same_word(self, text_word: str, label_word: str, *, last: bool) -> bool:
        """Whether ``text_word`` is ``label_word`` inflected, as this language inflects a
        name's word (``last``: the name's last word)."""

    @abstractmethod
    def lemma(self, word: str) -> str:
        """The word's dictionary form, case-folded (Сенаттың → сенат, Министра → министр)."""

    def strip_name_case(self, word: str) -> str:
        """A name word without its case ending (Қасымовтың → Қасымов, Nurpeisova's → Nurpeisova)."""
        return word

    def nominative_name(self, words: list[str], *, before: Sequence[str] = ()) -> list[str]:
        """A person's name words put back in the nominative, keeping the person's gender;
        ``before`` are the words of the name's clause before it (a title it agrees with)."""
        return [self.strip_name_case(w) if i == len(words) - 1 else w for i, w in enumerate(words)]

    def nominative_readings(
        self, words: list[str], *, before: Sequence[str] = ()
    ) -> list[list[str]]:
        """Every way the name's words can be put in the nominative, the likeliest first
        («Ерлана Кошанова»: a woman's nominative as written, or a man's genitive, Ерлан
        Кошанов): another form of the same name elsewhere in the text may settle it."""
        return [self.nominative_name(words, before=before)]

    def nominative_phrase(self, phrase: str) -> str:
        """The name of a body or place in the nominative, as a label writes it."""
        return phrase

    # ---------------------------------------------------------------- name shapes

    def looks_like_surname(self, word: str) -> bool:
        """A family name by its shape (Қасымов, Ерланова, Nurpeisova)."""
        return SURNAME_SHAPE.search(self.strip_name_case(word)) is not None

    def place_kind(self, word: str) -> str | None:
        """The one of ``place_kind_stems`` that ``word`` is, inflected, if any."""
        return next(
            (stem for stem in self.place_kind_stems if self.same_word(word, stem, last=True)),
            None,
        )

    def looks_like_patronymic(self, word: str) -> bool:
        """Кемелұлы, Кемелевич, Sagatkhanuly: the middle word of a three-word name."""
        return _PATRONYMIC_SHAPE.search(word) is not None

    def is_given_name(self, word: str) -> bool:
        """Whether the language's dictionary knows ``word`` as a first name."""
        return False

    def is_known_given_name(self, word: str) -> bool:
        """Whether a dictionary (not a guess) holds ``word`` as a first name, in any case:
        a person named so needs no family name of the region's shape (Михаил Бортник)."""
        return False

    def is_person_name(self, given: str, surname: str) -> bool:
        """Whether two capitalised words are shaped as a given name and a surname, or begin
        with a first name a dictionary knows."""
        return self.looks_like_surname(surname) or self.is_known_given_name(given)

    def is_plural_form(self, word: str, label: str) -> bool:
        """Whether ``word`` is ``label`` in the plural (парламентов, parliaments): several
        bodies, not the one a generic form names."""
        return False

    def is_ours(self, word: str, label: str) -> bool:
        """Whether ``word`` is ``label`` with a possessive of the first person plural
        (президентіміз, "our president"): the speaker's own, the country's in its press."""
        return False

    def is_possessive_pronoun(self, word: str) -> bool:
        """Whether ``word`` is one of ``possessive_pronouns``, as written or inflected."""
        return (
            word.casefold() in self.possessive_pronouns
            or self.lemma(word) in self.possessive_pronouns
        )

    def is_national(self, word: str) -> bool:
        """Whether ``word`` is one of ``national_adjectives``, as the language inflects it."""
        return word in self.national_adjectives or self.lemma(word) in self.national_adjectives

    def is_direction_word(self, word: str) -> bool:
        """Whether ``word`` is a capitalised word of ``direction_words``, as inflected."""
        return word[:1].isupper() and self.lemma(word) in self.direction_words

    def is_other_post_word(self, word: str) -> bool:
        """Whether ``word`` is one of ``other_post_words``, as the language writes it."""
        folded = word.casefold()
        return any(folded.startswith(w) for w in self.other_post_words)

    def owns_title_before(self, word: str, title: str, label: str) -> bool:
        """Whether ``word``, no known name, right before the generic form ``title`` (its
        label ``label``) says whose it is: an abbreviation (US President, UN GA President)."""
        return word.isupper() and len(word) > 1

    def owns_title_after(self, word: str) -> bool:
        """Whether the word right after a generic form begins whose it is ("of")."""
        return False

    def may_begin_name(self, word: str) -> bool:
        """Whether ``word`` can be the first word of a person's name as written."""
        return True

    def is_name_kind_word(self, word: str) -> bool:
        """Whether ``word`` is one of ``name_kind_words``, as the language inflects it."""
        return self.strip_name_case(word).casefold() in self.name_kind_words

    def titles_name(self, before: Sequence[str]) -> bool:
        """Whether the words of a clause before two capitalised words end in a title they
        follow as its holder's name (елшісі Итиро Кавабата): the words are then a person's
        name whatever its shape, foreign guests' included."""
        return bool(before) and self.is_title_word(before[-1])

    # ---------------------------------------------------------------- titles

    def is_title_word(self, word: str) -> bool:
        """Whether ``word`` is one of ``title_nouns``, as this language inflects it."""
        return self.lemma(word) in self.title_nouns

    @abstractmethod
    def title_before(self, before: list[Token]) -> list[Token]:
        """The words of a post title ending right before a name (``before`` ends there)."""

    def is_apposition_title(self, words: list[Token]) -> bool:
        """Whether words set off by a comma after a name are a title («, министр финансов»)."""
        return self.is_title_word(words[0].text)

    def title_label(self, words: list[Token], text: str) -> str:
        """The title as a post's label (a Russian title noun back in the nominative)."""
        return text[words[0].start : words[-1].end]

    def apposition_label(self, label: str) -> str:
        """A title found after a name as a post's label."""
        return label

    # ---------------------------------------------------------------- events

    def event_kind(self, noun: str) -> str:
        """The kind of event ``noun`` (an event noun, a meeting or reception noun) names."""
        return self.event_kinds[noun]

    def locative_names(self, text: str) -> list[tuple[int, str]]:
        """Capitalised names in a locative ("in Semey", «в Габале»), as (where, the name as
        written): places the authority file may lack. None unless a language says how."""
        return []

    def modifier_status(self, before: Sequence[str], after: str) -> str | None:
        """The status the words ``before`` an event noun (nearest last) or the text ``after``
        it give the event, or ``None``."""
        for status, words in self.status_modifiers.items():
            if any(self._is_modifier(word.casefold(), words) for word in before):
                return status
        # the summit's own name may come between: «саммита ОТГ, прошедшего в Габале»
        folded = _LEADING_NAMES.sub("", after).casefold().lstrip(" ,")
        for status, phrases in self.status_modifiers_after.items():
            if any(folded.startswith(phrase) for phrase in phrases):
                return status
        return None

    def _is_modifier(self, word: str, stems: tuple[str, ...]) -> bool:
        return any(word.startswith(stem) for stem in stems)

    def event_noun(self, word: str) -> tuple[str, str] | None:
        """The event noun ``word`` is, as (noun, civ: class), or ``None``."""
        lemma = self.lemma(word)
        return (lemma, self.event_nouns[lemma]) if lemma in self.event_nouns else None

    @abstractmethod
    def is_locative(self, text: str, start: int, end: int, label: str) -> bool:
        """Whether the name at ``text[start:end]`` (a place labelled ``label``) says where
        something happens: Астанада, «в Астане», "in Astana"."""

    def marks_intention(self, text: str) -> bool:
        """Whether a word of ``text`` carries an intention ending (Kazakh -мақ/-мек)."""
        return False

    def has_future_verb(self, text: str) -> bool:
        """Whether a verb of ``text`` is in the future tense by its form alone."""
        return False

    def names_a_side(self, word: str) -> bool:
        """Whether ``word``, right before the meeting noun, names whom the meeting is with
        (Kazakh puts "with" on the name: Ерлановпен кездесу); languages that say it with a
        word after the noun keep ``with_words``."""
        return False

    def receives_someone(
        self, text: str, verb_end: int, sentence_end: int, persons: list[tuple[int, int, str]]
    ) -> bool:
        """Whether a reception verb ending at ``verb_end`` has a person received (as
        (start, end, label) of the persons of its sentence), not a decision or votes."""
        return False

    def is_document_noun(self, word: str) -> bool:
        """Whether ``word`` is one of ``document_nouns``, as the language inflects it."""
        return self.lemma(word) in self.document_nouns

    def speech_pattern(self) -> re.Pattern[str] | None:
        """``speech_verbs`` as one expression, each at a word's start; none without verbs."""
        if not self.speech_verbs:
            return None
        return re.compile(
            "(?<!\\w)(?:" + "|".join(re.escape(v) for v in self.speech_verbs) + ")", re.IGNORECASE
        )

    def is_bare_title_word(self, word: str) -> bool:
        """Whether ``word`` is one of ``bare_title_words``, as the language inflects it."""
        return self.lemma(word) in self.bare_title_words

    def appointed_title(self, text: str, tokens: list[Token], verb: int) -> list[Token]:
        """The words of the title that the appointment verb ``tokens[verb]`` governs, or none."""
        return []

    def trim_title(self, words: list[Token]) -> list[Token]:
        """A title's words without the articles and the country's adjective before it ("the
        Kazakh Prime Minister" holds the post "Prime Minister")."""
        return words

    def role_verb_pattern(self, verb: str) -> str:
        """A regular expression finding a role verb as a word of its own."""
        return rf"(?<!\w){re.escape(verb)}(?!\w)"

    def marks_possessor(self, before: str) -> bool:
        """Whether the words right before a name (or its title) make it a possessor ("of
        X", "of Kazakh President X"), not a subject that can speak."""
        return False

    # ---------------------------------------------------------------- dates

    def month_pattern(self) -> str:
        """A regular expression for a month's name in any of its forms."""
        return "(?:" + "|".join(self.months) + r")\w*"

    def month_year_shape(self) -> str:
        """A month named with its year and no day ("April 2020", «марте 2020 года»), its
        groups ``month`` and ``year``."""
        return rf"(?<!\d\s)(?<![\d.])\b(?P<month>{self.month_pattern()})\s+(?P<year>\d{{4}})(?!\d)"

    def month_years(self, text: str) -> list[tuple[int, int, str]]:
        """Each month the text names with its year and no day, as (start, end, YYYY-MM)."""
        found = []
        for match in re.finditer(self.month_year_shape(), text, re.IGNORECASE):
            word = match.group("month").casefold()
            month = next(i for i, m in enumerate(self.months, 1) if word.startswith(m.casefold()))
            found.append((match.start("month"), match.end(), f"{match.group('year')}-{month:02d}"))
        return found

    @abstractmethod
    def date_shapes(self) -> list[str]:
        """Regular expressions for the language's written dates with a day, month and year."""

    def day_month_shapes(self) -> list[str]:
        """Regular expressions for a day (or a range of days) and a month without a year
        («16 наурыз», «13-14 июня»); tried after ``date_shapes``."""
        return [rf"\b\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+{self.month_pattern()}"]

    def normalise_date(self, words: str) -> str:
        """A date's words as dateparser reads them (Kazakh endings off, Russian "года" off)."""
        return words
