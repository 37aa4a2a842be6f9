"""The words of the pages in Kazakh, English and Russian, and which language a request wants.

The language is ``?lang=`` when given, else the first of ``Accept-Language`` that
civicgraph speaks, else the first of ``civicgraph.languages.LANGUAGES``.
"""

from __future__ import annotations

from civicgraph.formatting import format_count
from civicgraph.languages import LANGUAGES
from civicgraph.serve.headers import weighted

LANGUAGE_NAMES = {"kk": "Қазақша", "en": "English", "ru": "Русский"}

_WORDS: dict[str, dict[str, str]] = {
    "home": {"kk": "Басты бет", "en": "Home", "ru": "Главная"},
    "search": {"kk": "Іздеу", "en": "Search", "ru": "Поиск"},
    "query": {"kk": "Сұрау", "en": "Query", "ru": "Запрос"},
    "tagline": {
        "kk": "Азаматтық институттардың білім графы: әр дерек өзін айтқан құжаттың сөздерімен.",
        "en": "A knowledge graph of civic institutions: every fact with the words of the document that states it.",
        "ru": "Граф знаний о гражданских институтах: каждый факт со словами документа, который его сообщает.",
    },
    "counts": {"kk": "Кластар бойынша саны", "en": "Instances by class", "ru": "Число по классам"},
    "sources": {"kk": "Дереккөздер", "en": "Sources", "ru": "Источники"},
    "built": {"kk": "Соңғы құрастыру", "en": "Last build", "ru": "Последняя сборка"},
    "triples": {"kk": "Квадтар", "en": "Quads", "ru": "Квады"},
    "names": {"kk": "Атаулар", "en": "Names", "ru": "Названия"},
    "type": {"kk": "Түрі", "en": "Type", "ru": "Тип"},
    "facts": {"kk": "Деректер", "en": "Facts", "ru": "Факты"},
    "evidence": {"kk": "Дәлел", "en": "Evidence", "ru": "Основание"},
    "no_results": {"kk": "Ештеңе табылмады.", "en": "Nothing found.", "ru": "Ничего не найдено."},
    "wikidata": {"kk": "Wikidata сілтемелері", "en": "Wikidata links", "ru": "Ссылки на Wikidata"},
    "score": {"kk": "Ұпай", "en": "Score", "ru": "Оценка"},
    "review": {"kk": "Тексеру", "en": "Review", "ru": "Проверка"},
    # a link's review status (civicgraph.linking.review.STATUSES)
    "review_proposed": {"kk": "ұсынылды", "en": "proposed", "ru": "предложена"},
    "review_accepted": {"kk": "расталды", "en": "accepted", "ru": "принята"},
    "review_rejected": {"kk": "қабылданбады", "en": "rejected", "ru": "отклонена"},
    "review_ambiguous": {"kk": "екіұшты", "en": "ambiguous", "ru": "неоднозначна"},
    "review_not-found": {"kk": "табылмады", "en": "not found", "ru": "не найдена"},
    "description": {"kk": "Сипаттама", "en": "Description", "ru": "Описание"},
    "own_evidence": {
        "kk": "Осы деректің дәлелі",
        "en": "Evidence of this fact",
        "ru": "Основание этого факта",
    },
    "cited_spans": {"kk": "Дәйексөздер", "en": "Cited spans", "ru": "Цитируемые фрагменты"},
    "supports": {
        "kk": "Бұл үзінді растайтын деректер",
        "en": "Facts this span supports",
        "ru": "Факты, которые подтверждает фрагмент",
    },
    "choose_span": {
        "kk": "Белгіленген үзіндіні таңдаңыз.",
        "en": "Choose a highlighted span to see the facts it supports.",
        "ru": "Выберите выделенный фрагмент, чтобы увидеть факты.",
    },
    "sparql": {"kk": "SPARQL сұрауы", "en": "SPARQL query", "ru": "Запрос SPARQL"},
    "run": {"kk": "Орындау", "en": "Run", "ru": "Выполнить"},
    "catalogue": {"kk": "Сұраулар каталогы", "en": "Query catalogue", "ru": "Каталог запросов"},
    "results": {"kk": "Нәтижелер", "en": "Results", "ru": "Результаты"},
    "rows": {"kk": "жол", "en": "rows", "ru": "строк"},
    "truncated": {
        "kk": "Нәтиже қысқартылды:",
        "en": "Results cut at",
        "ru": "Результаты обрезаны на",
    },
    "download": {"kk": "Жүктеу", "en": "Download", "ru": "Скачать"},
    "error": {"kk": "Қате", "en": "Error", "ru": "Ошибка"},
    "not_found": {"kk": "Табылмады", "en": "Not found", "ru": "Не найдено"},
    "server_error": {
        "kk": "Сервер сұрауды орындай алмады.",
        "en": "The server could not answer this request.",
        "ru": "Сервер не смог ответить на запрос.",
    },
    "workers_restarting": {
        "kk": "Сұрау орындаушылары тоқтап, қайта іске қосылып жатыр. Біраздан соң қайталаңыз.",
        "en": "The query workers stopped and are being started again. Try again in a moment.",
        "ru": "Обработчики запросов остановились и запускаются заново. Повторите чуть позже.",
    },
    "optional": {"kk": "міндетті емес", "en": "optional", "ru": "необязательно"},
    "language": {"kk": "Тіл", "en": "Language", "ru": "Язык"},
    "document": {"kk": "Құжат", "en": "Document", "ru": "Документ"},
    "as_rdf": {"kk": "RDF ретінде", "en": "As RDF", "ru": "Как RDF"},
    # -- browsing: the home page, the lists
    "holds": {"kk": "Графта не бар", "en": "What the graph holds", "ru": "Что содержит граф"},
    "facts_recorded": {
        "kk": "Жазылған деректер",
        "en": "Facts recorded",
        "ru": "Записанные факты",
    },
    "latest_events": {
        "kk": "Соңғы іс-шаралар",
        "en": "Latest events",
        "ru": "Последние мероприятия",
    },
    "all_of_kind": {"kk": "Толық тізім", "en": "Full list", "ru": "Полный список"},
    "name": {"kk": "Атауы", "en": "Name", "ru": "Название"},
    "date": {"kk": "Күні", "en": "Date", "ru": "Дата"},
    "sort": {"kk": "Сұрыптау", "en": "Sort", "ru": "Сортировка"},
    "sort_label": {"kk": "атауы бойынша", "en": "by name", "ru": "по названию"},
    "sort_-date": {"kk": "алдымен жаңалары", "en": "newest first", "ru": "сначала новые"},
    "sort_date": {"kk": "алдымен ескілері", "en": "oldest first", "ru": "сначала старые"},
    "sort_document": {
        "kk": "құжаттағы ретімен",
        "en": "as recorded",
        "ru": "в порядке записи",
    },
    "page_of": {
        "kk": "Бет {page} / {pages}",
        "en": "Page {page} of {pages}",
        "ru": "Страница {page} из {pages}",
    },
    "next": {"kk": "Келесі", "en": "Next", "ru": "Следующая"},
    "previous": {"kk": "Алдыңғы", "en": "Previous", "ru": "Предыдущая"},
    "pages": {"kk": "Беттер", "en": "Pages", "ru": "Страницы"},
    "posts_held": {"kk": "Лауазымдары", "en": "Posts", "ru": "Должности"},
    "whole_list": {"kk": "бүкіл тізім", "en": "the whole list", "ru": "весь список"},
    "no_list": {
        "kk": "{name} тізімі жоқ; тізімдер: {lists}",
        "en": "no list {name}; lists: {lists}",
        "ru": "нет списка {name}; списки: {lists}",
    },
    "no_list_form": {
        "kk": "тізімнің {form} пішімі жоқ; CSV немесе JSON таңдаңыз",
        "en": "no {form} form; try CSV or JSON",
        "ru": "у списка нет формы {form}; выберите CSV или JSON",
    },
    "no_members": {"kk": "Бұл тізім бос.", "en": "This list is empty.", "ru": "Этот список пуст."},
    # -- an entity's page
    "summary": {"kk": "Қысқаша", "en": "In brief", "ru": "Кратко"},
    "latest_participations": {
        "kk": "Соңғы іс-шаралары",
        "en": "Latest events",
        "ru": "Последние мероприятия",
    },
    "participants": {"kk": "Қатысушылар", "en": "Participants", "ru": "Участники"},
    "bodies_of_posts": {"kk": "Органы", "en": "Body", "ru": "Орган"},
    "holders": {"kk": "Атқарушылар", "en": "Holders", "ru": "Занимающие должность"},
    "other_names": {"kk": "Басқа атаулары", "en": "Other names", "ru": "Другие названия"},
    "connections": {"kk": "Байланыстар", "en": "Connections", "ru": "Связи"},
    "connections_of": {
        "kk": "Байланыстар: {name}",
        "en": "Connections: {name}",
        "ru": "Связи: {name}",
    },
    "connections_more": {
        "kk": "Суретте {shown} байланыс, барлығы {total}.",
        "en": "The picture shows {shown} of {total} connections.",
        "ru": "На рисунке {shown} связей из {total}.",
    },
    "timeline": {
        "kk": "Іс-шаралар хронологиясы",
        "en": "Timeline of events",
        "ru": "Хронология мероприятий",
    },
    "undated": {"kk": "күні белгісіз", "en": "date unknown", "ru": "дата неизвестна"},
    "fact_page": {"kk": "Дерек беті", "en": "Fact page", "ru": "Страница факта"},
    "in_language": {"kk": "тілі", "en": "language", "ru": "язык"},
}


