"""What the linker expects of a Wikidata item for each civ: class: acceptable classes and
the context (country) it should be in.

Data, not logic: adding a type or a class is an edit here. Class ids come from
``shared/wikidata/README.md`` ("Classes" table, sources S1-S16 there) and
``shared/wikidata/snapshot.ttl``; none is typed from memory. Context is named by entity
id (``place/kazakhstan``), and the linker uses whatever Q-id that entity is linked to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Classes, with the README row each id comes from (shared/wikidata/README.md, "Classes").
HUMAN = "Q5"  # human: S11, S13, S4, S12, S14
CITY = "Q515"  # city: S11
CAPITAL_CITY = "Q5119"  # capital city: S11, S4
HUMAN_SETTLEMENT = "Q486972"  # human settlement: S11, S12
CITY_OR_TOWN = "Q7930989"  # city or town: S4
COUNTRY = "Q6256"  # country: S1, S11, S12
SOVEREIGN_STATE = "Q3624078"  # sovereign state: S1, S11, S12
REGION_OF_KAZAKHSTAN = "Q836672"  # region of Kazakhstan: S16
DISTRICT_OF_KAZAKHSTAN = "Q2643128"  # district of Kazakhstan: S16
ORGANIZATION = "Q43229"  # organization: S2, S11, S12
INTERNATIONAL_ORGANIZATION = "Q484652"  # international organization: S2, S11, S15
INTERGOVERNMENTAL_ORGANIZATION = "Q245065"  # intergovernmental organization: S15, S16
UN_SPECIALIZED_AGENCY = "Q15925165"  # specialized agency of the United Nations: S2
LEGISLATURE = "Q11204"  # legislature: S16
UPPER_HOUSE = "Q637846"  # upper house: S16
PARLIAMENT = "Q35749"  # parliament: S16
GOVERNMENT = "Q7188"  # government: S16
CABINET = "Q640506"  # cabinet: S16
POSITION = "Q4164871"  # position: S6, S11, S12, S14
PUBLIC_OFFICE = "Q294414"  # public office: S16, S12
HEAD_OF_STATE = "Q48352"  # head of state: S6, S16

# Wikidata properties used as context (README "Property ids used"; P27, P1001, P749 and
# P39 are read when present but never required).
COUNTRY_PROPERTIES = ("P17", "P131", "P27", "P1001")

HOME_COUNTRY = "place/kazakhstan"
"""The authority file's own country: every place and national body in the seed is in it."""


@dataclass(frozen=True)
class TypeProfile:
    """What a good candidate for an entity of one civ: class looks like."""

    classes: frozenset[str] = frozenset()
    """Acceptable classes, reached through P31/P279*; empty means the type is not checked."""
    country: str | None = None
    """Entity id of the country the item should be in (via P17/P131/P27/P1001)."""
    label_kind: str | None = None
    """The kind of place its name says (region/city/district), checked against type words."""
    link_first: bool = False
    """Linked before the others, because it is their context."""
    notes: tuple[str, ...] = field(default_factory=tuple)


_ORGANISATIONS = frozenset({ORGANIZATION})

TYPE_PROFILES: dict[str, TypeProfile] = {
    "Person": TypeProfile(classes=frozenset({HUMAN}), country=HOME_COUNTRY),
    "Country": TypeProfile(classes=frozenset({COUNTRY, SOVEREIGN_STATE}), link_first=True),
    "Region": TypeProfile(
        classes=frozenset({REGION_OF_KAZAKHSTAN}), country=HOME_COUNTRY, label_kind="region"
    ),
    "District": TypeProfile(country=HOME_COUNTRY, label_kind="district"),
    "City": TypeProfile(
        classes=frozenset({CITY, CITY_OR_TOWN, CAPITAL_CITY, HUMAN_SETTLEMENT}),
        country=HOME_COUNTRY,
        label_kind="city",
    ),
    "Legislature": TypeProfile(classes=frozenset({LEGISLATURE, PARLIAMENT}), country=HOME_COUNTRY),
    "LegislativeChamber": TypeProfile(
        classes=frozenset({UPPER_HOUSE, LEGISLATURE}), country=HOME_COUNTRY
    ),
    "Council": TypeProfile(classes=_ORGANISATIONS, country=HOME_COUNTRY),
    "Government": TypeProfile(classes=frozenset({GOVERNMENT, CABINET}), country=HOME_COUNTRY),
    "InternationalOrganisation": TypeProfile(
        classes=frozenset(
            {
                INTERNATIONAL_ORGANIZATION,
                INTERGOVERNMENTAL_ORGANIZATION,
                UN_SPECIALIZED_AGENCY,
                ORGANIZATION,
            }
        )
    ),
    "Post": TypeProfile(
        classes=frozenset({POSITION, PUBLIC_OFFICE, HEAD_OF_STATE}), country=HOME_COUNTRY
    ),
}
"""Types not listed (Goal, Topic, Meeting, BodyKind, …) are matched by labels alone."""

LABEL_KINDS = {
    "region": frozenset({"облысы", "облыс", "область", "region", "oblysy", "oblast", "province"}),
    "city": frozenset({"қаласы", "город", "city"}),
    "district": frozenset({"ауданы", "аудан", "район", "district"}),
}
"""Which type words name which kind of place (``Abai District`` is not ``Abai Region``)."""


def profile_for(entity_type: str) -> TypeProfile:
    return TYPE_PROFILES.get(entity_type, TypeProfile())
