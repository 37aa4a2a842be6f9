"""The words drafting looks for, per language: titles, events, roles, tense markers, bodies.

Plain data in one place, so a curator who finds a missing verb adds a word here, not code.
Kazakh entries are stems matched at the start of a word (endings follow); Russian entries
are lemmas (pymorphy3's normal forms); English entries are lower-case words.
"""

from __future__ import annotations

TITLE_NOUNS: dict[str, tuple[str, ...]] = {
    "kk": ("министр", "төраға", "хатшы", "әкім", "орынбасар", "өкіл", "басшы", "депутат", "спикер"),
    "ru": ("министр", "председатель", "секретарь", "аким", "заместитель", "представитель",
           "руководитель", "спикер", "вице-министр", "депутат"),
    "en": ("minister", "chairman", "chair", "chairwoman", "speaker", "secretary", "akim",
           "deputy", "representative", "head", "spokesperson"),
}  # fmt: skip
"""Words that make a phrase a post title when a person's name stands next to it."""

EN_BODY_NOUNS = (
    "maslikhat",
    "senate",
    "mazhilis",
    "parliament",
    "government",
    "ministry",
    "council",
    "district",
    "city",
    "regional",
)
"""Lower-case nouns that name a body in front of an English title ("maslikhat secretary")."""

DEPUTY_WORDS: dict[str, tuple[str, ...]] = {
    "kk": ("орынбасар",),
    "ru": ("заместитель", "вице"),
    "en": ("deputy", "vice"),
}
"""A title with one of these is another post than the title it contains (a deputy chairman is not the chairman)."""

EVENT_NOUNS: dict[str, dict[str, str]] = {
    "kk": {"отырыс": "Meeting", "жиын": "Meeting", "жиналыс": "Meeting", "кездесу": "Meeting",
           "сессия": "Meeting", "форум": "Event", "конференция": "Event", "кеңесу": "Meeting"},
    "ru": {"заседание": "Meeting", "совещание": "Meeting", "встреча": "Meeting", "сессия": "Meeting",
           "собрание": "Meeting", "форум": "Event", "конференция": "Event", "консультация": "Meeting"},
    "en": {"meeting": "Meeting", "sitting": "Meeting", "session": "Meeting", "forum": "Event",
           "conference": "Event", "consultation": "Meeting", "consultations": "Meeting"},
}  # fmt: skip
"""Nouns that name an event, with the civ: class a proposed event gets."""

MEETING_VERBS: dict[str, tuple[str, ...]] = {
    "kk": ("кездесті",),
    "ru": ("встретился", "встретилась", "встретились"),
    "en": ("met",),
}
"""Verbs that state a meeting took place without an event noun."""

HELD_MARKERS: dict[str, tuple[str, ...]] = {
    "kk": ("өтті", "болды", "өткізілді", "өткізді", "ұйымдастырылды"),
    "ru": ("состоял", "прош", "провел", "провёл", "провела", "прошел", "прошёл", "проведен"),
    "en": ("held", "took place", "was convened", "opened", "chaired"),
}
"""Past forms that introduce an event as having taken place."""

PLANNED_MARKERS: dict[str, tuple[str, ...]] = {
    "kk": ("өтеді", "өткізіледі", "болады", "жоспарла", "күтілуде", "өтпек", "өткізбек"),
    "ru": ("состоится", "пройдет", "пройдёт", "планиру", "запланирова", "будет", "ожидается",
           "организуют", "выступят", "проведут", "намеч", "откроется"),
    "en": ("will", "is scheduled", "are scheduled", "is expected", "plans to", "is planned", "to be held",
           "is set for", "are set for", "is due to", "are due to"),
}  # fmt: skip
"""Future and intention forms: an event so introduced is planned, never held. Kazakh also
marks intention with -мақ/-мек/-пақ/-пек/-бақ/-бек (``KK_INTENTION``)."""

ANNOUNCEMENT_MARKERS: dict[str, tuple[str, ...]] = {
    "kk": ("өткізеді", "басталады", "ашылады", "жиналады", "ұйымдастырылады", "өтетін",
           "өткізілетін", "ұйымдастырылатын", "қатысады", "тиіс", "алдағы"),
    "ru": ("предстоит", "предстоящ", "назначен", "намечен"),
    "en": (" is to ", " are to ", "going to", "scheduled for", "slated", "upcoming", "intends to",
           "intend to", " plan to", " plans a", "are expected", " shall ", "next week",
           "next month"),
}  # fmt: skip
"""Announcement forms that make an event planned when the sentence has no past form (a
held sitting may report that a law "is to take effect"). Russian also counts every verb
pymorphy3 reads as future tense (проведёт, соберутся, состоятся)."""

KK_INTENTION = ("мақ", "мек", "пақ", "пек", "бақ", "бек")

NEGATIONS: dict[str, tuple[str, ...]] = {
    "kk": ("қатыспады", "жоқ", "емес"),
    "ru": (" не ", "нет"),
    "en": ("did not", "didn't", "not "),
}

