"""Name the RDF vocabularies civicgraph uses, with its own ``civ:`` terms as a closed namespace.

``CIV`` lists every term of ``ontology/civic.ttl`` (a ``DefinedNamespace`` with
``_fail = True``), so a misspelt term fails at import time, not silently at query time;
``tests/test_ontology.py`` keeps the two in step both ways.
"""

# The attribute names of CIV are the ontology's own lowerCamel property names.
# ruff: noqa: N815

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SKOS,
    TIME,
    VANN,
    VOID,
    XSD,
    DefinedNamespace,
    Namespace,
)

__all__ = [
    "CIV",
    "CIVSH",
    "CS",
    "DCAT",
    "DCAT3",
    "DCTERMS",
    "FOAF",
    "OA",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "TIME",
    "VANN",
    "VOID",
    "WD",
    "WDT",
    "XSD",
]

ONTOLOGY_IRI = URIRef("https://w3id.org/civicgraph/ontology")
"""The ontology's own IRI (not versioned; ``owl:versionIRI`` carries the version)."""


class CIV(DefinedNamespace):
    """The civicgraph ontology, ``https://w3id.org/civicgraph/ontology#``."""

    _fail = True
    _NS = Namespace("https://w3id.org/civicgraph/ontology#")

    # Classes
    Fact: URIRef  # fact
    Assertion: URIRef  # assertion
    SourceDocument: URIRef  # source document
    Excerpt: URIRef  # excerpt
    Agent: URIRef  # agent
    Person: URIRef  # person
    Group: URIRef  # group
    Organisation: URIRef  # organisation
    Legislature: URIRef  # legislature
    LegislativeChamber: URIRef  # legislative chamber
    Government: URIRef  # government
    LocalRepresentativeBody: URIRef  # local representative body
    Council: URIRef  # council
    InternationalOrganisation: URIRef  # international organisation
    Post: URIRef  # post
    PostHolding: URIRef  # post holding
    Event: URIRef  # event
    Meeting: URIRef  # meeting
    Participation: URIRef  # participation
    Mention: URIRef  # mention
    Statement: URIRef  # statement
    Quote: URIRef  # quote
    ReportedStatement: URIRef  # reported statement
    Conclusion: URIRef  # conclusion
    Programme: URIRef  # programme
    ProgrammeRegion: URIRef  # programme region
    Place: URIRef  # place
    Country: URIRef  # country
    Region: URIRef  # region
    District: URIRef  # district
    City: URIRef  # city
    Reform: URIRef  # reform
    LegalAct: URIRef  # legal act
    Goal: URIRef  # goal
    Agenda: URIRef  # agenda
    Topic: URIRef  # topic
    Priority: URIRef  # priority
    Principle: URIRef  # principle
    BodyKind: URIRef  # kind of body
    EventKind: URIRef  # kind of event
    ParticipationRole: URIRef  # participation role
    RegionRole: URIRef  # region role
    HoldingStatus: URIRef  # holding status
    EventStatus: URIRef  # event status
    GroupRole: URIRef  # group role

    # Object properties
    holder: URIRef  # holder
    post: URIRef  # post
    holdingStatus: URIRef  # holding status
    attestedAt: URIRef  # attested at
    postIn: URIRef  # post in
    jurisdiction: URIRef  # jurisdiction
    partOf: URIRef  # part of
    operatesUnder: URIRef  # operates under
    locatedIn: URIRef  # located in
    eventKind: URIRef  # event kind
    eventStatus: URIRef  # event status
    heldBy: URIRef  # held by
    location: URIRef  # location
    discussed: URIRef  # discussed
    participant: URIRef  # participant
    event: URIRef  # event
    capacity: URIRef  # capacity
    participationRole: URIRef  # participation role
    presented: URIRef  # presented
    drawnFrom: URIRef  # drawn from
    drawnFromKind: URIRef  # drawn from kind
    participantsOf: URIRef  # participants of
    groupRole: URIRef  # group role
    mentionedEntity: URIRef  # mentioned entity
    mentionContext: URIRef  # mention context
    speaker: URIRef  # speaker
    about: URIRef  # about
    reportedIn: URIRef  # reported in
    setsPriority: URIRef  # sets priority
    jointEffortOf: URIRef  # joint effort of
    partner: URIRef  # partner
    aim: URIRef  # aim
    focusArea: URIRef  # focus area
    programme: URIRef  # programme
    region: URIRef  # region
    regionRole: URIRef  # region role
    outcome: URIRef  # outcome
    concerns: URIRef  # concerns
    publisherEntity: URIRef  # publisher entity
    unknownValueOf: URIRef  # unknown value of

    # Datatype properties
    date: URIRef  # date
    startDate: URIRef  # start date
    endDate: URIRef  # end date
    knownOn: URIRef  # known on
    startYear: URIRef  # start year
    year: URIRef  # year
    text: URIRef  # text
    regionDescription: URIRef  # region description
    sha256: URIRef  # SHA-256
    dateExpression: URIRef  # date expression

    # Concept schemes
    EventKindScheme: URIRef  # kinds of event
    ParticipationRoleScheme: URIRef  # participation roles
    RegionRoleScheme: URIRef  # region roles
    HoldingStatusScheme: URIRef  # holding statuses
    EventStatusScheme: URIRef  # event statuses
    GroupRoleScheme: URIRef  # group roles
    TopicScheme: URIRef  # topics
    PriorityScheme: URIRef  # priorities
    GoalScheme: URIRef  # goals

    # Concepts of the controlled vocabularies
    KindExtendedMeeting: URIRef  # extended meeting
    KindMeeting: URIRef  # meeting
    KindSession: URIRef  # session
    RoleOpener: URIRef  # opener
    RoleChair: URIRef  # chair
    RoleSpeaker: URIRef  # speaker
    RolePresenter: URIRef  # presenter
    RoleAttendee: URIRef  # attendee
    RegionPilot: URIRef  # pilot region
    RegionPlanned: URIRef  # planned region
    StatusCurrent: URIRef  # current
    StatusEnded: URIRef  # ended
    StatusUnknown: URIRef  # unknown
    EventScheduled: URIRef  # scheduled
    EventHeld: URIRef  # held
    EventPostponed: URIRef  # postponed
    EventCancelled: URIRef  # cancelled
    GroupMembers: URIRef  # members
    GroupRepresentatives: URIRef  # representatives


