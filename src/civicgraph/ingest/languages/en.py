"""English: names inflect only by a possessive on their last word; titles are capitalised."""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import MappingProxyType

from civicgraph.ingest.languages.base import LanguageRules
from civicgraph.ingest.tokens import Token

_POSSESSIVE = re.compile(r"(?:['’]s|s['’]|['’])$")
_TITLE_LINKS = ("of", "for", "the", "in")
"""Small words inside a title (Minister of Finance, Head of the Office)."""
_TITLE_REACH = 9
"""Words a title and its body may take before a name (President of the United Nations
General Assembly)."""
_BODY_NOUNS = ("maslikhat", "senate", "mazhilis", "parliament", "government", "ministry",
               "council", "district", "city", "regional")  # fmt: skip
"""Lower-case nouns that name a body in front of a title ("maslikhat secretary")."""


class EnglishRules(LanguageRules):
    code = "en"
    script = "Latn"

    title_nouns = ("minister", "chairman", "chair", "chairwoman", "speaker", "secretary",
                   "akim", "deputy", "representative", "head", "spokesperson", "ambassador",
                   "consul")  # fmt: skip
    deputy_words = ("deputy", "vice")
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
        }
    )

    event_nouns = MappingProxyType({"meeting": "Meeting", "sitting": "Meeting", "session": "Meeting",
                   "forum": "Event", "conference": "Event", "consultation": "Meeting",
                   "consultations": "Meeting"})  # fmt: skip
    meeting_verbs = ("met",)
    meeting_noun = "meeting"
    held_markers = ("held", "took place", "was convened", "opened", "chaired")
    planned_markers = ("will", "is scheduled", "are scheduled", "is expected", "plans to",
                       "is planned", "to be held", "is set for", "are set for", "is due to",
                       "are due to")  # fmt: skip
    announcement_markers = (" is to ", " are to ", "going to", "scheduled for", "slated",
                            "upcoming", "intends to", "intend to", " plan to", " plans a",
                            "are expected", " shall ", "next week", "next month")  # fmt: skip
    negations = ("did not", "didn't", "not ")
    role_verbs = MappingProxyType(
        {
            "opened": ("opened",),
            "chaired": ("chaired",),
            "spoke": ("spoke", "addressed"),
            "took_part": ("took part", "attended", "participated", "met"),
            "presented": ("presented",),
        }
    )
    quote_mention_words = ("address",)

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
            if word[:1].isupper() or word in _TITLE_LINKS or self.is_title_word(word):
                words.insert(0, token)
                continue
            # "maslikhat secretary": a body noun in front of the title belongs to it
            if words and self.is_title_word(words[0].text) and word in _BODY_NOUNS:
                words.insert(0, token)
            break
        while words and words[0].text in (*_TITLE_LINKS, "The"):
            words.pop(0)
        if not any(self.is_title_word(w.text) for w in words):
            return []
        return words

    def is_plural_form(self, word: str, label: str) -> bool:
        folded, base = word.casefold(), label.casefold()
        return folded != base and folded in (base + "s", base + "es")

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
        """ ", minister of finance," becomes the post "Minister of finance"."""
        return label[:1].upper() + label[1:]

    # ---------------------------------------------------------------- events

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
        return before.casefold() == "of "

    # ---------------------------------------------------------------- dates

    def month_pattern(self) -> str:
        return "(?:" + "|".join(self.months) + ")"

    def date_shapes(self) -> list[str]:
        month = self.month_pattern()
        return [rf"\b\d{{1,2}}\s+{month}\s+\d{{4}}", rf"\b{month}\s+\d{{1,2}},\s+\d{{4}}"]


RULES = EnglishRules()