ROLE_VERBS: dict[str, dict[str, tuple[str, ...]]] = {
    "kk": {
        "opened": ("ашты", "аша отырып", "ашып"),
        "chaired": ("төрағалық етті", "төрағалық жасады"),
        "spoke": ("сөз сөйледі", "баяндама жасады", "сөйледі", "баяндама жасап"),
        "took_part": ("қатысты", "кездесті"),
        "presented": ("таныстырды",),
    },
    "ru": {
        "opened": ("открыл", "открыла"),
        "chaired": ("провел", "провёл", "провела", "председательствовал"),
        "spoke": ("выступил", "выступила"),
        "took_part": ("принял участие", "приняла участие", "участвовал", "участвовала", "встреча",
                      "встретился", "встретилась"),
        "presented": ("представил", "представила", "презентовал"),
    },
    "en": {
        "opened": ("opened",),
        "chaired": ("chaired",),
        "spoke": ("spoke", "addressed"),
        "took_part": ("took part", "attended", "participated", "met"),
        "presented": ("presented",),
    },
}  # fmt: skip
"""Verbs that give a named person's role in the event of their sentence."""

QUOTE_MENTION_WORDS: dict[str, tuple[str, ...]] = {
    "kk": ("жолдау",),
    "ru": ("послани",),
    "en": ("address",),
}
"""Words after which a named person is only mentioned (the President's Address), never a participant."""

BODY_PATTERNS: dict[str, tuple[tuple[str, str], ...]] = {
    "kk": (
        (r"[А-ЯӘҒҚҢӨҰҮҺІЁ][\w-]+\s+облыстық\s+мәслихат\w*", "LocalRepresentativeBody"),
        (r"(?:[А-ЯӘҒҚҢӨҰҮҺІЁ][\w-]+\s+)министрліг\w*", "Organisation"),
    ),
    "ru": (
        (r"Министерств\w+\s+(?:[а-яё]+\s+){0,2}?[а-яё]+(?=[\s,.])", "Organisation"),
        (r"маслихат\w*\s+[А-ЯЁ]\w+ской\s+област\w+", "LocalRepresentativeBody"),
    ),
    "en": (
        (r"Ministry of [A-Z]\w+(?: (?:and|of) [A-Z]\w+)*", "Organisation"),
        (r"(?:[A-Z]\w+ ){1,2}(?:Region )?maslikhat", "LocalRepresentativeBody"),
        (r"maslikhat of (?:the )?[A-Z]\w+(?: Region)?", "LocalRepresentativeBody"),
    ),
}
"""Shapes of bodies' names the authority file may not hold yet."""

PARTY_PATTERNS: dict[str, str] = {
    "kk": r"«([^«»\n]{2,40})»\s+партия\w*",
    "ru": r"[Пп]арти(?:я|и|ю|ей)\s+«([^«»\n]{2,40})»",
    "en": r"\b([A-Z]\w+) [Pp]arty\b",
}
"""A party's name with the word for party; the name alone (group 1) makes its id, so
«Аманат» партиясы, партия «Аманат» and the Amanat party are one ``org/amanat-party``."""

CHAMBERS: dict[str, tuple[str, ...]] = {
    "kk": ("Мәжіліс",),
    "ru": ("Мажилис",),
    "en": ("Mazhilis",),
}
"""Chamber names without a shape of their own."""

PLACE_PATTERNS: dict[str, tuple[tuple[str, str], ...]] = {
    "kk": (
        (r"[А-ЯӘҒҚҢӨҰҮҺІЁ][\w-]+\s+қаласы", "City"),
        (r"[А-ЯӘҒҚҢӨҰҮҺІЁ][\w-]+\s+облысы", "Region"),
    ),
    "ru": (
        (r"(?<=город[еау] )[А-ЯЁ][\w-]+", "City"),
        (r"[А-ЯЁ]\w+ск(?:ая|ой|ую) област(?:ь|и)", "Region"),
    ),
    "en": (
        (r"[A-Z]\w+ Region", "Region"),
        (r"(?<=city of )[A-Z]\w+", "City"),
    ),
}
"""Shapes of place names (a kind word with a name), found when the place is not known."""

PORTFOLIO_TITLES: dict[str, dict[str, str]] = {
    "vice-minister": {"kk": "вице-министрі", "ru": "вице-министр", "en": "vice minister"},
    "minister": {"kk": "министрі", "ru": "министр", "en": "minister"},
}
"""Heads of titles that name a portfolio, with the English key their post id is made from;
the longer head first, so a vice minister is never taken for the minister."""

PORTFOLIOS: dict[str, dict[str, tuple[str, ...]]] = {
    "finance": {"kk": ("қаржы",), "ru": ("финансов",), "en": ("finance",)},
    "national-economy": {"kk": ("ұлттық экономика",), "ru": ("национальной экономики",),
                         "en": ("national economy",)},
    "education": {"kk": ("оқу-ағарту",), "ru": ("просвещения",), "en": ("education", "enlightenment")},
    "justice": {"kk": ("әділет",), "ru": ("юстиции",), "en": ("justice",)},
    "foreign-affairs": {"kk": ("сыртқы істер",), "ru": ("иностранных дел",), "en": ("foreign affairs",)},
    "health": {"kk": ("денсаулық сақтау",), "ru": ("здравоохранения",), "en": ("health", "healthcare")},
    "energy": {"kk": ("энергетика",), "ru": ("энергетики",), "en": ("energy",)},
    "agriculture": {"kk": ("ауыл шаруашылығы",), "ru": ("сельского хозяйства",), "en": ("agriculture",)},
}  # fmt: skip
"""Ministries' portfolios as the three languages write them in a minister's title, so that
«Қаржы министрі», «Министр финансов» and "Minister of Finance" get one post id."""
