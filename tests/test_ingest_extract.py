"""What draft proposes from a text, and what it must never propose."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicgraph.ingest.extract import draft_text
from civicgraph.ingest.languages import rules_for
from civicgraph.ingest.proposals import Proposal
from civicgraph.ingest.titles import portfolio_post_id
from civicgraph.mentions import find_mentions
from civicgraph.model import Entity
from civicgraph.records import load_corpus, load_entities
from tests.seed import ARTICLE, DATA


@pytest.fixture(scope="module")
def entities() -> dict[str, Entity]:
    return load_entities(DATA)


def draft(
    text: str, language: str, entities: dict[str, Entity], published: str | None = None
) -> list[Proposal]:
    return draft_text(
        text, language=language, source_id="t", entities=entities.values(), published=published
    )


def mentions(proposals: list[Proposal]) -> list[tuple[str | None, str]]:
    return [(p.entity, p.quote) for p in proposals if p.kind == "mention"]


def of_kind(proposals: list[Proposal], kind: str) -> list[Proposal]:
    return [p for p in proposals if p.kind == kind]


def test_russian_inflected_name_finds_the_person(entities: dict[str, Entity]) -> None:
    """«Маулена Ашимбаева» (genitive) is a mention of Маулен Ашимбаев through pymorphy3 lemmas."""
    found = mentions(draft("Депутаты поддержали Маулена Ашимбаева.", "ru", entities))
    assert ("person/maulen-ashimbayev", "Маулена Ашимбаева") in found


def test_kazakh_endings_and_abbreviation_with_ending(entities: dict[str, Entity]) -> None:
    """Сенаттың and БҰҰДБ-ның are the Senate and UNDP with Kazakh endings."""
    found = mentions(draft("Сенаттың отырысына БҰҰДБ-ның өкілдері келді.", "kk", entities))
    assert ("org/senate-kz", "Сенаттың") in found
    assert ("org/undp", "БҰҰДБ-ның") in found


def test_english_possessive(entities: dict[str, Entity]) -> None:
    """UNDP's is UNDP; the span keeps the possessive, as the text writes it."""
    assert ("org/undp", "UNDP's") in mentions(draft("UNDP's office opened.", "en", entities))


def test_surname_alone_refers_back_only_after_the_full_name(entities: dict[str, Entity]) -> None:
    """A surname alone is the person named in full earlier, never before it."""
    text = "Ashimbayev arrived. Then Maulen Ashimbayev spoke. Ashimbayev left."
    found = [(p.entity, p.start) for p in of_kind(draft(text, "en", entities), "mention")]
    assert ("person/maulen-ashimbayev", text.rindex("Ashimbayev")) in found
    assert all(start != 0 for _, start in found)


def test_a_name_two_entities_share_is_ambiguous_not_merged() -> None:
    """Two candidates for one name give one mention with both as candidates and no entity."""
    city = Entity("place/kyzylorda", "City", {"ru": "Кызылорда"})
    region = Entity("place/kyzylorda-oblast", "Region", {"ru": "Кызылорда"})
    proposals = draft_text("Форум прошёл в Кызылорде.", language="ru", source_id="t",
                           entities=[city, region], published=None)  # fmt: skip
    [mention] = of_kind(proposals, "mention")
    assert mention.entity is None
    assert mention.extra["candidates"] == ["place/kyzylorda", "place/kyzylorda-oblast"]
    assert "names 2 entities" in mention.why


@pytest.mark.parametrize(
    ("text", "language", "title"),
    [
        ("The Prime Minister did not attend the meeting.", "en", "Prime Minister"),
        ("Аким области в работе сессии не участвовал.", "ru", "Аким"),
        ("Премьер-Министр отырысқа қатыспады.", "kk", "Премьер-Министр"),
    ],
)
def test_unnamed_holder_gets_no_person(
    entities: dict[str, Entity], text: str, language: str, title: str
) -> None:
    """A title without a name next to it proposes neither a person nor a holding."""
    proposals = draft(text, language, entities)
    assert not [p for p in proposals if p.kind == "entity" and p.type == "Person"]
    assert not of_kind(proposals, "post_holding")
    assert title in text


def test_title_next_to_a_name_is_a_holding_of_the_known_post(entities: dict[str, Entity]) -> None:
    """«Председатель Сената Маулен Ашимбаев»: the Chairman's post, held by him."""
    text = "Заседание открыл Председатель Сената Маулен Ашимбаев."
    [holding] = of_kind(draft(text, "ru", entities), "post_holding")
    assert holding.extra["person"] == "person/maulen-ashimbayev"
    assert holding.extra["post"] == "post/chairman-senate-kz"
    assert holding.quote == "Председатель Сената Маулен Ашимбаев"


def test_a_deputy_is_not_the_chairman(entities: dict[str, Entity]) -> None:
    """«Сенат Төрағасының орынбасары» is a new post, not the Chairman's."""
    text = "Форумды Сенат Төрағасының орынбасары Әлия Бекова ашты."
    proposals = draft(text, "kk", entities)
    [holding] = of_kind(proposals, "post_holding")
    assert holding.extra["post"] != "post/chairman-senate-kz"
    posts = [p for p in proposals if p.kind == "entity" and p.type == "Post"]
    assert [p.label for p in posts] == ["Сенат Төрағасының орынбасары"]
    persons = [p for p in proposals if p.kind == "entity" and p.type == "Person"]
    assert [p.label for p in persons] == ["Әлия Бекова"]


def test_new_russian_person_keeps_her_gender(entities: dict[str, Entity]) -> None:
    """«Мадине Ерлановой» (dative) is Мадина Ерланова, not Ерланов."""
    text = "Министр финансов вручил награду Мадине Ерлановой."
    persons = [p for p in draft(text, "ru", entities) if p.kind == "entity" and p.type == "Person"]
    assert [p.label for p in persons] == ["Мадина Ерланова"]
    assert persons[0].quote == "Мадине Ерлановой"
    assert persons[0].extra["suggested_label"] == {"en": "Madina Yerlanova", "machine_made": True}