_LIST_TITLES: dict[str, dict[str, str]] = {
    "person": {"kk": "Адамдар", "en": "People", "ru": "Люди"},
    "body": {"kk": "Органдар", "en": "Bodies", "ru": "Органы"},
    "post": {"kk": "Лауазымдар", "en": "Posts", "ru": "Должности"},
    "event": {"kk": "Іс-шаралар", "en": "Events", "ru": "Мероприятия"},
    "programme": {"kk": "Бағдарламалар", "en": "Programmes", "ru": "Программы"},
    "place": {"kk": "Мекендер", "en": "Places", "ru": "Места"},
    "source": {"kk": "Дереккөздер", "en": "Sources", "ru": "Источники"},
    "mention": {"kk": "Аталулар", "en": "Mentions", "ru": "Упоминания"},
    "post_holding": {
        "kk": "Лауазымдарды атқару",
        "en": "Post holdings",
        "ru": "Занятие должностей",
    },
    "participation": {"kk": "Қатысулар", "en": "Participations", "ru": "Участие в мероприятиях"},
    "quote": {"kk": "Дәйексөздер", "en": "Quotes", "ru": "Цитаты"},
    "statement": {"kk": "Мәлімдемелер", "en": "Statements", "ru": "Высказывания"},
    "programme_region": {
        "kk": "Бағдарлама өңірлері",
        "en": "Programme regions",
        "ru": "Регионы программ",
    },
}
"""The title of each list (``civicgraph.serve.kinds``)."""

