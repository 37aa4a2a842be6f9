"""The words of the pages in Kazakh, English and Russian, and which language a request wants.

The language is ``?lang=`` when given, else the first of ``Accept-Language`` that
civicgraph speaks, else the first of ``civicgraph.languages.LANGUAGES``.
"""

from __future__ import annotations

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
}


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