def test_person_named_in_an_address_or_a_quote_is_no_participant(
    entities: dict[str, Entity],
) -> None:
    """Tokayev in «Послании Президента» and in a quote is mentioned, never a participant."""
    text = (
        "Вчера в Астане прошло заседание. Ерлан Абенов выступил на заседании и напомнил о "
        "Послании Президента Касым-Жомарта Токаева. «Касым-Жомарт Токаев поставил задачу», — сказал Абенов."
    )
    proposals = draft(text, "ru", entities, published="2025-04-03")
    people = {str(p.extra["person"]) for p in of_kind(proposals, "participation")}
    assert "person/kassym-jomart-tokayev" not in people
    assert "person/yerlan-abenov" in people
    assert ("person/kassym-jomart-tokayev", "Касым-Жомарт Токаев") in mentions(proposals)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "The Senate will hold a joint session. Senate Chairman Maulen Ashimbayev will open the session.",
            "en",
        ),
        ("Завтра в Астане пройдёт форум. На форуме выступит Маулен Ашимбаев.", "ru"),
        ("Кеңестің отырысы Астанада өтеді. Отырысты Сенат Төрағасы Мәулен Әшімбаев ашпақ.", "kk"),
    ],
)
def test_a_scheduled_event_is_not_held_and_has_no_participants(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """Future and intention forms make a scheduled event; nobody takes part in it."""
    proposals = draft(text, language, entities, published="2025-11-20")
    events = of_kind(proposals, "event")
    assert events
    assert {e.extra["status"] for e in events} == {"scheduled"}
    assert not of_kind(proposals, "participation")


def test_held_event_with_place_date_and_roles(entities: dict[str, Entity]) -> None:
    """A past event gets its place, its date (from 'Today' and the publication date) and roles."""
    text = "Today in Astana, the Senate held a sitting. Speaker of the Senate Maulen Ashimbayev opened the sitting."
    proposals = draft(text, "en", entities, published="2025-04-03")
    [event] = of_kind(proposals, "event")
    assert (event.extra["status"], event.extra["place"], event.extra["date"]) == (
        "held",
        "place/astana",
        "2025-04-03",
    )
    assert "publication date 2025-04-03" in str(event.extra["basis"])
    [participation] = of_kind(proposals, "participation")
    assert (participation.extra["person"], participation.extra["role"]) == (
        "person/maulen-ashimbayev",
        "opened",
    )


def test_today_without_publication_date_gives_no_date(entities: dict[str, Entity]) -> None:
    """Without a publication date, 'бүгін' dates nothing."""
    proposals = draft("Бүгін Астанада отырыс өтті.", "kk", entities, published=None)
    assert not of_kind(proposals, "date")
    assert [e.extra["date"] for e in of_kind(proposals, "event")] == [None]


def test_quote_speaker_is_named_after_the_quote(entities: dict[str, Entity]) -> None:
    """«…», — сказала Ерланова: the speaker is the person after the quote."""
    text = "Министр финансов Мадина Ерланова выступила. «Открытость бюджета укрепляет доверие», — сказала Ерланова."
    [quote] = of_kind(draft(text, "ru", entities), "quote")
    assert quote.quote == "Открытость бюджета укрепляет доверие"
    assert quote.extra["speaker"] == "person/madina-yerlanova"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Министр финансов Мадина Ерланова выступила. «Открытость бюджета укрепляет доверие», "
         "— сказал коллега Ерлановой Маулен Ашимбаев.", "ru"),
        ("Министр финансов Мадина Ерланова выступила. «Открытость бюджета укрепляет доверие», "
         "— сказал Ерлановой Маулен Ашимбаев.", "ru"),
        ("Қаржы министрі Мадина Ерланова сөйледі. «Бюджеттің ашықтығы сенімді нығайтады», "
         "— деді Ерланованың әріптесі Мәулен Әшімбаев.", "kk"),
        ("Minister of Finance Madina Yerlanova spoke. “Budget openness builds trust,” said "
         "Yerlanova's colleague Maulen Ashimbayev.", "en"),
        ("Minister of Finance Madina Yerlanova spoke. “Budget openness builds trust,” said "
         "a colleague of Yerlanova, Maulen Ashimbayev.", "en"),
    ],
)  # fmt: skip
def test_quote_speaker_is_not_the_colleague_named_first(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """«…», — сказал коллега Ерлановой Ашимбаев: the name in the genitive (or dative, or
    with 's, or after "of") says whose colleague; the speaker is the name after it."""
    [quote] = of_kind(draft(text, language, entities), "quote")
    assert quote.extra["speaker"] == "person/maulen-ashimbayev"
    assert quote.why == "the speaker is named after the quote"


def test_same_person_post_and_new_person_across_kk_ru_en(entities: dict[str, Entity]) -> None:
    """The Chairman, a new minister and her post resolve to one id each in a kk, a ru and an en article."""
    texts = {
        "kk": "Сенат Төрағасы Мәулен Әшімбаев пен Қаржы министрі Мадина Ерланова кездесті.",
        "ru": "Председатель Сената Маулен Ашимбаев встретился с министром. Министр финансов Мадина Ерланова выступила.",
        "en": "Senate Chairman Maulen Ashimbayev met Minister of Finance Madina Yerlanova.",
    }
    for language, text in texts.items():
        proposals = draft(text, language, entities)
        holdings = {
            (p.extra["person"], p.extra["post"]) for p in of_kind(proposals, "post_holding")
        }
        assert ("person/maulen-ashimbayev", "post/chairman-senate-kz") in holdings, language
        assert ("person/madina-yerlanova", "post/minister-of-finance") in holdings, language
        persons = {p.entity for p in proposals if p.kind == "entity" and p.type == "Person"}
        assert persons == {"person/madina-yerlanova"}, language


def test_a_new_name_already_in_the_authority_file_in_another_script(
    entities: dict[str, Entity],
) -> None:
    """A person accepted from a Russian article is recognised in an English one by its id."""
    ru_only = Entity("person/madina-yerlanova", "Person", {"ru": "Мадина Ерланова"})
    proposals = draft_text("Minister of Finance Madina Yerlanova spoke.", language="en", source_id="t",
                           entities=[*entities.values(), ru_only], published=None)  # fmt: skip
    assert not [p for p in proposals if p.kind == "entity" and p.type == "Person"]
    [mention] = [p for p in of_kind(proposals, "mention") if p.entity == "person/madina-yerlanova"]
    assert mention.extra["suggested_label"] == {"en": "Madina Yerlanova"}


def test_seed_article_mentions_every_name_coverage_finds(entities: dict[str, Entity]) -> None:
    """Drafting the seed article proposes every mention the coverage check finds."""
    text = Path(ARTICLE).read_text(encoding="utf-8")
    proposed = {
        (p.start, p.end, p.entity) for p in draft(text, "kk", entities) if p.kind == "mention"
    }
    for m in find_mentions(text, entities.values(), language="kk"):
        assert any(
            s <= m.start and m.end <= e and (ent == m.entity_id or ent is not None)
            for s, e, ent in proposed
        ), m


def test_seed_article_draft_agrees_with_the_curated_records(entities: dict[str, Entity]) -> None:
    """Holdings, participants and speakers proposed for the seed article are those curated."""
    corpus = load_corpus(DATA)
    curated = [f for f in corpus.facts if f.source_id == "maslikhat-council-extended-meeting"]

    def values(fact_type: str, key: str) -> set[object]:
        return {v.raw for f in curated if f.type == fact_type for v in f.properties.get(key, ())}

    text = Path(ARTICLE).read_text(encoding="utf-8")
    proposals = draft(text, "kk", entities)
    holdings = {(p.extra["person"], p.extra["post"]) for p in of_kind(proposals, "post_holding")}
    curated_holdings = {
        (f.properties["holder"][0].raw, f.properties["post"][0].raw)
        for f in curated
        if f.type == "PostHolding"
    }
    assert holdings
    assert holdings <= curated_holdings
    assert {p.extra["person"] for p in of_kind(proposals, "participation")} <= values(
        "Participation", "participant"
    )
    assert {p.extra["speaker"] for p in of_kind(proposals, "quote")} <= values("Quote", "speaker")
    assert not [p for p in proposals if p.kind == "entity"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Мадина Ерланова, министр финансов, выступила на конференции.", "ru"),
        ("Madina Yerlanova, Minister of Finance, spoke.", "en"),
        ("Мадина Ерланова, Қаржы министрі, баяндама жасады.", "kk"),
    ],
)
def test_title_after_the_name_and_a_comma(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """A title set off by a comma after a new name is a holding of one post in every language."""
    [holding] = of_kind(draft(text, language, entities), "post_holding")
    assert (holding.extra["person"], holding.extra["post"]) == (
        "person/madina-yerlanova",
        "post/minister-of-finance",
    )
    assert holding.why == "the title follows the name after a comma"


def test_a_clause_after_a_comma_is_no_title(entities: dict[str, Entity]) -> None:
    """ ", who spoke first," is not a title: no holding."""
    assert not of_kind(draft("Asel Nurova, who spoke first, left.", "en", entities), "post_holding")


@pytest.mark.parametrize(
    ("text", "language", "label"),
    [
        ("Депутаты партии «Аманат» поддержали закон.", "ru", "партия «Аманат»"),
        ("«Аманат» партиясының депутаттары жиналды.", "kk", "«Аманат» партиясы"),
        ("Deputies of the Amanat party met.", "en", "Amanat party"),
    ],
)
def test_a_party_is_one_new_body_in_every_language(
    entities: dict[str, Entity], text: str, language: str, label: str
) -> None:
    """A party's name gives one id across languages, its label nominative in the text's language."""
    [party] = [p for p in draft(text, language, entities) if p.kind == "entity"]
    assert (party.entity, party.label, party.type) == ("org/amanat-party", label, "Organisation")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Форум намечен на 12 апреля 2025 года.", "ru"),
        ("Форум откроется 12 апреля 2025 года в Астане.", "ru"),
        ("The forum is set for 12 April 2025 in Astana.", "en"),
        ("The forum is due to open on 12 April 2025.", "en"),
    ],
)
def test_an_event_set_for_a_date_is_scheduled_not_held(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """A date is no proof the event took place: 'is set for', «намечен» announce one."""
    events = of_kind(draft(text, language, entities), "event")
    assert [e.extra["status"] for e in events] == ["scheduled"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Сенат проведёт заседание 12 апреля 2025 года.", "ru"),
        ("12 апреля 2025 года в Астане состоятся консультации.", "ru"),
        ("Депутаты соберутся на заседание 12 апреля 2025 года.", "ru"),
        ("Заседание Сената назначено на 12 апреля 2025 года.", "ru"),
        ("Предстоящее заседание Сената откроет Маулен Ашимбаев 12 апреля 2025 года.", "ru"),
        ("The Senate is to hold a sitting on 12 April 2025.", "en"),
        ("The forum is going to take place in Astana on 12 April 2025.", "en"),
        ("The forum, scheduled for 12 April 2025, opens in Astana.", "en"),
        ("The Senate intends to hold a sitting on 12 April 2025.", "en"),
        ("Deputies are expected to meet at a session on 12 April 2025.", "en"),
        ("Сенат 2025 жылғы 12 сәуірде отырыс өткізеді.", "kk"),
        ("Форум 2025 жылғы 12 сәуірде Астанада басталады.", "kk"),
        ("2025 жылғы 12 сәуірде Астанада өтетін форумға депутаттар қатысады.", "kk"),
        ("Алдағы отырыс 2025 жылғы 12 сәуірде.", "kk"),
        ("Сенат отырысы 2025 жылғы 12 сәуірде өтуі тиіс.", "kk"),
    ],
)
def test_an_announced_event_is_scheduled_not_held(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """Future and announcement forms beyond will/состоится/өтеді: «проведёт» (a future
    tense pymorphy3 reads), "is to hold", «өткізеді», «алдағы» make the event scheduled."""
    proposals = draft(text, language, entities, published="2025-04-03")
    events = of_kind(proposals, "event")
    assert [e.extra["status"] for e in events] == ["scheduled"]
    assert events[0].why == "a future, intention or convening form: scheduled, not held"
    assert not of_kind(proposals, "participation")


@pytest.mark.parametrize(
    ("text", "language", "statuses"),
    [
        ("Сенат провёл заседание 12 апреля 2025 года, на котором министр заявил, что закон "
         "вступит в силу в 2026 году.", "ru", ["held"]),
        ("The Senate held a sitting on 12 April 2025 where the minister said the law is to "
         "take effect next month.", "en", ["held"]),
        ("On 12 April 2025 the Senate met to prepare next week's session.", "en",
         ["held", "scheduled"]),
        ("Сенат 2025 жылғы 12 сәуірде отырыс өткізді, онда министр алдағы жылы заң күшіне "
         "енеді деді.", "kk", ["held"]),
    ],
)  # fmt: skip
def test_a_past_form_outweighs_an_announcement_said_at_the_event(
    entities: dict[str, Entity], text: str, language: str, statuses: list[str]
) -> None:
    """A held sitting where something is announced for later stays held (reported after
    it: an event dated after its report has not happened); "next week's session" is an
    event of its own, scheduled."""
    events = of_kind(draft(text, language, entities, published="2025-04-13"), "event")
    assert [e.extra["status"] for e in events] == statuses


def persons(proposals: list[Proposal]) -> list[str]:
    return [p.label for p in proposals if p.kind == "entity" and p.type == "Person"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Фото: Асқар Бекұлов\nАстанада жиын өтті.", "kk"),
        ("Жиын өтті.\nДайындаған: Асқар Бекұлов", "kk"),
        ("Сурет — Асқар Бекұлов\nЖиын өтті.", "kk"),
        ("Заседание прошло в Астане.\nФото пресс-службы Дмитрия Соколова", "ru"),
        ("Автор: Дмитрий Соколов\nЗаседание прошло в Астане.", "ru"),
        ("Photo credit: Daniel Brightwater\nThe sitting was held.", "en"),
        ("By Daniel Brightwater\nThe sitting was held.", "en"),
        # a byline's line: date, time and views beside the name; a name alone in the footer
        ("Жиын өтті.\n14.03.2025, 10:00 215 Асқар Бекұлов\n", "kk"),
        ("The sitting was held.\nAuthor\nDaniel Brightwater\n", "en"),
        # an agency's byline between slashes inside the lead
        ("АСТАНА. ҚазАқпарат /Дмитрий Соколов/ - Аудан әкімі жиын өткізді.", "kk"),
        ("ASTANA. Agency /Anna Petrova/ - The sitting was held on Monday.", "en"),
    ],
)
def test_the_journalist_and_the_photographer_are_no_persons(
    text: str, language: str, entities: dict[str, Entity]
) -> None:
    """A name after Фото/Сурет/Дайындаған/Автор/Photo by, or alone on its line but for
    figures, credits the page's people, not the report's."""
    assert persons(draft(text, language, entities)) == []


