"""The facts a draft proposes from real-news shapes: events and their status, who took part,
post holdings, dates without a year, and quotes with their speakers.

Every sentence here is written for the test in the shape of a class of failure seen on
real pages (benchmarks/real_eval/); none is an article's.
"""

from __future__ import annotations

import pytest

from civicgraph.ingest.proposals import Proposal
from civicgraph.model import Entity
from tests.test_ingest_extract import draft, entities, of_kind

__all__ = ["entities"]  # the shared fixture, used by name


def labels(proposals: list[Proposal], kind: str) -> dict[str, str]:
    """Proposed id → label of the new entities of ``kind`` (Person, Post)."""
    return {str(p.entity): p.label for p in proposals if p.kind == "entity" and p.type == kind}


def written(proposals: list[Proposal]) -> dict[str, str]:
    """Proposed person id → the words that first name the person, as written (the Russian
    cases here are the matcher's to undo, not what these tests pin)."""
    return {str(p.entity): p.quote for p in proposals if p.kind == "entity" and p.type == "Person"}


def roles(proposals: list[Proposal], names: dict[str, str] | None = None) -> set[tuple[str, str]]:
    names = names if names is not None else labels(proposals, "Person")
    return {
        (names.get(str(p.extra["person"]), str(p.extra["person"])), str(p.extra["role"]))
        for p in of_kind(proposals, "participation")
    }


def holdings(
    proposals: list[Proposal], persons: dict[str, str] | None = None
) -> set[tuple[str, str, str]]:
    persons = persons if persons is not None else labels(proposals, "Person")
    posts = labels(proposals, "Post")
    return {
        (
            persons.get(str(p.extra["person"]), str(p.extra["person"])),
            posts.get(str(p.extra["post"]), str(p.extra["post"])),
            str(p.extra["status"]),
        )
        for p in of_kind(proposals, "post_holding")
    }


def statuses(proposals: list[Proposal]) -> list[str]:
    return [str(e.extra["status"]) for e in of_kind(proposals, "event")]


# ---------------------------------------------------------------- events and their status


@pytest.mark.parametrize(
    "text",
    [
        "Сессия аймақ орталығында өтті.",  # -мақ ending a noun
        "Отырысты Жүсіпбек Серікбаев жүргізді. Отырыс өтті.",  # -бек ending a given name
        "Аймақтағы жиын өтті, онда көмек туралы айтылды деп хабарлайды тілші, бұл жақсы көмек.",
    ],
)
def test_an_intention_ending_inside_a_noun_or_name_is_no_plan(
    entities: dict[str, Entity], text: str
) -> None:
    """-мақ in «аймақ», -бек in «Жүсіпбек», a noun ending a clause («көмек.»): held, not scheduled."""
    assert statuses(draft(text, "kk", entities)) == ["held"]


def test_an_intention_verb_still_plans(entities: dict[str, Entity]) -> None:
    """«ашпақ» ends its clause and is lower-case: the intention form."""
    assert statuses(draft("Форумды Сенат Төрағасы ашпақ.", "kk", entities)) == ["scheduled"]


