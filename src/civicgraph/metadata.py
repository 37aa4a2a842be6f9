"""Describe the built dataset for publishers: W3C VoID and DCAT in its own named graph.

The description is computed from the dataset itself (triple counts per graph, sources,
vocabularies), so it never drifts from what is published; it carries no build time, so
the same input still exports byte-identical files. It states the data's licence
(CC BY 4.0) and publisher; the rights of each source's text are on the source document
(``dct:rights``), and a release adds its distributions (``civicgraph.release``).

What needs a query of the whole dataset, or is known only where the data is published,
is described by ``describe_contents`` and ``describe_access`` when it is published: the
class partitions and the Wikidata linkset (counted on the data as it is served or
released), the dumps, the SPARQL endpoint and the dates. ``civicgraph serve`` adds them
to ``/.well-known/void`` (dates: the build's time from the store manifest, or the push's
from the endpoint's version graph), a release to its ``catalog.ttl`` (its issued date).
The exported metadata graph stays without them: a build's time would make two builds of
the same input differ.

VoID: https://www.w3.org/TR/void/ (§4.5 class partitions, §5 linksets, §6.3 dumps).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

import pyoxigraph as ox

from civicgraph import __version__
from civicgraph.iris import Iris
from civicgraph.namespaces import PREFIXES, WD
from civicgraph.sparql.text import load_sparql
from civicgraph.terms import (
    ONTOLOGY,
    civ,
    dcat,
    dct,
    foaf,
    oa,
    org,
    owl,
    prov,
    rdf,
    schema,
    skos,
    void,
    xsd,
)

if TYPE_CHECKING:
    from civicgraph.triplesource import TripleSource

METADATA_GRAPH = "metadata"

_VOCABULARIES = (civ, org, prov, skos, oa, dct, schema, foaf)


DATA_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
"""The curated records and the graph built from them are CC BY 4.0; each source's text
keeps its own rights (``dct:rights`` on the source document)."""

PUBLISHER_NAME = "civicgraph developers"


def dataset_iri(iris: Iris) -> str:
    return iris.entity("dataset/civicgraph")


def publisher_iri(iris: Iris) -> str:
    return f"{dataset_iri(iris)}/publisher"


def describe_dataset(
    triples_per_graph: Mapping[str, int], *, iris: Iris, source_ids: Iterable[str]
) -> list[ox.Quad]:
    """VoID/DCAT quads describing a dataset with these triple counts per named graph."""
    counts = dict(triples_per_graph)
    total = sum(counts.values())
    graph = ox.NamedNode(iris.graph(METADATA_GRAPH))
    dataset = ox.NamedNode(dataset_iri(iris))
    integer = xsd.integer
    publisher = ox.NamedNode(publisher_iri(iris))
    out = [
        ox.Quad(dataset, rdf.type, void.Dataset, graph),
        ox.Quad(dataset, rdf.type, dcat.Dataset, graph),
        ox.Quad(dataset, dct.title, ox.Literal("civicgraph", language="en"), graph),
        ox.Quad(
            dataset,
            dct.description,
            ox.Literal(
                "Civic institutions, officials, events and programmes, each fact with the "
                "verbatim span of the document that states it.",
                language="en",
            ),
            graph,
        ),
        # DCAT 3's dcat:version for catalogues, owl:versionInfo for OWL tools; dct:hasVersion
        # would point to another resource that is a version, not give a version string.
        ox.Quad(dataset, dcat.version, ox.Literal(__version__), graph),
        ox.Quad(dataset, owl.versionInfo, ox.Literal(__version__), graph),
        ox.Quad(dataset, dct.license, ox.NamedNode(DATA_LICENCE), graph),
        ox.Quad(dataset, dct.publisher, publisher, graph),
        ox.Quad(publisher, rdf.type, foaf.Organization, graph),
        ox.Quad(publisher, foaf.name, ox.Literal(PUBLISHER_NAME), graph),
        ox.Quad(
            dataset,
            dct.conformsTo,
            ONTOLOGY,
            graph,
        ),
        ox.Quad(dataset, void.uriSpace, ox.Literal(iris.id_prefix), graph),
        ox.Quad(dataset, void.triples, ox.Literal(str(total), datatype=integer), graph),
    ]
    out.extend(
        ox.Quad(dataset, void.vocabulary, ox.NamedNode(vocabulary.iri), graph)
        for vocabulary in _VOCABULARIES
    )
    out.extend(
        ox.Quad(dataset, dct.source, ox.NamedNode(iris.source(source_id)), graph)
        for source_id in sorted(source_ids)
    )
    for name in sorted(counts):
        subset = ox.NamedNode(name)
        out.append(ox.Quad(dataset, void.subset, subset, graph))
        out.append(ox.Quad(subset, rdf.type, void.Dataset, graph))
        out.append(
            ox.Quad(subset, void.triples, ox.Literal(str(counts[name]), datatype=integer), graph)
        )
    return out


WIKIDATA = ox.NamedNode("https://www.wikidata.org/")
"""Wikidata as the target of the linkset. It publishes no VoID IRI of its own (its item
about itself is an id, never typed from memory here), so its home page names it, and
its ``void:uriSpace`` says which IRIs are its."""


def describe_contents(source: TripleSource, dataset: ox.NamedNode) -> list[ox.Triple]:
    """What ``source`` holds, said of ``dataset``: a class partition per class
    (``void:class``, ``void:entities``: its instances in every graph) and the linkset of
    the reviewed links to Wikidata (``skos:exactMatch``, ``void:triples``).

    Two aggregate queries of ``source``; the nodes are IRIs under ``dataset``'s, so the
    same data is described in the same triples.
    """
    integer = xsd.integer
    out: list[ox.Triple] = []
    for row in source.select(load_sparql("void_class_partitions")):
        cls, entities = row["class"], row["entities"]
        if not isinstance(cls, ox.NamedNode) or not isinstance(entities, ox.Literal):
            continue
        partition = ox.NamedNode(f"{dataset.value}/class/{_class_slug(cls.value)}")
        out += [
            ox.Triple(dataset, void.classPartition, partition),
            ox.Triple(partition, void["class"], cls),
            ox.Triple(partition, void.entities, ox.Literal(entities.value, datatype=integer)),
        ]
    counted = [row["links"] for row in source.select(load_sparql("void_wikidata_links"))]
    links = counted[0].value if counted and isinstance(counted[0], ox.Literal) else "0"
    linkset = ox.NamedNode(f"{dataset.value}/linkset/wikidata")
    out += [
        ox.Triple(dataset, void.subset, linkset),
        ox.Triple(linkset, rdf.type, void.Linkset),
        ox.Triple(linkset, void.linkPredicate, skos.exactMatch),
        ox.Triple(linkset, void.subjectsTarget, dataset),
        ox.Triple(linkset, void.objectsTarget, WIKIDATA),
        ox.Triple(linkset, void.triples, ox.Literal(links, datatype=integer)),
        ox.Triple(WIKIDATA, rdf.type, void.Dataset),
        ox.Triple(WIKIDATA, dct.title, ox.Literal("Wikidata", language="en")),
        ox.Triple(WIKIDATA, void.uriSpace, ox.Literal(str(WD))),
    ]
    return out


def describe_access(
    dataset: ox.NamedNode,
    *,
    dumps: Sequence[str],
    sparql_endpoint: str | None = None,
    issued: date | datetime | None = None,
) -> list[ox.Triple]:
    """Where ``dataset`` is published: a ``void:dataDump`` per dump's address, the SPARQL
    endpoint, and ``dct:issued``/``dct:modified`` (a day or a moment)."""
    out = [ox.Triple(dataset, void.dataDump, ox.NamedNode(dump)) for dump in dumps]
    if sparql_endpoint is not None:
        out.append(ox.Triple(dataset, void.sparqlEndpoint, ox.NamedNode(sparql_endpoint)))
    if issued is not None:
        when = (
            ox.Literal(issued.isoformat(), datatype=xsd.dateTime)
            if isinstance(issued, datetime)
            else ox.Literal(issued.isoformat(), datatype=xsd.date)
        )
        out += [ox.Triple(dataset, dct.issued, when), ox.Triple(dataset, dct.modified, when)]
    return out


_LOCAL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def _class_slug(iri: str) -> str:
    """``civ-Person`` for a class of a known vocabulary, else a hash of its IRI."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        local = iri.removeprefix(namespace)
        if local != iri and _LOCAL_NAME.fullmatch(local):
            return f"{prefix}-{local}"
    return hashlib.sha256(iri.encode()).hexdigest()[:16]