def test_a_credited_name_named_again_in_the_report_is_a_person(
    entities: dict[str, Entity],
) -> None:
    """Only the credit line is passed over: the same person named in a sentence is proposed there."""
    text = "Фото: Асқар Бекұлов\nЖиында аудан әкімі Асқар Бекұлов сөз сөйледі."
    [person] = [p for p in draft(text, "kk", entities) if p.kind == "entity" and p.type == "Person"]
    assert person.label == "Асқар Бекұлов"
    assert person.start == text.rindex("Асқар")


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        # a foreign guest's name has no surname shape: a title before it makes it a name
        ("The Senate Chairman met Norwegian Ambassador to Kazakhstan Lars Edvardsen.", "en",
         ["Lars Edvardsen"]),
        ("Chairman of the World Rowing Federation Paolo Benedetti arrived.", "en",
         ["Paolo Benedetti"]),
        ("Заседание открыл председатель комиссии Айдос Сарым.", "ru", ["Айдос Сарым"]),
        # a first name the dictionary knows makes a name of any surname
        ("Жиынға Виктор Гуль қатысты.", "kk", ["Виктор Гуль"]),
        ("Кандидатуры Альберта Шмидта поддержали депутаты.", "ru", ["Альберт Шмидт"]),
        # the words of a title or a body are no name
        ("First Deputy Minister of Foreign Affairs Timur Zhaksylykov spoke.", "en",
         ["Timur Zhaksylykov"]),
        # a name followed by another capitalised word: the name is the pair that is one
        ("Облыс әкімі Нұрлан Сапаров Жапонияның Алматыдағы консулымен кездесті.", "kk",
         ["Нұрлан Сапаров"]),
        ("Облыс әкімі Ресейдің Алматыдағы консулымен кездесті.", "kk", []),
        # an initial and a family name, with a space or without one
        ("Minister of Energy A.Ospanov and Akim of the region B. Dauletov reported.", "en",
         ["A. Ospanov", "B. Dauletov"]),
        ("Депутат Д. Сапарованың кандидатурасы қолдау тапты.", "kk", ["Д. Сапарова"]),
        # the initial of a person named in full on the page is that person
        ("Депутат Айгуль Сапарова выступила. Кандидатуру А. Сапаровой поддержали.", "ru",
         ["Айгуль Сапарова"]),
        # a family name written in capitals, and a signature over its holder's title
        ("Об этом сообщил аким района Нурлан САПАРОВ.", "ru", ["Нурлан Сапаров"]),
        ("Сессия шақырылады.\nАсқар БЕКҰЛОВ,\nаудандық мәслихаттың хатшысы.", "kk",
         ["Асқар Бекұлов"]),
        # two spellings of one name on one page are one person
        ("Сессияны Қайрат Бекболатов ашты. Кейін Кайрат Бекболатов сөз сөйледі.", "kk",
         ["Қайрат Бекболатов"]),
    ],
)  # fmt: skip
def test_persons_of_any_shape_are_named_once_in_the_nominative(
    text: str, language: str, expected: list[str], entities: dict[str, Entity]
) -> None:
    assert persons(draft(text, language, entities)) == expected


