"""Describe the built dataset for publishers: W3C VoID and DCAT in its own named graph.

The description is computed from the dataset itself (triple counts per graph, sources,
vocabularies), so it never drifts from what is published; it carries no build time, so
the same input still exports byte-identical files. It states the data's licence
(CC BY 4.0) and publisher; the rights of each source's text are on the source document
(``dct:rights``), and a release adds its distributions (``civicgraph.release``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from civicgraph import __version__
from civicgraph.iris import Iris
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