_NOUNS: dict[str, dict[str, dict[str, str]]] = {
    # a Kazakh noun stays singular after a numeral: one form (civicgraph.formatting)
    "person": {
        "kk": {"other": "адам"},
        "en": {"one": "person", "other": "people"},
        "ru": {"one": "человек", "few": "человека", "many": "человек", "other": "человека"},
    },
    "body": {
        "kk": {"other": "орган"},
        "en": {"one": "body", "other": "bodies"},
        "ru": {"one": "орган", "few": "органа", "many": "органов", "other": "органа"},
    },
    "post": {
        "kk": {"other": "лауазым"},
        "en": {"one": "post", "other": "posts"},
        "ru": {"one": "должность", "few": "должности", "many": "должностей", "other": "должности"},
    },
    "event": {
        "kk": {"other": "іс-шара"},
        "en": {"one": "event", "other": "events"},
        "ru": {
            "one": "мероприятие",
            "few": "мероприятия",
            "many": "мероприятий",
            "other": "мероприятия",
        },
    },
    "programme": {
        "kk": {"other": "бағдарлама"},
        "en": {"one": "programme", "other": "programmes"},
        "ru": {"one": "программа", "few": "программы", "many": "программ", "other": "программы"},
    },
    "place": {
        "kk": {"other": "мекен"},
        "en": {"one": "place", "other": "places"},
        "ru": {"one": "место", "few": "места", "many": "мест", "other": "места"},
    },
    "source": {
        "kk": {"other": "дереккөз"},
        "en": {"one": "source", "other": "sources"},
        "ru": {"one": "источник", "few": "источника", "many": "источников", "other": "источника"},
    },
    "mention": {
        "kk": {"other": "аталу"},
        "en": {"one": "mention", "other": "mentions"},
        "ru": {
            "one": "упоминание",
            "few": "упоминания",
            "many": "упоминаний",
            "other": "упоминания",
        },
    },
    "post_holding": {
        "kk": {"other": "лауазымды атқару"},
        "en": {"one": "post holding", "other": "post holdings"},
        "ru": {
            "one": "занятие должности",
            "few": "занятия должности",
            "many": "занятий должности",
            "other": "занятия должности",
        },
    },
    "participation": {
        "kk": {"other": "қатысу"},
        "en": {"one": "participation", "other": "participations"},
        "ru": {"one": "участие", "few": "участия", "many": "участий", "other": "участия"},
    },
    "quote": {
        "kk": {"other": "дәйексөз"},
        "en": {"one": "quote", "other": "quotes"},
        "ru": {"one": "цитата", "few": "цитаты", "many": "цитат", "other": "цитаты"},
    },
    "statement": {
        "kk": {"other": "мәлімдеме"},
        "en": {"one": "statement", "other": "statements"},
        "ru": {
            "one": "высказывание",
            "few": "высказывания",
            "many": "высказываний",
            "other": "высказывания",
        },
    },
    "programme_region": {
        "kk": {"other": "бағдарлама өңірі"},
        "en": {"one": "programme region", "other": "programme regions"},
        "ru": {
            "one": "регион программы",
            "few": "региона программы",
            "many": "регионов программы",
            "other": "региона программы",
        },
    },
    "assertion": {
        "kk": {"other": "тұжырым"},
        "en": {"one": "assertion", "other": "assertions"},
        "ru": {
            "one": "утверждение",
            "few": "утверждения",
            "many": "утверждений",
            "other": "утверждения",
        },
    },
    "fact": {
        "kk": {"other": "дерек"},
        "en": {"one": "fact", "other": "facts"},
        "ru": {"one": "факт", "few": "факта", "many": "фактов", "other": "факта"},
    },
}
"""Counted nouns (CLDR plural categories), for «3 человека», «5 дерек», "1 person"."""