def test_a_known_person_by_an_initial_or_a_romanised_name_is_no_new_person(
    entities: dict[str, Entity],
) -> None:
    """K.Tokayev is the known President named again; a Kazakh name romanised another way
    (Qasym-Zhomart Toqaev) is the known person, found through the label's romanisation."""
    text = "Kassym-Jomart Tokayev chaired the meeting. Then K.Tokayev left."
    assert persons(draft(text, "en", entities)) == []
    text = "Qasym-Zhomart Toqaev chaired the meeting."
    assert persons(draft(text, "en", entities)) == []
    assert ("person/kassym-jomart-tokayev", "Qasym-Zhomart Toqaev") in mentions(
        draft(text, "en", entities)
    )


def president_mentions(text: str, language: str, entities: dict[str, Entity]) -> list[str]:
    return [
        p.quote
        for p in draft(text, language, entities)
        if p.kind == "mention" and p.entity == "post/president-kz"
    ]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("The President signed the law. The Senate thanked the President.", "en",
         ["President", "President"]),
        ("Президент подписал закон, и сенат поблагодарил президента.", "ru",
         ["Президент", "президента"]),
        ("Президент заңға қол қойды. Сенат Президентке алғыс айтты.", "kk",
         ["Президент", "Президентке"]),
        # another's president in the text: the bare word is no longer the country's
        ("The Senate Speaker met the President of the Assembly of Nations. The President "
         "praised the reforms.", "en", []),
        ("The US President called. The President answered.", "en", []),
        ("Сенатор встретился с президентом Франции. Президент ответил.", "ru", []),
        ("Сенат төрағасы Иран президентімен кездесті. Президент алғыс айтты.", "kk", []),
        ("Делегацияны президент Аббас Қарими қабылдады. Президент алғыс айтты.", "kk", []),
        # ...but right before its known holder's name, or "ours", it still is
        ("The President of the Assembly of Nations met President Kassym-Jomart Tokayev.", "en",
         ["President"]),
        ("Делегацияны президент Аббас Қарими қабылдады. Біздің президентіміз хат жолдады.",
         "kk", ["президентіміз"]),
        # another post, or an adjective
        ("The Vice President and the First President spoke of presidential elections.", "en",
         []),
    ],
)  # fmt: skip
def test_a_bare_president_is_the_countrys_unless_the_text_gives_another_one(
    text: str, language: str, expected: list[str], entities: dict[str, Entity]
) -> None:
    assert president_mentions(text, language, entities) == expected


