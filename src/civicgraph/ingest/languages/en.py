"""English: names inflect only by a possessive on their last word; titles are capitalised."""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import MappingProxyType

from civicgraph.ingest.languages.base import LanguageRules
from civicgraph.ingest.tokens import Token

_POSSESSIVE = re.compile(r"(?:['’]s|s['’]|['’])$")
_TITLE_LINKS = ("of", "for", "the", "in", "to")
"""Small words inside a title (Minister of Finance, Head of the Office)."""
_ORDINAL = r"(?:st|nd|rd|th)?"
_DETERMINERS = frozenset(
    {"the", "a", "an", "his", "her", "its", "their", "new", "interim", "acting"}
)
_APPOINTMENT_REACH = 16
_TITLE_REACH = 9
"""Words a title and its body may take before a name (President of the United Nations
General Assembly)."""
_BODY_NOUNS = ("maslikhat", "senate", "mazhilis", "parliament", "government", "ministry",
               "council", "district", "city", "regional", "region", "state", "faction",
               "election", "commission", "committee")  # fmt: skip
"""Lower-case nouns that name a body in front of a title ("maslikhat secretary")."""


_NOT_PLACES = frozenset({"The", "This", "That", "These", "Monday", "Tuesday", "Wednesday",
                         "Thursday", "Friday", "Saturday", "Sunday"})  # fmt: skip
"""Capitalised words after "in" or "at" that name no place."""