def list_title(kind: str, lang: str) -> str:
    """The title of the list of ``kind`` in ``lang``."""
    return _LIST_TITLES[kind][lang]


def count_of(kind: str, count: int, lang: str) -> str:
    """``count`` members of ``kind`` in words: «3 адам», «3 человека», "3 people"."""
    return format_count(count, _NOUNS[kind][lang], lang)


def words(lang: str) -> dict[str, str]:
    """Every UI string in ``lang``."""
    return {key: texts[lang] for key, texts in _WORDS.items()}


def choose_language(asked: str | None, accept_language: str | None) -> str:
    """``?lang=`` if it is one of ours, else the best of Accept-Language, else the first.

    Both are read by their primary subtag, so ``?lang=en-US`` is English as
    ``Accept-Language: en-US`` is.
    """
    primary = _primary(asked or "")
    if primary in LANGUAGES:
        return primary
    ranked: list[tuple[float, int, str]] = []
    for tag, quality, position in weighted(accept_language):
        primary = _primary(tag)
        if primary in LANGUAGES:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else LANGUAGES[0]


def _primary(tag: str) -> str:
    # BCP 47 allows "_" nowhere, but browsers' locale names (en_US) reach ?lang= as well
    return tag.strip().replace("_", "-").split("-")[0].lower()