def test_a_generic_body_word_in_the_plural_names_no_one_body(entities: dict[str, Entity]) -> None:
    """«парламентов тюркских государств» are several parliaments, not the country's one."""
    text = "Спикер встретился с председателями парламентов соседних государств."
    assert not [p for p in draft(text, "ru", entities) if p.entity == "org/parliament-kz"]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Жиын Бәйтерек ауданында өтті.", "kk", [("District", "Бәйтерек ауданы")]),
        # a district named after a person or a region is a district, neither
        ("Абай ауданының әкімі сөз сөйледі.", "kk", [("District", "Абай ауданы")]),
        ("Сессия прошла в Жанаозенском районе.", "ru", [("District", "Жанаозенский район")]),
        ("Делегация посетила Северо-Казахстанскую область.", "ru",
         [("Region", "Северо-Казахстанская область")]),
        ("The akim of Baiterek District spoke.", "en", [("District", "Baiterek District")]),
        ("Жиынға Бәйтерек аудандық мәслихатының депутаттары қатысты.", "kk",
         [("LocalRepresentativeBody", "Бәйтерек аудандық мәслихаты")]),
    ],
)  # fmt: skip
def test_districts_are_places_and_never_persons(
    text: str, language: str, expected: list[tuple[str, str]], entities: dict[str, Entity]
) -> None:
    proposals = draft(text, language, entities)
    assert [(p.type, p.label) for p in proposals if p.kind == "entity"] == expected
    assert not [p for p in proposals if p.entity == "place/abai-region"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Батыс Қазақстан және Ақтөбе облыстарының әкімдері келді.", "kk"),
        ("He studied at the South Kazakhstan Pedagogical University.", "en"),
        ("Делегация Южного Казахстана прибыла.", "ru"),
    ],
)
def test_a_known_place_after_a_word_of_direction_is_a_word_of_another_name(
    text: str, language: str, entities: dict[str, Entity]
) -> None:
    assert not [p for p in draft(text, language, entities) if p.entity == "place/kazakhstan"]


def test_a_new_region_by_its_russian_name_and_its_maslikhat(entities: dict[str, Entity]) -> None:
    """«область Абай» is the Abai Region's Russian name; «маслихат области Абай» its body."""
    proposals = draft("Сессия маслихата области Абай прошла в Семее.", "ru", entities)
    assert ("place/abai-region", "области Абай") in mentions(proposals)
    bodies = [
        p.label for p in proposals if p.kind == "entity" and p.type == "LocalRepresentativeBody"
    ]
    assert bodies == ["маслихат области Абай"]


@pytest.mark.parametrize(
    ("text", "language", "nouns"),
    [
        ("The referendum was held on 5 June 2025. The governor introduced two candidates "
         "during a meeting of the maslikhat.", "en", ["Referendum", "Meeting"]),
        ("Референдум прошёл 5 июня 2025 года. Аким представил кандидатов на заседании "
         "маслихата.", "ru", ["Референдум", "Заседание"]),
        ("Референдум 2025 жылғы 5 маусымда өтті. Әкім кандидаттарды мәслихат отырысында "
         "таныстырды.", "kk", ["Референдум", "Отырыс"]),
    ],
)  # fmt: skip
def test_a_noun_of_another_kind_of_event_names_another_event(
    entities: dict[str, Entity], text: str, language: str, nouns: list[str]
) -> None:
    """A referendum and a meeting are two events, though the second sentence gives no date,
    place or status of its own (a sitting and a session would be one)."""
    events = of_kind(draft(text, language, entities, published="2025-06-10"), "event")
    assert [e.label.split(",")[0] for e in events] == nouns
    assert [e.extra["status"] for e in events] == ["held", "held"]