@pytest.mark.parametrize(
    ("text", "language", "sides"),
    [
        ("Президент Ерлан Сапаровты және Асқар Жұмабаевты қабылдады.", "kk",
         {"Ерлан Сапаров", "Асқар Жұмабаев"}),
        ("Президент принял акима области Сергея Ковалёва.", "ru", {"Сергея Ковалёва"}),
        ("Senate Chairman Maulen Ashimbayev received Ambassador Yerlan Saparov.", "en",
         {"person/maulen-ashimbayev", "Yerlan Saparov"}),
        ("Senate Chairman Maulen Ashimbayev held a meeting with Yerlan Saparov.", "en",
         {"person/maulen-ashimbayev", "Yerlan Saparov"}),
        ("Елші Асқар Жұмабаев облыс әкімі Ерлан Сапаровтың қабылдауында болды.", "kk",
         {"Асқар Жұмабаев", "Ерлан Сапаров"}),
    ],
)  # fmt: skip
def test_a_reception_or_meeting_with_someone_is_held_with_both_sides(
    entities: dict[str, Entity], text: str, language: str, sides: set[str]
) -> None:
    """«қабылдады», «принял», "received", "held a meeting with": a held meeting, and every
    side named takes part."""
    proposals = draft(text, language, entities)
    assert statuses(proposals) == ["held"]
    names = {**labels(proposals, "Person"), **written(proposals)} if language == "ru" else None
    assert {(side, "took_part") for side in sides} <= roles(proposals, names)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Ерлан Сапаров заң жобасын қабылдады.", "kk"),
        ("Ерлан Сапаров принял решение уйти.", "ru"),
        ("Yerlan Saparov received 89 votes.", "en"),
    ],
)
def test_receiving_a_decision_or_votes_is_no_meeting(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """The same verbs with a bill, a decision or votes received: no event, no participant."""
    proposals = draft(text, language, entities)
    assert not of_kind(proposals, "event")
    assert not of_kind(proposals, "participation")


@pytest.mark.parametrize(
    ("text", "language", "chair"),
    [
        ("Заседание прошло под председательством Сергея Ковалёва.", "ru", "Сергей Ковалёв"),
        ("Сессия Ерлан Сапаровтың төрағалығымен өтті.", "kk", "Ерлан Сапаров"),
        ("Сессияны мәслихат хатшысы Ерлан Сапаров жүргізді.", "kk", "Ерлан Сапаров"),
        ("The session was held under the chairmanship of Yerlan Saparov.", "en", "Yerlan Saparov"),
        ("The sitting was chaired by Yerlan Saparov.", "en", "Yerlan Saparov"),
    ],
)
def test_chairing_phrases_give_the_chair(
    entities: dict[str, Entity], text: str, language: str, chair: str
) -> None:
    """«под председательством», төрағалығымен, жүргізді, "chaired by": the person chaired."""
    assert (chair, "chaired") in roles(draft(text, language, entities))


@pytest.mark.parametrize(
    ("text", "language", "chair"),
    [
        ("Deputy Prime Minister Yerlan Saparov held a meeting on the heating season.", "en",
         "Yerlan Saparov"),
        ("President Yerlan Saparov held consultations on the new budget code.", "en",
         "Yerlan Saparov"),
        ("Аким области Ерлан Сапаров провёл совещание по отопительному сезону.", "ru",
         "Ерлан Сапаров"),
        ("Облыс әкімі Ерлан Сапаров жылу маусымы бойынша жиналыс өткізді.", "kk", "Ерлан Сапаров"),
    ],
)  # fmt: skip
def test_the_one_who_holds_a_meeting_chairs_it(
    entities: dict[str, Entity], text: str, language: str, chair: str
) -> None:
    """ "held a meeting", «провёл совещание», «жиналыс өткізді»: the holder chaired it."""
    assert roles(draft(text, language, entities)) == {(chair, "chaired")}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "The Senate held a sitting. Yerlan Saparov held the post of minister for ten years.",
            "en",
        ),
        ("Сессия өтті. Ерлан Сапаров демалысын ауылда өткізді.", "kk"),
        ("The session was held yesterday, Yerlan Saparov told reporters.", "en"),
    ],
)
def test_holding_something_else_than_an_event_chairs_nothing(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """ "held the post", «демалысын өткізді» (spent his leave): no event noun by the verb;
    "the session was held": the event is the subject, no one named held it."""
    assert not of_kind(draft(text, language, entities), "participation")


def test_talks_held_are_taken_part_in_not_chaired(entities: dict[str, Entity]) -> None:
    """ "held talks" is a role phrase of its own: nobody chairs talks."""
    text = "The Senate held a sitting. Minister Yerlan Saparov held talks in Astana."
    assert roles(draft(text, "en", entities)) == {("Yerlan Saparov", "took_part")}


@pytest.mark.parametrize(
    ("text", "language", "sides"),
    [
        ("Облыс әкімі Ерлан Сапаров Асқар Жұмабаевпен кездесу өткізді.", "kk",
         {"Ерлан Сапаров", "Асқар Жұмабаев"}),
        ("Аким области Ерлан Сапаров провёл встречу с Асель Нуровой.", "ru",
         {"Ерлан Сапаров", "Асель Нурова"}),
        ("Governor Yerlan Saparov held a meeting with Asel Nurova.", "en",
         {"Yerlan Saparov", "Asel Nurova"}),
    ],
)  # fmt: skip
def test_a_meeting_held_with_someone_is_both_sides_not_a_chair(
    entities: dict[str, Entity], text: str, language: str, sides: set[str]
) -> None:
    """«Y-пен кездесу өткізді», «провёл встречу с Y», "held a meeting with Y": the holder
    meets Y, both take part and neither chairs."""
    assert roles(draft(text, language, entities)) == {(side, "took_part") for side in sides}


@pytest.mark.parametrize(
    ("text", "language", "speakers"),
    [
        ("The government held a sitting. Minister of Energy Yerlan Saparov reported on the "
         "grid. Asel Nurova said that the budget is ready. Dana Bekova stressed the need for "
         "new schools.", "en", {"Yerlan Saparov", "Asel Nurova", "Dana Bekova"}),
        ("Состоялось заседание акимата. Министр энергетики Ерлан Сапаров отметил, что сеть "
         "готова. Асель Нурова подчеркнула важность новых школ.", "ru",
         {"Ерлан Сапаров", "Асель Нурова"}),
        ("Сессия өтті. Комиссия төрағасы Ерлан Сапаров сайлау қорытындысы туралы баяндады. "
         "Асел Нұрова жаңа мектептердің маңызын атап өтті.", "kk",
         {"Ерлан Сапаров", "Асел Нұрова"}),
        ("The council held a meeting. Arman Kaliyev noted the delays. Dana Bekova pointed out "
         "the cost.", "en", {"Arman Kaliyev", "Dana Bekova"}),
        ("Состоялось заседание совета. Ерлан Сапаров доложил о ходе работ. Асель Нурова, "
         "выступая на заседании, рассказала о школах.", "ru", {"Ерлан Сапаров", "Асель Нурова"}),
        ("Кеңес отырысы өтті. Ерлан Сапаров жұмыс барысына тоқталды. Асел Нұрова мектептер "
         "туралы айтты.", "kk", {"Ерлан Сапаров", "Асел Нұрова"}),
    ],
)  # fmt: skip
def test_reporting_verbs_say_who_spoke(
    entities: dict[str, Entity], text: str, language: str, speakers: set[str]
) -> None:
    """ "reported on", "said that", "stressed", «отметил», «подчеркнула», «баяндады», «атап
    өтті» in a sentence of a held event: the person spoke at it."""
    assert roles(draft(text, language, entities)) == {(name, "spoke") for name in speakers}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Мәслихат сессиясы өтті.\n– Бюджет толық орындалды, жаңа мектептер салынды, – деді "
         "Ерлан Сапаров.", "kk"),
        ("Состоялась сессия маслихата.\n– Бюджет исполнен полностью, школы построены, — сказал "
         "Ерлан Сапаров.", "ru"),
    ],
)  # fmt: skip
def test_the_speaker_named_after_dash_speech_spoke_at_the_held_event(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """«– …, – деді X», «— …, — сказал X» at a held event: X spoke at it."""
    assert roles(draft(text, language, entities)) == {("Ерлан Сапаров", "spoke")}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Мәслихат сессиясы өтті. «Бюджет толық орындалды, жаңа мектептер салынды», – деді "
         "Ерлан Сапаров.", "kk"),
        ('The maslikhat held a session. "The budget is fully spent on new schools," said '
         "Yerlan Saparov.", "en"),
        ("Выборы прошли спокойно.\n– Нарушений на участках не выявлено, — сказал Ерлан Сапаров.",
         "ru"),
        ("Выборы прошли спокойно. Ерлан Сапаров отметил, что нарушений не выявлено.", "ru"),
        ("The Senate held a sitting. Earlier, Yerlan Saparov said that the budget is ready.", "en"),
        ("The Senate held a sitting. Asel Nurova congratulated Yerlan Saparov and noted that "
         "the budget is ready.", "en"),
        ("The Senate held a sitting. The chairman said that Yerlan Saparov will lead the group.",
         "en"),
    ],
)  # fmt: skip
def test_quoted_words_an_election_or_another_occasion_give_no_speaker(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """Words in quotation marks may be a statement's; nobody speaks at an election; "earlier"
    puts the words on another occasion; the one congratulated did not note anything, nor
    did the one named in what was said."""
    assert not [p for p in of_kind(draft(text, language, entities), "participation")
                if p.extra["role"] == "spoke"]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The forum will open in May. Yerlan Saparov said that the budget is ready.", "en"),
        ("Форум откроется в мае. Ерлан Сапаров отметил, что бюджет готов.", "ru"),
        ('The forum will open in May. "The budget is fully spent on new schools," said '
         "Yerlan Saparov.", "en"),
    ],
)  # fmt: skip
def test_reporting_verbs_give_no_role_in_an_event_not_held(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    assert not of_kind(draft(text, language, entities), "participation")


@pytest.mark.parametrize(
    ("text", "language", "present"),
    [
        ("The session was held. Attending the session were Yerlan Saparov, Asel Nurova "
         "and Dana Bekova.", "en", {"Yerlan Saparov", "Asel Nurova", "Dana Bekova"}),
        ("Прошла сессия маслихата. В заседании приняли участие аким области Ерлан Сапаров, "
         "председатель маслихата Асель Нурова и депутаты.", "ru", {"Ерлан Сапаров", "Асель Нурова"}),
        ("Сессия өтті. Жиынға аудан әкімі Ерлан Сапаров және Асел Нұрова қатысты.", "kk",
         {"Ерлан Сапаров", "Асел Нұрова"}),
        ("Облыс әкімінің орынбасары Ерлан Сапаровтың қатысуымен мәслихат сессиясы өтті.", "kk",
         {"Ерлан Сапаров"}),
    ],
)  # fmt: skip
def test_every_name_of_an_attendance_list_took_part(
    entities: dict[str, Entity], text: str, language: str, present: set[str]
) -> None:
    """ "Attending … were A, B and C", «приняли участие A, B», «A және B қатысты»,
    «A-ның қатысуымен»: each name of the list, its title aside, took part."""
    found = roles(draft(text, language, entities))
    assert {(name, "took_part") for name in present} <= found
    assert {name for name, _ in found} == present


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Аудандық мәслихаттың кезектен тыс сессиясы өтті.", "kk"),
        ("Прошла 12-я сессия районного маслихата.", "ru"),
        ("An extraordinary session of the district maslikhat was held.", "en"),
    ],
)
def test_a_maslikhat_session_is_a_held_meeting(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    proposals = draft(text, language, entities)
    assert [(e.type, e.extra["status"]) for e in of_kind(proposals, "event")] == [
        ("Meeting", "held")
    ]


@pytest.mark.parametrize(
    ("text", "language", "status"),
    [
        ("Было принято решение отменить проведение форума.", "ru", "cancelled"),
        ("The government decided to call off the annual forum.", "en", "cancelled"),
        ("Форум өтпейді.", "kk", "cancelled"),
        ("Заседание Сената перенесено на осень.", "ru", "postponed"),
        ("The session was postponed.", "en", "postponed"),
        ("Мәслихаттың кезекті сессиясы шақырылатынын хабарлаймын.", "kk", "scheduled"),
        ("The Senate sitting is convened for Friday and will open at ten.", "en", "scheduled"),
    ],
)
def test_cancelled_postponed_and_convened_events(
    entities: dict[str, Entity], text: str, language: str, status: str
) -> None:
    """A call-off, a postponement and a convening notice: the event's status, nobody in it."""
    proposals = draft(text, language, entities)
    assert statuses(proposals) == [status]
    assert not of_kind(proposals, "participation")


def test_an_event_dated_after_the_publication_is_scheduled(entities: dict[str, Entity]) -> None:
    """A past form in its sentence is about something else: the election has not happened."""
    text = "The mission opened for the presidential election on 20 November 2025."
    proposals = draft(text, "en", entities, published="2025-10-20")
    assert statuses(proposals) == ["scheduled"]
    assert not of_kind(proposals, "participation")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The government called off the forum. Guests of the event, which was due to "
         "open on 10 June 2025, were told.", "en"),
        ("Было решено отменить форум. Мероприятие должно было пройти 10 июня 2025 года.", "ru"),
    ],
)  # fmt: skip
def test_the_event_named_generically_is_the_event_of_the_text(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """ "the event", «мероприятие»: no event of its own; its date is the called-off forum's."""
    [event] = of_kind(draft(text, language, entities, published="2025-04-01"), "event")
    assert (event.extra["status"], event.extra["date"]) == ("cancelled", "2025-06-10")


def test_repealing_a_law_at_a_sitting_cancels_nothing(entities: dict[str, Entity]) -> None:
    """«отменили» stands after «на заседании»: the sitting was held, a law was repealed."""
    text = "На заседании депутаты отменили старый закон."
    assert statuses(draft(text, "ru", entities)) == ["held"]


def test_an_announced_event_after_a_cancelled_one_is_another_event(
    entities: dict[str, Entity],
) -> None:
    """The forum called off this year and the forum to resume next year are two events."""
    text = "The government called off the forum. The forum is to resume its work next year."
    assert statuses(draft(text, "en", entities)) == ["cancelled", "scheduled"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Mazhilis forum on water\nThe Mazhilis will hold a forum on water in Astana.", "en"),
        ("Форум по воде\nФорум по воде пройдёт в Астане на следующей неделе.", "ru"),
    ],
)
def test_a_headline_saying_no_status_takes_the_status_the_text_gives(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """A headline naming the forum says nothing of when: the sentence announcing it makes
    the one forum scheduled, not a held forum and a scheduled one."""
    assert statuses(draft(text, language, entities, published="2026-03-02")) == ["scheduled"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Пленарное заседание Сената началось с минуты молчания. Спикер сказал, что по "
            "этому вопросу будет проведен референдум.",
            "ru",
        ),
        (
            "The Senate sitting began with a minute of silence. The Speaker said a referendum "
            "will be held on the question.",
            "en",
        ),
    ],
)
def test_another_event_announced_at_an_event_is_its_own(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """The sitting's sentence says no status; the referendum announced at it is another
    event, scheduled, and leaves the sitting held."""
    assert statuses(draft(text, language, entities, published="2026-03-02")) == [
        "held",
        "scheduled",
    ]


@pytest.mark.parametrize(
    ("text", "language", "document_date"),
    [
        (
            "Сессия 2025 жылғы 10 желтоқсандағы № 5-2 шешімге өзгерістер енгізді.",
            "kk",
            "2025-12-10",
        ),
        ("На сессии внесли изменения в решение от 10 декабря 2025 года.", "ru", "2025-12-10"),
        ("The session amended the 10 December 2025 decree.", "en", "2025-12-10"),
    ],
)
def test_a_decisions_date_is_not_the_events(
    entities: dict[str, Entity], text: str, language: str, document_date: str
) -> None:
    """The date of a decision or decree is a date of the text, not of the session."""
    proposals = draft(text, language, entities)
    [event] = of_kind(proposals, "event")
    assert event.extra["date"] is None
    [date] = of_kind(proposals, "date")
    assert (date.extra["date"], date.extra["event"]) == (document_date, None)


# ---------------------------------------------------------------- titles and holdings


@pytest.mark.parametrize(
    ("text", "language", "holding"),
    [
        ("Советник Президента Ерлан Сапаров выступил.", "ru", ("Ерлан Сапаров", "Советник Президента")),
        ("Presidential Adviser Yerlan Saparov spoke.", "en", ("Yerlan Saparov", "Presidential Adviser")),
        ("Жиында Президенттің кеңесшісі Ерлан Сапаров сөйледі.", "kk",
         ("Ерлан Сапаров", "Президенттің кеңесшісі")),
        ("Руководитель фракции «Аманат» Ерлан Сапаров выступил.", "ru",
         ("Ерлан Сапаров", "Руководитель фракции «Аманат»")),
        ("Вице-спикер Мажилиса Ерлан Сапаров выступил.", "ru", ("Ерлан Сапаров", "Вице-спикер Мажилиса")),
        ("Мәжіліс вице-спикері Ерлан Сапаров сөйледі.", "kk", ("Ерлан Сапаров", "Мәжіліс вице-спикері")),
        ("Первого заместителя министра финансов Сергея Ковалёва представили.", "ru",
         ("Сергей Ковалёв", "Первый заместитель министра финансов")),
        ("Жапонияның Қазақстан Республикасындағы Төтенше және өкілетті елшісі Ерлан Сапаров келді.",
         "kk", ("Ерлан Сапаров",
                "Жапонияның Қазақстан Республикасындағы Төтенше және өкілетті елшісі")),
        ("Посол Японии в Казахстане Ерлан Сапаров выступил.", "ru",
         ("Ерлан Сапаров", "Посол Японии в Казахстане")),
        ("Ambassador of Japan to Kazakhstan Yerlan Saparov spoke.", "en",
         ("Yerlan Saparov", "Ambassador of Japan to Kazakhstan")),
        ("Mazhilis Chairperson Yerlan Saparov spoke.", "en",
         ("Yerlan Saparov", "Mazhilis Chairperson")),
    ],
)  # fmt: skip
def test_titles_news_uses_are_posts(
    entities: dict[str, Entity], text: str, language: str, holding: tuple[str, str]
) -> None:
    """Adviser, faction head, vice-speaker, first deputy minister, an ambassador whose title
    holds capitalised country names: each a post the person holds now."""
    assert (*holding, "current") in holdings(draft(text, language, entities))


@pytest.mark.parametrize(
    ("text", "language", "posts"),
    [
        ("Председатель Мажилиса, действующий председатель ТюркПА Ерлан Сапаров выступил.", "ru",
         {"Председатель Мажилиса", "председатель ТюркПА"}),
        ("Мәжіліс Төрағасы, «Аманат» партиясы фракциясының жетекшісі Ерлан Сапаров сөйледі.", "kk",
         {"Мәжіліс Төрағасы", "«Аманат» партиясы фракциясының жетекшісі"}),
        ("Mazhilis Chairman, head of the Amanat faction Yerlan Saparov spoke.", "en",
         {"Mazhilis Chairman", "head of the Amanat faction"}),
    ],
)  # fmt: skip
def test_two_titles_before_one_name_are_both_his(
    entities: dict[str, Entity], text: str, language: str, posts: set[str]
) -> None:
    """A title opening the sentence, a comma, the title before the name: both are held;
    «действующий» says the holding is current and is no word of the post."""
    assert {(post, "current") for post in posts} == {
        (post, status) for _, post, status in holdings(draft(text, language, entities))
    }


@pytest.mark.parametrize(
    ("text", "language", "posts"),
    [
        ("At the sitting, Deputy Prime Minister - Minister of Trade Yerlan Saparov spoke.", "en",
         {"Deputy Prime Minister", "Minister of Trade"}),
        ("Отырыста Премьер-Министрдің орынбасары – Сауда министрі Ерлан Сапаров сөйледі.", "kk",
         {"Премьер-Министрдің орынбасары", "Сауда министрі"}),
    ],
)  # fmt: skip
def test_two_titles_joined_by_a_dash_are_two_posts(
    entities: dict[str, Entity], text: str, language: str, posts: set[str]
) -> None:
    """A spaced dash joins two posts of one person, wherever the titles stand: two holdings,
    never one post of both titles' words."""
    assert {(post, "current") for post in posts} == {
        (post, status) for _, post, status in holdings(draft(text, language, entities))
    }


@pytest.mark.parametrize(
    ("text", "language", "holding"),
    [
        # a byline between slashes, then the title: the title starts after the dash
        ("АСТАНА. Агенттік /Дмитрий Соколов/ - Облыс әкімдігінің басшысы Ерлан Сапаров келді.",
         "kk", ("Ерлан Сапаров", "Облыс әкімдігінің басшысы")),
        # a place in the locative before the title says where, not whose
        ("Әкім Астанада Жапония Елшілігінің кеңесшісі Ерлан Сапаровпен кездесті.",
         "kk", ("Ерлан Сапаров", "Жапония Елшілігінің кеңесшісі")),
    ],
)  # fmt: skip
def test_a_title_stops_at_a_byline_and_at_a_locative(
    entities: dict[str, Entity], text: str, language: str, holding: tuple[str, str]
) -> None:
    assert holdings(draft(text, language, entities)) == {(*holding, "current")}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("First Deputy Minister of Finance Yerlan Saparov spoke.", "en"),
        ("Первый заместитель министра финансов Ерлан Сапаров выступил.", "ru"),
        ("Қаржы бірінші вице-министрі Ерлан Сапаров сөйледі.", "kk"),
    ],
)
def test_a_first_deputy_is_not_the_minister(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """The first deputy's post is neither the minister's nor the vice minister's id."""
    [(_, post)] = [
        (p.extra["person"], p.extra["post"])
        for p in of_kind(draft(text, language, entities), "post_holding")
    ]
    assert post not in ("post/minister-of-finance", "post/vice-minister-of-finance")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Deputy Chairman of the Senate Yerlan Saparov spoke.", "en"),
        ("Заместитель Председателя Сената Ерлан Сапаров выступил.", "ru"),
    ],
)
def test_a_deputy_is_never_given_the_chairmans_post(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    posts = {p.extra["post"] for p in of_kind(draft(text, language, entities), "post_holding")}
    assert posts
    assert "post/chairman-senate-kz" not in posts


def test_each_akim_of_a_genitive_list_gets_the_title_before_his_name(
    entities: dict[str, Entity],
) -> None:
    """«акима X-ской области Y-а Z-ова, акима …»: the title after a comma is the next name's."""
    text = (
        "Президент принял акима Карагандинской области Сергея Ковалёва, акима Костанайской "
        "области Андрея Нурова и акима города Шымкента Игоря Белова."
    )
    proposals = draft(text, "ru", entities)
    assert holdings(proposals, written(proposals)) == {
        ("Сергея Ковалёва", "аким Карагандинской области", "current"),
        ("Андрея Нурова", "аким Костанайской области", "current"),
        ("Игоря Белова", "аким города Шымкента", "current"),
    }


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Депутат Ерлан Сапаров выступил.", "ru"),
        ("Председатель палаты Ерлан Сапаров выступил.", "ru"),
        ("Аким области Ерлан Сапаров выступил.", "ru"),
        ("На сессии выступил председатель маслихата Ерлан Сапаров.", "ru"),
        ("Облыс әкімі Ерлан Сапаров сөйледі.", "kk"),
        ("Облыстық мәслихат хатшысы Ерлан Сапаров сөйледі.", "kk"),
        ("Speaker Yerlan Saparov spoke.", "en"),
    ],
)
def test_a_bare_title_is_no_post(entities: dict[str, Entity], text: str, language: str) -> None:
    """«депутат», «Председатель палаты», «облыс әкімі», "Speaker": no post, no holding."""
    proposals = draft(text, language, entities)
    assert not labels(proposals, "Post")
    assert not of_kind(proposals, "post_holding")


