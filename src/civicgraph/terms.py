"""Every RDF term the code names, as a pyoxigraph ``NamedNode``: ``rdfs.label``, ``civ.Person``.

Each vocabulary here is a view of the closed namespaces of ``civicgraph.namespaces``
(rdflib ``DefinedNamespace`` classes): it offers exactly the terms they list, so a
misspelt term raises ``AttributeError`` where it is first named — at import for the
module-level constants every module keeps — whether or not rdflib itself closes that
namespace (it leaves ``dcat:``, ``time:`` and ``xsd:`` open). The names follow the
prefixes of ``PREFIXES`` (``dct`` for DCMI terms), so code reads like the Turtle it
writes. Wikidata's namespaces stay open: their local names are ids, see ``wikidata_item``.
"""

from __future__ import annotations

from itertools import chain

import pyoxigraph as ox
from rdflib.namespace import DefinedNamespace

from civicgraph import namespaces


class Vocabulary:
    """The terms of one namespace as ``NamedNode``s, made once each when first named."""

    def __init__(self, *definitions: type[DefinedNamespace]) -> None:
        iris = {str(definition) for definition in definitions}
        if len(iris) != 1:
            raise ValueError(f"definitions of different namespaces: {sorted(iris)}")
        self.iri: str = iris.pop()
        """The namespace IRI, e.g. ``http://www.w3.org/2000/01/rdf-schema#``."""
        self._terms = frozenset(
            chain.from_iterable(
                (*d.__annotations__, *getattr(d, "_extras", ())) for d in definitions
            )
        )

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("_") or name not in self._terms:
            raise AttributeError(f"{name!r} is not a term of {self.iri}")
        node = ox.NamedNode(self.iri + name)
        self.__dict__[name] = node  # remembered: the next look-up does not come here
        return node

    def __getitem__(self, name: str) -> ox.NamedNode:
        """A term named by a value (``civ[kind]``), checked as an attribute is."""
        known = self.__dict__.get(name)
        return known if isinstance(known, ox.NamedNode) else self.__getattr__(name)

    def __contains__(self, iri: object) -> bool:
        """Whether an IRI (a string or a ``NamedNode``) is in this namespace."""
        value = iri.value if isinstance(iri, ox.NamedNode) else iri
        return isinstance(value, str) and value.startswith(self.iri)

    def __repr__(self) -> str:
        return f"Vocabulary({self.iri!r})"


civ = Vocabulary(namespaces.CIV)
cs = Vocabulary(namespaces.CS)
dcat = Vocabulary(namespaces.DCAT, namespaces.DCAT3)
dct = Vocabulary(namespaces.DCTERMS)
foaf = Vocabulary(namespaces.FOAF)
oa = Vocabulary(namespaces.OA)
org = Vocabulary(namespaces.ORG)
owl = Vocabulary(namespaces.OWL)
prov = Vocabulary(namespaces.PROV)
rdf = Vocabulary(namespaces.RDF)
rdfs = Vocabulary(namespaces.RDFS)
schema = Vocabulary(namespaces.SCHEMA)
skos = Vocabulary(namespaces.SKOS)
void = Vocabulary(namespaces.VOID)
xsd = Vocabulary(namespaces.XSD)


ONTOLOGY = ox.NamedNode(str(namespaces.ONTOLOGY_IRI))
"""The civicgraph ontology itself (unversioned; ``owl:versionIRI`` carries the version)."""


def wikidata_item(qid: str) -> ox.NamedNode:
    """``wd:Q…``: a Wikidata item by its id."""
    return ox.NamedNode(f"{namespaces.WD}{qid}")


__all__ = [
    "ONTOLOGY",
    "Vocabulary",
    "civ",
    "cs",
    "dcat",
    "dct",
    "foaf",
    "oa",
    "org",
    "owl",
    "prov",
    "rdf",
    "rdfs",
    "schema",
    "skos",
    "void",
    "wikidata_item",
    "xsd",
]