def test_a_noun_of_an_earlier_events_kind_returns_to_it(entities: dict[str, Entity]) -> None:
    """ "The meeting also addressed…" after a presentation the meeting discussed is the
    meeting again, not a third event."""
    text = (
        "The minister met the ambassador on 3 March 2025. They praised the presentation of "
        "the national review. The meeting also addressed water management."
    )
    events = of_kind(draft(text, "en", entities, published="2025-03-04"), "event")
    assert [e.label.split(",")[0] for e in events] == ["Meeting", "Presentation"]


def test_a_word_for_any_gathering_names_the_event_of_the_text(
    entities: dict[str, Entity],
) -> None:
    """«Жиын» after a conference is the conference («Жиын сәуірге жоспарланған»), not a
    meeting of its own."""
    text = "Астанада халықаралық конференция өтеді. Жиын 18 сәуірге жоспарланған."
    events = of_kind(draft(text, "kk", entities, published="2025-04-01"), "event")
    assert [(e.label.split(",")[0], e.extra["status"]) for e in events] == [
        ("Конференция", "scheduled")
    ]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("The Senate met on Monday. The Speaker thanked the envoy for the scheduled annual "
         "session of the assembly.", "en", [("Meeting", "held"), ("Session", "scheduled")]),
        ("The minister met the envoy on Monday to discuss the summit scheduled for April.",
         "en", [("Meeting", "held"), ("Summit", "scheduled")]),
        ("Председатель принял делегацию в Астане. На встрече стороны обсудили итоги саммита "
         "ОТГ, прошедшего в Габале.", "ru", [("Приём", "held"), ("Саммит", "held")]),
        ("Министр встретился с послом и обсудил подготовку к предстоящей сессии.", "ru",
         [("Встреча", "held"), ("Сессия", "scheduled")]),
        ("Премьер-министр Үкімет отырысында сөйледі. – Бұл мәселені келесі отырыста "
         "қараймыз, – деді ол.", "kk", [("Отырыс", "held"), ("Отырыс", "scheduled")]),
    ],
)  # fmt: skip
def test_a_word_beside_an_event_noun_gives_an_event_of_its_own(
    entities: dict[str, Entity], text: str, language: str, expected: list[tuple[str, str]]
) -> None:
    """ "the summit scheduled for April", «саммита, прошедшего в Габале», «келесі отырыста»
    (even in a quote): an event beside the sentence's own, with the status its words give."""
    events = of_kind(draft(text, language, entities, published="2025-03-04"), "event")
    assert [(e.label.split(",")[0], e.extra["status"]) for e in events] == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Deputies discussed reports of a presidential election in April 2026.", "en"),
        ("Депутаты обсудили сообщения о парламентских выборах в марте 2026 года.", "ru"),
        ("Депутаттар 2026 жылғы наурыздағы форум туралы айтты.", "kk"),
    ],
)
def test_an_event_in_a_month_after_the_publication_is_scheduled(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """A month and year after the publication's, right after the noun, say the event has
    not happened; the same month and year before it say nothing of the kind."""
    later = of_kind(draft(text, language, entities, published="2025-12-20"), "event")
    assert [e.extra["status"] for e in later] == ["scheduled"]
    earlier = of_kind(draft(text, language, entities, published="2026-06-20"), "event")
    assert [e.extra["status"] for e in earlier] == ["held"]


def test_the_words_of_a_presentation_given_name_no_event(entities: dict[str, Entity]) -> None:
    """ "made a presentation" is what a person did at the session, not another event."""
    text = (
        "The regional maslikhat held an extraordinary session on 2 May 2025. The inspector "
        "Baurzhan Kasenov made a presentation on the candidate."
    )
    events = of_kind(draft(text, "en", entities, published="2025-05-02"), "event")
    assert [e.label.split(",")[0] for e in events] == ["Session"]


def test_the_reporters_let_us_recall_plans_nothing(entities: dict[str, Entity]) -> None:
    """«Напомним» is a first-person plural the reporter uses to look back, not a future."""
    text = "Напомним, в 2022 году прямыми выборами были избраны акимы двадцати районов."
    events = of_kind(draft(text, "ru", entities, published="2025-08-01"), "event")
    assert [e.extra["status"] for e in events] == ["held"]


def test_an_announced_event_named_again_after_another_is_the_same_event(
    entities: dict[str, Entity],
) -> None:
    """The videoconference set for 20 April, the sitting that announced it, then the
    videoconference again: two events, not three."""
    text = (
        "Вопросы посевной вынесут на селекторное совещание 20 апреля. Премьер-министр "
        "объявил это сегодня, выступая на заседании кабинета. Вице-премьеру велено "
        "готовить к 20 апреля это селекторное совещание."
    )
    events = of_kind(draft(text, "ru", entities, published="2025-04-18"), "event")
    assert [(e.label.split(",")[0], e.extra["status"]) for e in events] == [
        ("Совещание", "scheduled"),
        ("Заседание", "held"),
    ]


def test_an_event_dated_after_its_report_says_why_it_is_scheduled(
    entities: dict[str, Entity],
) -> None:
    """ "held a session on 20 May", published on 1 May: scheduled because of the date, and
    the curator is told so, not that a future form was read."""
    text = "The council held a session on 20 May 2025."
    events = of_kind(draft(text, "en", entities, published="2025-05-01"), "event")
    assert [e.extra["status"] for e in events] == ["scheduled"]
    assert events[0].why == "dated after the publication date: scheduled, not held"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ('The minister said: "We planned the upcoming election campaigns. Early elections '
         'were held in May. Now we turn to the budget," his office said.', "en",
         [("Election", "scheduled", "We planned the upcoming election campaigns."),
          ("Elections", "held", "Early elections were held in May.")]),
        ("Министр сказал: «Мы наметили предстоящие выборы. Выборы прошли в мае. "
         "Теперь о бюджете», — сообщили в министерстве.", "ru",
         [("Выборы", "scheduled", "Мы наметили предстоящие выборы."),
          ("Выборы", "held", "Выборы прошли в мае.")]),
    ],
)  # fmt: skip
def test_an_event_named_in_one_sentence_of_a_quote_cites_that_sentence(
    entities: dict[str, Entity], text: str, language: str, expected: list[tuple[str, str, str]]
) -> None:
    """A quote of several sentences is one for the rules; an event its words give a status
    is cited by the sentence that names it, not the whole quote."""
    events = of_kind(draft(text, language, entities, published="2025-06-10"), "event")
    assert [(e.label.split(",")[0], e.extra["status"], e.quote) for e in events] == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Первые прямые выборы сельских акимов, как известно, провели в 2022 году по "
         "всей стране. В воскресенье, 27 июля, в районе прошли прямые выборы акима.", "ru"),
        ("The first direct elections of village mayors took place in 2022 across the "
         "country. On Sunday, 27 July, the district's direct elections were held.", "en"),
    ],
)  # fmt: skip
def test_an_event_of_another_year_is_another_event(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """The elections of 2022, then those held on 27 July of the publication's year: two
    events, though the noun and the status are the same."""
    events = of_kind(draft(text, language, entities, published="2025-08-01"), "event")
    assert [(e.extra["status"], e.extra["date"]) for e in events] == [
        ("held", None),
        ("held", "2025-07-27"),
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The governor presented the candidates at a meeting of deputies in Zharkent. The "
         "next day the minister was in Lepsinsk for a meeting of deputies.", "en"),
        ("Губернатор представил кандидатов на заседании депутатов в Жаркенте. На "
         "следующий день министр был на заседании депутатов в Лепсинске.", "ru"),
    ],
)  # fmt: skip
def test_sittings_in_two_places_the_authority_lacks_are_two_events(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """Two sittings, each in a town the authority file does not know ("in Zharkent",
    «в Лепсинске»): two events, as two known places would make them."""
    events = of_kind(draft(text, language, entities, published="2025-06-10"), "event")
    assert [e.extra["status"] for e in events] == ["held", "held"]


def test_a_known_place_in_a_case_form_before_a_kind_word_is_that_place(
    entities: dict[str, Entity],
) -> None:
    """A name before its kind word is written bare (Абай ауданы): «Қазақстанға» or
    «Қазақстаннан» before «ауыл» is the country in the dative or ablative, not a village."""
    text = "Түркиядан Қазақстанға ауыл техникасы әкелінді. Қазақстаннан ауыл өнімі кетті."
    found = mentions(draft(text, "kk", entities))
    assert ("place/kazakhstan", "Қазақстанға") in found
    assert ("place/kazakhstan", "Қазақстаннан") in found
    # the bare name before the kind word is still another place's name
    assert ("place/kazakhstan", "Қазақстан") not in mentions(
        draft("Қазақстан ауылында жиын өтті.", "kk", entities)
    )


@pytest.mark.parametrize(
    ("text", "language", "quote"),
    [
        ("Бүгін Қасым-Жомарт Кемелұлы жиынға келді.", "kk", "Қасым-Жомарт Кемелұлы"),
        ("Депутаты поблагодарили Касым-Жомарта Кемелевича.", "ru", "Касым-Жомарта Кемелевича"),
    ],
)
def test_a_known_person_by_given_name_and_patronymic_is_a_mention(
    entities: dict[str, Entity], text: str, language: str, quote: str
) -> None:
    """The given name and the patronymic on record name the known person: a mention, never
    a new person duplicating him."""
    proposals = draft(text, language, entities)
    assert ("person/kassym-jomart-tokayev", quote) in mentions(proposals)
    assert not [p for p in of_kind(proposals, "entity") if p.type == "Person"]


def test_a_known_given_name_with_another_patronymic_is_another_person(
    entities: dict[str, Entity],
) -> None:
    """Only the patronymic on record makes the form the known person's."""
    proposals = draft("Бүгін Қасым-Жомарт Серікұлы жиынға келді.", "kk", entities)
    assert "person/kassym-jomart-tokayev" not in {p.entity for p in proposals}


@pytest.mark.parametrize(
    ("text", "language", "quote"),
    [
        ("The autumn session of the Kazakh Parliament of the new convocation closed.", "en",
         "Parliament"),
        ("Сессия казахстанского парламента нового созыва закрылась, сообщили в Бишкеке.", "ru",
         "парламента"),
    ],
)  # fmt: skip
def test_a_bare_chamber_after_the_countrys_adjective_is_its_parliament(
    entities: dict[str, Entity], text: str, language: str, quote: str
) -> None:
    """The country's adjective before a bare "Parliament" says whose it is, whatever follows
    ("of the new convocation" names no other owner)."""
    assert ("org/parliament-kz", quote) in mentions(draft(text, language, entities))


def test_another_countrys_adjective_before_a_bare_chamber_is_not_ours(
    entities: dict[str, Entity],
) -> None:
    text = "The Kyrgyz Parliament adopted the budget on Monday."
    assert "org/parliament-kz" not in {e for e, _ in mentions(draft(text, "en", entities))}


def test_a_surname_in_the_headline_is_the_person_the_report_names_in_full(
    entities: dict[str, Entity],
) -> None:
    """A headline names the person by surname above the report that names him in full; a
    surname before the full name inside the report's sentences stays unresolved."""
    text = (
        "Politics\n\nAshimbayev opened the new session\n\n"
        "ASTANA. Senate Chairman Maulen Ashimbayev opened the session on Monday."
    )
    found = [(p.entity, p.start) for p in of_kind(draft(text, "en", entities), "mention")]
    assert ("person/maulen-ashimbayev", text.index("Ashimbayev")) in found


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("The Prime Minister held a meeting on the tasks set at the IV meeting of the "
         "National Kurultai.", "en", [("Meeting", "held"), ("Meeting", "held")]),
        ("Спикер принял делегацию, стороны обсудили решения 12-го саммита ОТГ.", "ru",
         [("Приём", "held"), ("Саммит", "held")]),
        ("Әкім жиналыс өткізіп, ХХІ сессиясының шешімдерін талқылады.", "kk",
         [("Жиналыс", "held"), ("Сессия", "held")]),
    ],
)  # fmt: skip
def test_a_numbered_event_beside_the_sentences_own_is_another_event(
    entities: dict[str, Entity], text: str, language: str, expected: list[tuple[str, str]]
) -> None:
    """ "the IV meeting of the Kurultai", «12-го саммита», «ХХІ сессиясының»: a numbered
    event named in passing took place, and is not the event the sentence reports."""
    events = of_kind(draft(text, language, entities, published="2025-03-17"), "event")
    assert [(e.label.split(",")[0], e.extra["status"]) for e in events] == expected


