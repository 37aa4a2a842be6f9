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
    "more_letters": {
        "kk": "Кемінде үш әріп жазыңыз: іздеу сөздерді үш әріптен бастап салыстырады.",
        "en": "Type at least three letters: the search compares words from three letters on.",
        "ru": "Введите хотя бы три буквы: поиск сравнивает слова начиная с трёх букв.",
    },
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
    # a source page's publication details
    "publisher": {"kk": "Жариялаушы", "en": "Publisher", "ru": "Издатель"},
    "published": {"kk": "Жарияланған күні", "en": "Published", "ru": "Дата публикации"},
    "date_unknown": {"kk": "белгісіз", "en": "unknown", "ru": "неизвестна"},
    "date_as_written": {
        "kk": "мәтін өз күнін осылай атайды",
        "en": "as the text dates itself",
        "ru": "так текст называет свою дату",
    },
    "rights": {"kk": "Құқықтар", "en": "Rights", "ru": "Права"},
    "in_another_language": {
        "kk": "басқа тілде",
        "en": "in another language",
        "ru": "на другом языке",
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
    # /sparql as a browser sees it (the Protocol endpoint's own page)
    "sparql_endpoint": {
        "kk": "SPARQL нүктесі",
        "en": "SPARQL endpoint",
        "ru": "Точка доступа SPARQL",
    },
    "sparql_endpoint_about": {
        "kk": "Бұл мекенжай SPARQL 1.1 клиенттеріне жауап береді (төмендегі мысалдағыдай). "
        "Браузерде сұрауды пішінмен орындаңыз немесе мысалдардың бірін таңдаңыз.",
        "en": "This address answers SPARQL 1.1 clients (as in the example below). "
        "In a browser, run a query with the form or choose one of the examples.",
        "ru": "Этот адрес отвечает клиентам SPARQL 1.1 (как в примере ниже). "
        "В браузере выполните запрос в форме или выберите один из примеров.",
    },
    "examples": {"kk": "Мысалдар", "en": "Examples", "ru": "Примеры"},
    "query_refused": {
        "kk": "Сұрау орындалмады. Сервердің хабары:",
        "en": "The query was not run. The server says:",
        "ru": "Запрос не выполнен. Сообщение сервера:",
    },
    "example_people": {
        "kk": "Тұлғалар және олардың атаулары",
        "en": "People and their names",
        "ru": "Люди и их имена",
    },
    "example_classes": {
        "kk": "Әр кластың даналар саны",
        "en": "How many instances each class has",
        "ru": "Сколько экземпляров у каждого класса",
    },
    "example_graphs": {
        "kk": "Атаулы графтар және олардағы тұжырымдар саны",
        "en": "Named graphs and how many statements each holds",
        "ru": "Именованные графы и число утверждений в каждом",
    },
    # a catalogue parameter's type, as the query page's form shows it
    "param_type_id": {"kk": "сәйкестендіргіш", "en": "id", "ru": "идентификатор"},
    "param_type_date": {"kk": "күн", "en": "date", "ru": "дата"},
    "param_type_lang": {"kk": "тіл", "en": "language", "ru": "язык"},
    "param_type_integer": {"kk": "бүтін сан", "en": "whole number", "ru": "целое число"},
    "param_type_string": {"kk": "жол", "en": "string", "ru": "строка"},
    "param_type_text": {"kk": "мәтін", "en": "text", "ru": "текст"},
    "param_type_iri": {"kk": "IRI", "en": "IRI", "ru": "IRI"},
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
    # error pages: what went wrong in words, the server's own line folded under it
    "error_400": {
        "kk": "Сұрауды оқу мүмкін болмады: оның параметрлерін тексеріңіз.",
        "en": "The request could not be read: check its parameters.",
        "ru": "Запрос не удалось прочитать: проверьте его параметры.",
    },
    "error_405": {
        "kk": "Бұл мекенжай мұндай әдіспен сұралмайды.",
        "en": "This address is not asked that way.",
        "ru": "Этот адрес так не запрашивают.",
    },
    "error_406": {
        "kk": "Сұралған пішімде жауап жоқ.",
        "en": "There is no answer in the form asked for.",
        "ru": "Ответа в запрошенном формате нет.",
    },
    "error_413": {
        "kk": "Сұрау тым үлкен.",
        "en": "The request is too large.",
        "ru": "Запрос слишком велик.",
    },
    "error_other": {
        "kk": "Сұрауға жауап беру мүмкін болмады.",
        "en": "The request could not be answered.",
        "ru": "На запрос не удалось ответить.",
    },
    "error_detail": {
        "kk": "Сервердің хабары (ағылшынша)",
        "en": "The server's message",
        "ru": "Сообщение сервера (на английском)",
    },
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
    # /download (civicgraph.serve.downloads)
    "downloads": {"kk": "Жүктеп алу", "en": "Downloads", "ru": "Скачать данные"},
    "current_data": {"kk": "Қазіргі деректер", "en": "The current data", "ru": "Текущие данные"},
    "current_note": {
        "kk": "Осы сервер беретін деректер әр пішімде, civicgraph export жазатындай. "
        "Әр файл әр құрастыруға бір рет жасалады.",
        "en": "The data this server serves, in every format, exactly as civicgraph export "
        "writes it. Each file is made once for each build.",
        "ru": "Данные, которые отдаёт этот сервер, во всех форматах — в точности так, как "
        "их записывает civicgraph export. Каждый файл создаётся один раз на сборку.",
    },
    "endpoint_dumps": {
        "kk": "Бұл сервер деректерді SPARQL кіру нүктесінен оқиды және олардың файлдарын "
        "жасамайды: ол үшін әр үштікті қайта оқу керек болар еді. Деректерге SPARQL арқылы "
        "сұрау жіберіңіз немесе төмендегі шығарылымды жүктеп алыңыз.",
        "en": "This server reads its data from a SPARQL endpoint and makes no files of it: "
        "that would mean reading every triple back. Query the data with SPARQL, or download "
        "a release below.",
        "ru": "Этот сервер читает данные из точки доступа SPARQL и не делает из них файлов: "
        "для этого пришлось бы заново прочитать каждый триплет. Запрашивайте данные через "
        "SPARQL или скачайте выпуск ниже.",
    },
    "format": {"kk": "Пішім", "en": "Format", "ru": "Формат"},
    "file": {"kk": "Файл", "en": "File", "ru": "Файл"},
    "size": {"kk": "Көлемі", "en": "Size", "ru": "Размер"},
    "graphs": {"kk": "Атаулы графтар", "en": "Named graphs", "ru": "Именованные графы"},
    "graphs_kept": {"kk": "сақталады", "en": "kept", "ru": "сохраняются"},
    "graphs_merged": {"kk": "біріктіріледі", "en": "merged", "ru": "объединяются"},
    "made_when_asked": {
        "kk": "алғаш сұралғанда жасалады",
        "en": "made when first asked for",
        "ru": "создаётся при первом запросе",
    },
    "releases": {"kk": "Шығарылымдар", "en": "Releases", "ru": "Выпуски"},
    "latest_release": {"kk": "Соңғы шығарылым", "en": "Latest release", "ru": "Последний выпуск"},
    "earlier_releases": {
        "kk": "Бұрынғы шығарылымдар",
        "en": "Earlier releases",
        "ru": "Предыдущие выпуски",
    },
    "no_releases": {
        "kk": "Әзірге шығарылым жоқ.",
        "en": "No release yet.",
        "ru": "Выпусков пока нет.",
    },
    "dataset_description": {
        "kk": "Деректер жиынтығының сипаттамасы (VoID)",
        "en": "Description of the dataset (VoID)",
        "ru": "Описание набора данных (VoID)",
    },
    "dump_being_written": {
        "kk": "Бұл файл қазір жазылып жатыр. Бір минуттан соң қайталаңыз.",
        "en": "This file is being written. Try again in a minute.",
        "ru": "Этот файл сейчас записывается. Повторите через минуту.",
    },
    "dump_unavailable": {
        "kk": "Бұл файлды қазір жасау мүмкін емес.",
        "en": "This file cannot be made now.",
        "ru": "Этот файл сейчас невозможно создать.",
    },
    "no_dump_over_endpoint": {
        "kk": "Бұл сервер SPARQL кіру нүктесінен оқиды: қазіргі деректердің файлдары жоқ. "
        "Шығарылымдарды жүктеп алу бетінен қараңыз.",
        "en": "This server reads a SPARQL endpoint: it has no files of the current data. "
        "See the releases on the downloads page.",
        "ru": "Этот сервер читает точку доступа SPARQL: файлов текущих данных нет. "
        "Выпуски — на странице «Скачать данные».",
    },
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