class EnglishRules(LanguageRules):
    code = "en"
    script = "Latn"

    title_nouns = ("minister", "chairman", "chair", "chairwoman", "chairperson", "speaker",
                   "secretary", "akim", "deputy", "representative", "head", "spokesperson", "governor",
                   "adviser", "advisor", "counselor", "counsellor", "ambassador", "chief",
                   "president", "mayor", "inspector", "consul", "envoy")  # fmt: skip
    deputy_words = ("deputy", "vice", "first")
    national_adjectives = frozenset({"Kazakh", "Kazakhstan's", "Kazakhstan’s"})
    body_patterns = (
        (r"Ministry of [A-Z]\w+(?: (?:and|of) [A-Z]\w+)*", "Organisation"),
        (r"(?:[A-Z]\w+ ){1,2}(?:Region )?maslikhat", "LocalRepresentativeBody"),
        (r"maslikhat of (?:the )?[A-Z]\w+(?: Region)?", "LocalRepresentativeBody"),
    )
    party_pattern = r"\b([A-Z]\w+) [Pp]arty\b"
    chambers = ("Mazhilis",)
    place_patterns = (
        (r"[A-Z]\w+ Region", "Region"),
        (r"[A-Z]\w+ District", "District"),
        (r"(?<=city of )[A-Z]\w+", "City"),
    )
    name_kind_words = frozenset({"region", "regional", "ministry", "affairs", "foreign",
                                 "national", "economy", "development", "assembly", "council",
                                 "committee", "commission", "office", "administration",
                                 "university", "agency", "forum", "party", "union", "republic",
                                 "nations", "international", "general", "security", "senate",
                                 "parliament", "mazhilis", "maslikhat", "government", "district",
                                 "city", "street", "avenue", "centre", "center", "department",
                                 "programme", "program", "organization", "organisation", "state",
                                 "states", "institute", "bank", "fund", "court", "prime",
                                 "ministers", "president"})  # fmt: skip
    portfolio_titles = MappingProxyType({"vice-minister": "vice minister", "minister": "minister"})
    portfolios = MappingProxyType(
        {
            "finance": ("finance",),
            "national-economy": ("national economy",),
            "education": ("education", "enlightenment"),
            "justice": ("justice",),
            "foreign-affairs": ("foreign affairs",),
            "health": ("health", "healthcare"),
            "energy": ("energy",),
            "agriculture": ("agriculture",),
            "labour": ("labour", "labor"),
            "internal-affairs": ("internal affairs",),
            "defence": ("defence", "defense"),
            "digital-development": ("digital development",),
            "culture": ("culture",),
            "industry": ("industry",),
            "transport": ("transport",),
            "trade": ("trade",),
            "ecology": ("ecology",),
            "emergency-situations": ("emergency situations", "emergencies"),
            "water-resources": ("water resources",),
            "science": ("science",),
        }
    )

    event_nouns = MappingProxyType({"meeting": "Meeting", "sitting": "Meeting", "session": "Meeting",
                   "forum": "Event", "conference": "Event", "consultation": "Meeting",
                   "consultations": "Meeting", "election": "Event", "elections": "Event",
                   "vote": "Event", "referendum": "Event", "summit": "Event", "visit": "Event",
                   "ceremony": "Event", "rally": "Event", "rallies": "Event",
                   "exhibition": "Event", "congress": "Event", "briefing": "Event",
                   "presentation": "Event", "talks": "Meeting", "reception": "Meeting"})  # fmt: skip
    event_kinds = MappingProxyType({"meeting": "sitting", "sitting": "sitting", "session": "sitting",
                   "consultation": "sitting", "consultations": "sitting", "talks": "sitting",
                   "reception": "sitting", "forum": "forum", "conference": "forum",
                   "congress": "forum", "summit": "forum", "election": "vote", "elections": "vote",
                   "vote": "vote", "referendum": "vote", "visit": "visit", "ceremony": "ceremony",
                   "rally": "rally", "rallies": "rally", "exhibition": "exhibition",
                   "briefing": "briefing", "presentation": "presentation"})  # fmt: skip
    meeting_verbs = ("met",)
    meeting_noun = "meeting"
    reception_verbs = ("received", "hosted")
    generic_event_words = ("event",)
    reception_noun = "reception"
    with_words = ("with",)
    held_markers = ("held", "took place", "was convened", "opened", "chaired")
    planned_markers = ("will", "is scheduled", "are scheduled", "is expected", "plans to",
                       "is planned", "to be held", "is set for", "are set for", "is due to",
                       "are due to")  # fmt: skip
    announcement_markers = (" is to ", " are to ", "going to", "scheduled for", "slated",
                            "upcoming", "intends to", "intend to", " plan to", " plans a",
                            "are expected", " shall ", "next week", "next month")  # fmt: skip
    cancelled_markers = ("cancel", "call off", "called off", "calls off", "will not take place",
                         "will not be held", "was not held", "did not take place")  # fmt: skip
    event_prepositions = ("at", "in", "during", "after", "before", "on", "of", "for")
    postponed_markers = ("postpone", "put off", "delayed", "rescheduled")
    status_modifiers = MappingProxyType({"scheduled": ("scheduled", "upcoming", "forthcoming", "next",
                                                     "planned")})  # fmt: skip
    status_modifiers_after = MappingProxyType({"scheduled": ("scheduled for", "to be held",
                                                           "planned for", "set for", "due to"),
                                             "held": ("held in", "held on", "which took place",
                                                      "that took place", "was held", "were held",
                                                      "took place")})  # fmt: skip
    negations = ("did not", "didn't", "not ")
    role_verbs = MappingProxyType(
        {
            "opened": ("opened",),
            "chaired": ("chaired", "presided"),
            "spoke": ("spoke", "addressed", "made a report", "took the floor", "briefed"),
            "took_part": ("took part", "attended", "participated", "met", "had a meeting",
                          "held talks"),
            "presented": ("presented", "introduced", "made a presentation", "nominated",
                          "suggested the candidacy", "proposed the candidacy"),
        }
    )  # fmt: skip
    holding_verbs = ("held", "holds")
    passive_words = ("was", "were", "is", "are", "be", "been", "being")
    reporting_verbs = ("reported on", "said that", "noted that", "stressed", "emphasized",
                       "emphasised", "noted", "stated", "added", "pointed out", "underlined",
                       "highlighted", "informed")  # fmt: skip
    other_occasion_words = ("earlier", "previously", "in an interview", "last week", "last year")
    role_phrases = MappingProxyType({
        "chaired": ("chaired by", "under the chairmanship of", "presided over by"),
        "took_part": ("with the participation of", "attended by", "attending"),
        "spoke": ("reports of", "addressed by", "heard reports"),
    })  # fmt: skip
    list_conjunctions = ("and", "as well as")
    agent_words = ("by",)
    quote_mention_words = ("address",)
    document_nouns = ("decision", "decree", "law", "resolution", "order", "act", "ruling")
    speech_verbs = ("said", "says", "added", "noted", "stressed", "told", "stated", "emphasized",
                    "emphasised", "according to", "tweeted", "wrote", "remarked", "explained",
                    "instructed")  # fmt: skip
    relay_words = ("quotes", "quoted", "cites", "cited")
    descriptive_titles = MappingProxyType({"head of government": "prime minister",
                                           "head of the government": "prime minister"})  # fmt: skip
    press_words = ("press service", "press office", "press release", "statement",
                   "the office said", "the ministry said")  # fmt: skip
    bare_title_words = ("minister", "chairman", "chair", "chairwoman", "chairperson", "speaker",
                        "secretary", "akim", "deputy", "representative", "head", "spokesperson", "governor",
                        "adviser", "advisor", "counselor", "counsellor", "ambassador", "chief",
                        "president", "mayor", "inspector", "consul", "envoy", "the", "of",
                        "region", "regional", "district", "city", "maslikhat", "first", "vice",
                        "state", "new", "interim", "acting")  # fmt: skip
    title_before_comma = True
    titles_capitalised = True
    former_words = ("former", "ex")
    past_markers = ("previously", "prior to", "before this", "formerly")
    appointment_verbs = ("appointed", "elected", "became", "named", "served as", "worked as")
    service_verbs = ("served as", "worked as")

    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")  # fmt: skip
    relative_days = MappingProxyType({"today": 0, "yesterday": -1, "tomorrow": 1})

    other_post_words = ("vice", "first", "former")
    direction_words = frozenset({"north", "south", "east", "west", "northern", "southern",
                                 "eastern", "western", "central"})  # fmt: skip
    credit_words = ("photo", "photos", "photo credit", "image", "images", "picture", "pictures",
                    "video", "collage", "infographic", "author", "authors", "text",
                    "written by", "reporting by")  # fmt: skip
    credit_phrases = ("photo by", "photo courtesy")
    byline_lead = "By"

    # ---------------------------------------------------------------- morphology

    def same_word(self, text_word: str, label_word: str, *, last: bool) -> bool:
        """A possessive on the last word (UNDP's, the Senate's)."""
        tw, lw = text_word.casefold(), label_word.casefold()
        return tw == lw or (last and _POSSESSIVE.sub("", tw) == lw)

    def lemma(self, word: str) -> str:
        return word.casefold()

    def strip_name_case(self, word: str) -> str:
        return _POSSESSIVE.sub("", word)

    # ---------------------------------------------------------------- titles

    def title_before(self, before: list[Token]) -> list[Token]:
        """Capitalised words and title nouns, and the small words between them
        (Deputy Minister of Finance), back to a possessive or a lower-case word."""
        words: list[Token] = []
        for token in reversed(before):
            word = token.text
            if "'" in word or "’" in word:
                break
            # "maslikhat secretary", "secretary of the Pavlodar city maslikhat": a body
            # noun in a title belongs to it
            if (
                word[:1].isupper()
                or word in _TITLE_LINKS
                or self.is_title_word(word)
                or word in _BODY_NOUNS
            ):
                words.insert(0, token)
                continue
            break
        while words and words[0].text in (*_TITLE_LINKS, "The"):
            words.pop(0)
        if not any(self.is_title_word(w.text) for w in words):
            return []
        return words

    def is_apposition_title(self, words: list[Token]) -> bool:
        """ ", First Deputy Minister of Foreign Affairs," ", the UNDP Representative in
        Kazakhstan,": capitalised words and the small words of titles, with a title noun."""
        return all(w.text[:1].isupper() or w.text in _TITLE_LINKS for w in words) and any(
            self.is_title_word(w.text) for w in words
        )

    def trim_title(self, words: list[Token]) -> list[Token]:
        """Articles and the country's adjective off, and "Reports of" before a title whose
        head comes later ("Reports of First Deputy Prime Minister …")."""
        while words and (
            words[0].text.casefold() in _DETERMINERS or self.is_national(words[0].text)
        ):
            words = words[1:]
        if len(words) > 2 and words[1].text == "of" and not self.is_title_word(words[0].text):
            return self.trim_title(words[2:])
        return words

    def appointed_title(self, text: str, tokens: list[Token], verb: int) -> list[Token]:
        """ "appointed Yerlan Saparov as the new Akim of the Zhambyl region", "was
        elected as the Speaker of the Senate", "became the governor of …": the title after
        "as" (or after the verb), its articles and possessives aside, up to a mark (a gloss
        in brackets is skipped)."""
        after = tokens[verb + 1 : verb + 1 + _APPOINTMENT_REACH]
        as_at = next((i for i, t in enumerate(after) if t.text == "as"), None)
        if as_at is not None:
            after = after[as_at + 1 :]
        while after and (
            after[0].text.casefold() in _DETERMINERS or _POSSESSIVE.search(after[0].text)
        ):
            after = after[1:]
        title: list[Token] = []
        gloss = False
        for token in after:
            word = token.text
            gap = text[title[-1].end : token.start] if title else " "
            closes = text[token.end : token.end + 1] == ")"
            if gloss or ("(" in gap and ")" not in gap):
                gloss = not closes
                continue
            if re.sub(r"\([^()]*\)", "", gap).strip():
                break
            if (
                word[:1].isupper()
                or word in _TITLE_LINKS
                or self.is_title_word(word)
                or (title and word in _BODY_NOUNS)
            ):
                title.append(token)
                continue
            break
        while title and title[-1].text in _TITLE_LINKS:
            title.pop()
        return title if any(self.is_title_word(w.text) for w in title) else []

    def receives_someone(
        self, text: str, verb_end: int, sentence_end: int, persons: list[tuple[int, int, str]]
    ) -> bool:
        """ "received US Ambassador …", "received a delegation": not "received 89 votes"."""
        words = text[verb_end:sentence_end].split()
        while words and words[0].casefold() in ("the", "a", "an"):
            words = words[1:]
        return bool(words) and (words[0][:1].isupper() or words[0].casefold() == "delegation")

    def is_plural_form(self, word: str, label: str) -> bool:
        folded, base = word.casefold(), label.casefold()
        return folded != base and folded in (base + "s", base + "es")

    def owns_title_before(self, word: str, title: str, label: str) -> bool:
        """An abbreviation (US President) or another capitalised word no known name (the
        Kyrgyz Parliament, the Turkish President): another country's; the country's own
        adjective (the Kazakh Parliament) is asked first (``is_national``)."""
        return word.isupper() or (
            word[:1].isupper()
            and word.casefold() not in _DETERMINERS
            and not self.is_title_word(word)
            and not self.is_national(word)
        )

    def owns_title_after(self, word: str) -> bool:
        return word.casefold() == "of"

    def titles_name(self, before: Sequence[str]) -> bool:
        """A title noun, then only capitalised words and the small words of titles: "US
        Ambassador to Kazakhstan Daniel …", "President of the United Nations General
        Assembly Volkan …"."""
        for word in reversed(before[-_TITLE_REACH:]):
            if self.is_title_word(word):
                return True
            if not (word[:1].isupper() or word in (*_TITLE_LINKS, "to")):
                return False
        return False

    def apposition_label(self, label: str) -> str:
        """ ", minister of finance," becomes the post "Minister of finance"; ", the UNDP
        Representative," the post "UNDP Representative"."""
        label = re.sub(r"^[Tt]he\s+", "", label)
        return label[:1].upper() + label[1:]

    def title_label(self, words: list[Token], text: str) -> str:
        """ "Akim (Governor) of the Zhambyl region" is the post "Akim of the Zhambyl
        region": a gloss in brackets is no word of it."""
        return re.sub(r"\s*\([^()]*\)", "", text[words[0].start : words[-1].end])

    # ---------------------------------------------------------------- events

    def locative_names(self, text: str) -> list[tuple[int, str]]:
        return [
            (m.start(1), m.group(1))
            for m in re.finditer(
                r"\b(?:in|at)\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b(?!\s+[A-Z])", text
            )
            if m.group(1) not in self.months and m.group(1) not in _NOT_PLACES
        ]

    def _is_modifier(self, word: str, stems: tuple[str, ...]) -> bool:
        return word in stems

    def event_noun(self, word: str) -> tuple[str, str] | None:
        """Consultations is the consultation."""
        folded = word.casefold()
        if folded not in self.event_nouns:
            return None
        return (folded.rstrip("s") if folded.endswith("ations") else folded), self.event_nouns[
            folded
        ]

    def is_locative(self, text: str, start: int, end: int, label: str) -> bool:
        before = text[max(0, start - 4) : start].casefold()
        return re.search(r"(?:^|\s)(?:in|at) $", before) is not None

    def marks_possessor(self, before: str) -> bool:
        return re.search(r"(?<!\w)of\s+(?:(?:Kazakh|Kazakhstan['’]s)\s+)?$", before) is not None

    # ---------------------------------------------------------------- dates

    def month_pattern(self) -> str:
        """Capitalised: "may" is a verb."""
        return "(?-i:" + "|".join(self.months) + ")"

    def date_shapes(self) -> list[str]:
        month = self.month_pattern()
        return [
            rf"\b\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+{month},?\s+\d{{4}}",
            rf"\b{month}\s+\d{{1,2}}{_ORDINAL}(?:\s*[-–]\s*\d{{1,2}})?,?\s+\d{{4}}",
        ]

    def day_month_shapes(self) -> list[str]:
        month = self.month_pattern()
        return [
            rf"\b{month}\s+\d{{1,2}}{_ORDINAL}(?:\s*[-–]\s*\d{{1,2}})?\b(?!,?\s+\d{{4}})",
            rf"\b\d{{1,2}}{_ORDINAL}(?:\s*[-–]\s*\d{{1,2}})?\s+{month}\b",
        ]


RULES = EnglishRules()