def test_a_day_before_an_event_noun_numbers_nothing(entities: dict[str, Entity]) -> None:
    """ "the November 20 presidential election": a date, not the twentieth election."""
    text = "The office opened a mission for the November 20 presidential election."
    events = of_kind(draft(text, "en", entities, published="2025-10-20"), "event")
    assert [e.extra["status"] for e in events] == ["scheduled"]


def test_an_event_a_draft_labelled_by_its_noun_is_no_name_for_later_texts(
    entities: dict[str, Entity],
) -> None:
    """An accepted event a draft labelled "Forum" or «Сессия, Астана» is in the authority
    file; a later text's forum held elsewhere is not it, nor is every "forum" a mention."""
    accepted = {
        "event/earlier-1": Entity("event/earlier-1", "Event", {"en": "Forum"}),
        "event/earlier-2": Entity("event/earlier-2", "Event", {"en": "Summit, Almaty, 2025-05-19"}),
    }
    text = "The Growth Forum was held in Shymkent. Another summit will take place later."
    proposals = draft(text, "en", {**entities, **accepted}, published="2025-06-01")
    assert not [p for p in proposals if p.entity in accepted]
    assert [e.extra["status"] for e in of_kind(proposals, "event")] == ["held", "scheduled"]


@pytest.mark.parametrize(
    ("text", "language", "chambers"),
    [
        ("Также мажилисмен Аскар Темиров заявил, что закон нужен.", "ru", []),
        ("Прошли выборы депутатов в мажилис Парламента.", "ru", ["Мажилис"]),
        ("Сенат мәжілісмен бірге заңды қарады.", "kk", ["Мәжіліс"]),
    ],
)
def test_a_word_made_from_a_chambers_name_is_no_chamber(
    text: str, language: str, chambers: list[str]
) -> None:
    """«мажилисмен» is a deputy of the Mazhilis, not the chamber; «в мажилис» and the
    Kazakh «мәжілісмен» (with the Mazhilis) are the chamber in a case form."""
    proposals = draft_text(text, language=language, source_id="t", entities=[], published=None)
    found = [p.label for p in proposals if p.kind == "entity" and p.type == "LegislativeChamber"]
    assert found == chambers


