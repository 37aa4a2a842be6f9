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

from civicgraph.ingest.tokens import Token

SURNAME_SHAPE = re.compile(
    r"(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|ская|ұлы|улы|қызы|кызы|"
    r"ov|ev|yev|in|ova|eva|yeva|ina|uly|kyzy|ski|skaya)$",
    re.IGNORECASE,
)
"""Family names of the region in both scripts (Қасымов, Ерланова, Nurpeisova, Sagatkhanuly):
a text in any of the languages writes them, so every language's rules know them all."""
_PATRONYMIC_SHAPE = re.compile(r"(?:ұлы|улы|қызы|кызы|вич|вна|uly|kyzy|ovich|evna|ovna)$", re.I)


class LanguageRules(ABC):
    """What drafting needs to know of one language; one instance per language, in ``RULES``."""

    code: str
    """The language's BCP 47 primary subtag (``kk``), as sources and labels are tagged."""
    script: str
    """ISO 15924 code of the script the language is written in (``Cyrl``, ``Latn``)."""

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
    meeting_verbs: tuple[str, ...]
    """Verbs that state a meeting took place without an event noun."""
    meeting_noun: str
    """The event noun a meeting stated by a verb alone is named by."""
    held_markers: tuple[str, ...]
    """Past forms that introduce an event as having taken place."""
    planned_markers: tuple[str, ...]
    """Future and intention forms: an event so introduced is planned, never held."""
    announcement_markers: tuple[str, ...]
    """Announcement forms that make an event planned when the sentence has no past form (a
    held sitting may report that a law "is to take effect")."""
    negations: tuple[str, ...]
    role_verbs: Mapping[str, tuple[str, ...]]
    """Verbs that give a named person's role (a key of ``civicgraph.facts.ROLE_TERMS``) in the event
    of their sentence."""
    quote_mention_words: tuple[str, ...]
    """Words after which a named person is only mentioned (the President's Address), never
    a participant."""

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

    def role_verb_pattern(self, verb: str) -> str:
        """A regular expression finding a role verb as a word of its own."""
        return rf"(?<!\w){re.escape(verb)}(?!\w)"

    def marks_possessor(self, before: str) -> bool:
        """Whether the three characters before a name make it a possessor ("of X"), not a
        subject that can speak."""
        return False

    # ---------------------------------------------------------------- dates

    def month_pattern(self) -> str:
        """A regular expression for a month's name in any of its forms."""
        return "(?:" + "|".join(self.months) + r")\w*"

    @abstractmethod
    def date_shapes(self) -> list[str]:
        """Regular expressions for the language's written dates with a day, month and year."""

    def normalise_date(self, words: str) -> str:
        """A date's words as dateparser reads them (Kazakh endings off, Russian "года" off)."""
        return words