@pytest.mark.parametrize(
    ("text", "language", "holding"),
    [
        ("Yerlan Saparov was elected Chairman of the Pavlodar city maslikhat.", "en",
         ("Yerlan Saparov", "Chairman of the Pavlodar city maslikhat", "current")),
        ("President Tokayev has appointed Yerlan Saparov as the new Akim (Governor) of the "
         "Zhambyl region, the press service said.", "en",
         ("Yerlan Saparov", "Akim of the Zhambyl region", "current")),
        ("Председателем Мажилиса избран Ерлан Сапаров.", "ru",
         ("Ерлан Сапаров", "Председатель Мажилиса", "current")),
        ("Ерлан Сапаров назначен акимом Костанайской области.", "ru",
         ("Ерлан Сапаров", "аким Костанайской области", "current")),
        ("Жалпы отырыста Ерлан Сапаров бірауыздан Мәжілістің вице-спикері қызметіне сайланды.", "kk",
         ("Ерлан Сапаров", "Мәжілістің вице-спикері", "current")),
        ("Yerlan Saparov, who previously served as the Deputy Akim of the Zhambyl region, "
         "spoke.", "en", ("Yerlan Saparov", "Deputy Akim of the Zhambyl region", "ended")),
    ],
)  # fmt: skip
def test_elected_and_appointed_to_a_post(
    entities: dict[str, Entity], text: str, language: str, holding: tuple[str, str, str]
) -> None:
    """ "was elected", «избран», «назначен», сайланды, "appointed … as": the title the verb
    governs is the post of the name nearest it; "previously served as" has ended."""
    assert holding in holdings(draft(text, language, entities))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Former Minister of Finance Yerlan Saparov spoke.", "en"),
        ("Бывший аким Костанайской области Ерлан Сапаров выступил.", "ru"),
        ("Бұрынғы Қаржы министрі Ерлан Сапаров сөйледі.", "kk"),
    ],
)
def test_a_former_title_is_an_ended_holding(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    [holding] = of_kind(draft(text, language, entities), "post_holding")
    assert holding.extra["status"] == "ended"


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "language", "published", "expected"),
    [
        ("АСТАНА, 16 наурыз. Отырыс өтті.", "kk", "2022-03-16", ("16 наурыз", "2022-03-16")),
        ("Встреча состоялась 9 июня.", "ru", "2025-06-10", ("9 июня", "2025-06-09")),
        ("On August 19, the Senate held a sitting.", "en", "2025-08-20", ("August 19", "2025-08-19")),
        ("The Senate held a sitting on December 28.", "en", "2026-01-05", ("December 28", "2025-12-28")),
        ("The forum will open on January 15.", "en", "2025-12-20", ("January 15", "2026-01-15")),
        ("The mission has opened for the November 20 election.", "en", "2025-10-20", ("November 20", "2025-11-20")),
        ("Форум пройдёт 13-14 июня 2025 года.", "ru", "2025-04-01", ("13-14 июня 2025 года", "2025-06-13")),
        ("The forum was due to open on June 13-14.", "en", "2025-04-01", ("June 13-14", "2025-06-13")),
        # a genitive month with an ordinal day: the day after the month
        ("Сессия тамыздың 21-інде өтті.", "kk", "2024-08-22", ("тамыздың 21-інде", "2024-08-21")),
        ("Қазанның 3-і күні кездесу өтті.", "kk", "2023-10-04", ("Қазанның 3-і", "2023-10-03")),
        ("Форум наурыздың 2-сі күні ашылады.", "kk", "2024-12-20", ("наурыздың 2-сі", "2025-03-02")),
    ],
)  # fmt: skip
def test_dates_without_a_year_take_the_publication_year(
    entities: dict[str, Entity], text: str, language: str, published: str, expected: tuple[str, str]
) -> None:
    """The publication year, the year before for a held event well after the publication,
    the year after for an announced one well before it; a range is its first day."""
    found = [
        (p.quote, p.extra["date"])
        for p in of_kind(draft(text, language, entities, published), "date")
    ]
    assert expected in found