def test_two_numbers_of_one_event_noun_are_two_events(entities: dict[str, Entity]) -> None:
    """The V meeting, then the IV: two events, though noun and status are the same."""
    text = "The V meeting of the council was held on Monday. The IV meeting was held earlier."
    events = of_kind(draft(text, "en", entities, published="2025-05-01"), "event")
    assert [e.extra["status"] for e in events] == ["held", "held"]


@pytest.mark.parametrize(
    ("title", "language", "post"),
    [
        ("Министр труда и социальной защиты населения", "ru", "post/minister-of-labour"),
        ("Еңбек және халықты әлеуметтік қорғау министрі", "kk", "post/minister-of-labour"),
        ("Minister of Labour and Social Protection", "en", "post/minister-of-labour"),
        ("министр внутренних дел", "ru", "post/minister-of-internal-affairs"),
        ("Ішкі істер министрі", "kk", "post/minister-of-internal-affairs"),
        ("Minister of Digital Development", "en", "post/minister-of-digital-development"),
        ("Цифрлық даму министрі", "kk", "post/minister-of-digital-development"),
        ("вице-министр культуры", "ru", "post/vice-minister-of-culture"),
    ],
)
def test_every_ministrys_minister_is_one_post_in_three_languages(
    title: str, language: str, post: str
) -> None:
    """«министр труда», «Еңбек … министрі» and "Minister of Labour" are one post id, as
    the finance minister's are; a vice minister's is another post of the same ministry."""
    assert portfolio_post_id(title, rules_for(language)) == post


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Напомним, идею создать Национальный курултай президент предложил в своём "
         "послании в марте 2022 года.", "ru"),
        ("Ұлттық құрылтайды құру туралы бастаманы Президент Жолдауында ұсынған еді.", "kk"),
    ],
)  # fmt: skip
def test_the_national_kurultai_is_a_body_not_an_event(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """The National Kurultai is a body; the idea of founding it is no held event with a
    presenter (its sittings are «заседание Курултая», «Құрылтай отырысы»)."""
    proposals = draft(text, language, entities, published="2025-03-10")
    assert of_kind(proposals, "event") == []
    assert of_kind(proposals, "participation") == []


@pytest.mark.parametrize(
    ("text", "language", "person"),
    [
        ("Сессияға аудан әкімі Дүйсенбаев Берік Фатықұлы қатысты.", "kk",
         "Дүйсенбаев Берік Фатықұлы"),
        ("На сессии выступил аким района Сейтов Нурлан Асканович.", "ru",
         "Сейтов Нурлан Асканович"),
    ],
)  # fmt: skip
def test_a_name_in_the_official_order_keeps_its_family_name(
    entities: dict[str, Entity], text: str, language: str, person: str
) -> None:
    """Family name, given name, patronymic («Дүйсенбаев Берік Фатықұлы»): one person with
    all three, not the given name and patronymic alone."""
    proposals = draft(text, language, entities, published="2025-03-01")
    assert [p.label for p in proposals if p.kind == "entity" and p.type == "Person"] == [person]