class DCAT3(DefinedNamespace):
    """DCAT 3 terms that rdflib's ``DCAT`` (DCAT 2) lacks, in the same namespace."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/dcat#")

    version: URIRef  # the version indicator of a resource (a string)
    previousVersion: URIRef  # the release this one follows


class CS(DefinedNamespace):
    """The Changeset vocabulary: additions and removals of statements (release change logs)."""

    _fail = True
    _NS = Namespace("http://purl.org/vocab/changeset/schema#")

    ChangeSet: URIRef
    subjectOfChange: URIRef
    createdDate: URIRef
    changeReason: URIRef
    addition: URIRef
    removal: URIRef


class SCHEMA(DefinedNamespace):
    """The schema.org terms civicgraph writes, as ``http://schema.org/`` (the form its own
    RDF uses; rdflib's ``SDO`` is https://)."""

    _fail = True
    _NS = Namespace("http://schema.org/")

    Person: URIRef
    text: URIRef
    url: URIRef
    description: URIRef  # the Wikidata linker reads items' descriptions


class OA(DefinedNamespace):
    """The Web Annotation terms of evidence selectors (Web Annotation Data Model §4.2)."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef


CIVSH = Namespace("https://w3id.org/civicgraph/shapes#")
"""The SHACL shapes of ``ontology/shapes.ttl``."""

# Open on purpose: their local names are Wikidata's ids (Q…, P…), data rather than terms.
WD = Namespace("http://www.wikidata.org/entity/")
"""Wikidata items."""
WDT = Namespace("http://www.wikidata.org/prop/direct/")
"""Wikidata's direct ("truthy") properties."""

PREFIXES: dict[str, str] = {
    "civ": str(CIV),
    "civsh": str(CIVSH),
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "oa": str(OA),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SCHEMA),
    "skos": str(SKOS),
    "time": str(TIME),
    "vann": str(VANN),
    "void": str(VOID),
    "xsd": str(XSD),
}
"""Prefix → namespace IRI, bound when writing Turtle."""