@pytest.mark.parametrize(
    ("text", "language"),
    [("Отырыс 16 наурыз күні өтті.", "kk"), ("Встреча состоялась 9 июня.", "ru"),
     ("The Senate met on August 19.", "en")],
)  # fmt: skip
def test_no_year_is_invented_without_a_publication_date(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    proposals = draft(text, language, entities, published=None)
    assert not of_kind(proposals, "date")
    assert [e.extra["date"] for e in of_kind(proposals, "event")] == [None]


# ---------------------------------------------------------------- quotes


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ('Ерлан Сапаров сессияда сөйледі. "Президент жаңа міндеттер қойды", - делінген хабарламада.', "kk"),
        ("Ерлан Сапаров выступил. «Работа по бюджету завершена полностью», — сообщает пресс-служба.", "ru"),
        ('Yerlan Saparov spoke. "The work on the budget is fully complete," the press service said.', "en"),
    ],
)  # fmt: skip
def test_a_press_release_quote_is_no_persons(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """Speech a press release or service says is not given to the last person named."""
    quotes = of_kind(draft(text, language, entities), "quote")
    assert not [q for q in quotes if str(q.extra["speaker"]).startswith("person/")]


def test_a_press_service_quote_is_the_bodys_when_it_is_named(entities: dict[str, Entity]) -> None:
    text = "«Работа по законам завершена полностью», — сообщает пресс-служба Сената."
    [quote] = of_kind(draft(text, "ru", entities), "quote")
    assert quote.extra["speaker"] == "org/senate-kz"


@pytest.mark.parametrize(
    ("text", "language", "speaker"),
    [
        ("Премьер-Министр Ерлан Сапаров провёл заседание. «Министерству финансов подготовить "
         "новый бюджет к осени», — поручил глава Кабмина.", "ru", "Ерлан Сапаров"),
        ("Премьер-министр Ерлан Сапаров отырыс өткізді.\n– Барлық жұмысты күзге дейін "
         "аяқтаңыздар, – деді Үкімет басшысы.", "kk", "Ерлан Сапаров"),
        ('Prime Minister Yerlan Saparov held a meeting. "All ministries must finish the work '
         'by autumn," the head of government instructed.', "en", "Yerlan Saparov"),
        ('President Yerlan Saparov held consultations. "We have to hold the elections in '
         'spring this year," the press service quotes the president as saying.', "en",
         "Yerlan Saparov"),
    ],
)  # fmt: skip
def test_a_descriptive_title_or_a_relayed_quote_is_the_title_holders(
    entities: dict[str, Entity], text: str, language: str, speaker: str
) -> None:
    """«— поручил глава Кабмина», «– деді Үкімет басшысы», "the head of government
    instructed" after the Prime Minister was named; "the press service quotes the
    president as saying": the words are the person's the title was given to."""
    proposals = draft(text, language, entities)
    [quote] = of_kind(proposals, "quote")
    assert labels(proposals, "Person").get(str(quote.extra["speaker"])) == speaker


def test_the_press_service_of_a_title_speaks_for_itself(entities: dict[str, Entity]) -> None:
    """ "the press service of the president said": the service's words, not the President's."""
    text = (
        'President Yerlan Saparov held consultations. "The consultations will go on after '
        'the talks," the press service of the president said.'
    )
    assert not of_kind(draft(text, "en", entities), "quote")


def test_he_said_is_the_subject_named_before_not_a_possessor(entities: dict[str, Entity]) -> None:
    """ "«…», he said" after a sentence naming the speaker and, after "of", the President."""
    text = (
        "Yerlan Saparov spoke about the reforms of President Kassym-Jomart Tokayev. "
        "“The work on the budget is fully complete,” he said."
    )
    [quote] = of_kind(draft(text, "en", entities), "quote")
    assert quote.extra["speaker"] == "person/yerlan-saparov"


@pytest.mark.parametrize(
    ("text", "language", "speech", "speaker"),
    [
        ("Сессия өтті.\n— Бюджет выполнен полностью, мы довольны, — сказал аким области Ерлан "
         "Сапаров.", "ru", "Бюджет выполнен полностью, мы довольны", "Ерлан Сапаров"),
        ("Сессия өтті.\n– Жоспар толық орындалды, біз ризамыз, – деді Ерлан Сапаров.", "kk",
         "Жоспар толық орындалды, біз ризамыз", "Ерлан Сапаров"),
        ("Аудан әкімі Ерлан Сапаров сөйледі.\nЖоспар толық орындалды. Біз ризамыз, - деді "
         "аудан әкімі.", "kk", "Жоспар толық орындалды. Біз ризамыз", "Ерлан Сапаров"),
    ],
)  # fmt: skip
def test_dash_speech_without_an_opening_mark_is_a_quote(
    entities: dict[str, Entity], text: str, language: str, speech: str, speaker: str
) -> None:
    """«— …, — сказал X», «– …, – деді X», and a paragraph of speech closed by «- деді» and
    a title the text gave a person before."""
    proposals = draft(text, language, entities)
    names = labels(proposals, "Person")
    found = [(q.quote, names.get(str(q.extra["speaker"]))) for q in of_kind(proposals, "quote")]
    assert found == [(speech, speaker)]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Депутаты приняли закон «О местном государственном управлении и самоуправлении».", "ru"),
        ("Ерлан Сапаровқа «Облыстың құрметті азаматы» атағы берілді.", "kk"),
        ('The "Digital Kazakhstan State Programme" was adopted by the Government.', "en"),
    ],
)
def test_a_title_in_quotation_marks_is_no_quote(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """Quotation marks around the name of a law, a title or a programme: nobody says it."""
    assert not of_kind(draft(text, language, entities), "quote")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Asel Nurova met the deputies. “The budget is fully complete,” said Zhaksylykov.", "en"),
        ("Асель Нурова встретилась с депутатами.\n— Бюджет выполнен полностью, мы довольны, — "
         "сказал аким ЗКО Жаксылыков.", "ru"),
    ],
)  # fmt: skip
def test_a_speaker_named_but_not_found_is_not_guessed(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """ "said Zhaksylykov", a surname in capitals: someone is named whom the draft did not
    find as a person; the quote is not given to the person named before."""
    assert not of_kind(draft(text, language, entities), "quote")


def test_he_said_after_a_title_opening_the_sentence_before(entities: dict[str, Entity]) -> None:
    """ "The Senate Chairman stressed …" stands for the person the text gave that title; "he
    said" after it is his, not the last name of a sentence before."""
    text = (
        "Senate Chairman Maulen Ashimbayev met Yerlan Saparov. The Senate Chairman stressed "
        "the reforms of President Asel Nurova. “The work on the budget is complete,” he said."
    )
    [quote] = of_kind(draft(text, "en", entities), "quote")
    assert quote.extra["speaker"] == "person/maulen-ashimbayev"


def test_a_meeting_with_others_at_a_session_is_that_session(entities: dict[str, Entity]) -> None:
    """«встреча с акимами» during a conference is the conference; a verb of meeting or
    receiving («принял акима») would be an event of its own."""
    text = "Прошла конференция маслихатов. В ходе конференции прошла встреча с акимами."
    assert statuses(draft(text, "ru", entities)) == ["held"]


@pytest.mark.parametrize(
    ("text", "language", "post"),
    [
        ("Асқар Жұмабаев\n\nШығыс Қазақстан облысының әкімі Ерлан Сапаров сөйледі.", "kk",
         "Шығыс Қазақстан облысының әкімі"),
        ("Reports of Deputy Prime Minister Yerlan Saparov were heard.", "en",
         "Deputy Prime Minister"),
    ],
)  # fmt: skip
def test_a_title_starts_after_a_line_break_and_after_reports_of(
    entities: dict[str, Entity], text: str, language: str, post: str
) -> None:
    """A byline's name on the line before is no word of the title; nor is "Reports of"."""
    assert {p for _, p, _ in holdings(draft(text, language, entities))} == {post}


@pytest.mark.parametrize(
    ("text", "language", "holding"),
    [
        ("Ерлан Сапаров Ақтөбе қалалық мәслихатының төрағасы болды.", "kk",
         ("Ерлан Сапаров", "Ақтөбе қалалық мәслихатының төрағасы")),
        ("С 1 мая Ерлан Сапаров вступил в должность акима района Ақтоғай.", "ru",
         ("Ерлан Сапаров", "аким района Ақтоғай")),
        ("Yesterday Yerlan Saparov became chairman of the Aktobe city maslikhat.", "en",
         ("Yerlan Saparov", "chairman of the Aktobe city maslikhat")),
        ("On Monday Yerlan Saparov became chairman of the regional election commission.", "en",
         ("Yerlan Saparov", "chairman of the regional election commission")),
    ],
)  # fmt: skip
def test_a_title_as_the_predicate_is_the_subjects_post(
    entities: dict[str, Entity], text: str, language: str, holding: tuple[str, str]
) -> None:
    """«X … төрағасы болды», «X вступил в должность акима …», "X became chairman of …": the
    title the verb governs is the subject's post."""
    assert holdings(draft(text, language, entities)) == {(*holding, "current")}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Закон вступил в силу, сообщил Ерлан Сапаров.", "ru"),
        ("Кеше Ерлан Сапаровпен кездесу болды.", "kk"),
    ],
)
def test_entering_into_force_and_a_bare_copula_give_no_post(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    assert holdings(draft(text, language, entities)) == set()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Министр поручил своему первому заместителю Ерлану Сапарову подготовить отчёт.", "ru"),
        ("Аким өзінің орынбасары Ерлан Сапаровқа тапсырма берді.", "kk"),
    ],
)
def test_a_title_relative_to_another_person_is_no_post(
    entities: dict[str, Entity], text: str, language: str
) -> None:
    """«своему первому заместителю», «өзінің орынбасары»: whose deputy, not which post."""
    assert holdings(draft(text, language, entities)) == set()


