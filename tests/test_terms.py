"""The vocabularies as pyoxigraph terms: exactly the terms of the closed namespaces."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from civicgraph import namespaces, terms


@pytest.mark.parametrize(
    ("view", "definition"),
    [
        (terms.civ, namespaces.CIV),
        (terms.rdfs, namespaces.RDFS),
        (terms.xsd, namespaces.XSD),
        (terms.dcat, namespaces.DCAT),
        (terms.dcat, namespaces.DCAT3),
        (terms.oa, namespaces.OA),
        (terms.schema, namespaces.SCHEMA),
    ],
)
def test_every_term_of_a_namespace_is_its_named_node(
    view: terms.Vocabulary, definition: type
) -> None:
    """Each term the namespace lists is offered, with the namespace's own IRI."""
    for name in definition.__annotations__:
        assert getattr(view, name) == ox.NamedNode(str(definition[name]))
        assert view[name] == getattr(view, name)


@pytest.mark.parametrize(
    ("view", "misspelt"),
    [(terms.rdfs, "lable"), (terms.civ, "Persn"), (terms.xsd, "dat"), (terms.dcat, "Datset")],
)
def test_a_misspelt_term_is_refused(view: terms.Vocabulary, misspelt: str) -> None:
    """Also where rdflib leaves the namespace open (xsd:, dcat:), a name it does not list
    is an error, by attribute and by key."""
    with pytest.raises(AttributeError, match=f"'{misspelt}' is not a term of"):
        getattr(view, misspelt)
    with pytest.raises(AttributeError, match=f"'{misspelt}' is not a term of"):
        view[misspelt]


def test_rdflib_itself_leaves_xsd_and_dcat_open() -> None:
    """Why the views check names themselves: rdflib mints any name in these two, warning."""
    with pytest.warns(UserWarning, match="not defined"):
        assert str(namespaces.XSD.dat).endswith("#dat")
    with pytest.warns(UserWarning, match="not defined"):
        assert str(namespaces.DCAT.Datset).endswith("#Datset")


def test_a_vocabulary_tells_its_own_iris() -> None:
    assert terms.civ.Person in terms.civ
    assert "https://w3id.org/civicgraph/ontology#anything" in terms.civ
    assert terms.rdfs.label not in terms.civ
    assert terms.wikidata_item("Q999999001").value == "http://www.wikidata.org/entity/Q999999001"