@pytest.mark.parametrize(
    "text",
    [
        "The archive says it happened on 1 January 10000 in the old town.",
        "The archive says it happened on 12 March 0000 in the old town.",
        "Архив пишет, что это было 12 марта 0000 года в старом городе.",
    ],
)
def test_a_year_no_calendar_has_gives_no_date(entities: dict[str, Entity], text: str) -> None:
    """A five-digit or a zero year is stated, so the date is neither cut to four digits
    nor given the publication's year."""
    language = "ru" if "Архив" in text else "en"
    proposals = draft(text, language, entities, published="2025-06-01")
    assert [p.label for p in of_kind(proposals, "date")] == []


def test_a_sitting_held_and_chaired_by_someone_says_why_by_the_chairing_words(
    entities: dict[str, Entity],
) -> None:
    """'The Senate held a sitting chaired by X': X chaired it because of the chairing
    words, not because of "held" (the Senate held it)."""
    text = "The Senate held a sitting chaired by its Speaker Aidos Temirov on Monday."
    parts = of_kind(draft(text, "en", entities, published="2025-05-01"), "participation")
    assert [p.label for p in parts] == ["Aidos Temirov — chaired"]
    assert parts[0].why.startswith("'chaired")


def test_a_participation_the_headline_and_the_report_both_state_is_proposed_once(
    entities: dict[str, Entity],
) -> None:
    """The headline says who chaired, the report says it again: one proposal, at the
    headline, for the curator to accept once."""
    text = (
        "Aidos Temirov chaired a meeting on water\n"
        "Aidos Temirov chaired a meeting on water supply in the regions on Monday."
    )
    parts = of_kind(draft(text, "en", entities, published="2025-05-01"), "participation")
    assert [(p.label, p.start) for p in parts] == [("Aidos Temirov — chaired", 0)]
