"""The labels of vocabulary terms — properties and classes — in Kazakh, Russian and English,
for pages that name a property by its label in the reader's language, not by its IRI.

``civ:`` terms take their labels from the ontology (the shipped ``civic.ttl`` or a
project's own); the terms civicgraph reuses from other vocabularies (``rdfs:``, ``skos:``,
``prov:``, ``dct:``, ``schema:``, ``org:``, ``oa:``, …) from ``ontology/labels-external.ttl``.
Those vocabularies publish English labels only, and the dataset does not assert labels for
other vocabularies' terms, so that table is read here and never built into the graph. A
label is chosen as entity labels are (``civicgraph.languages.fallback_order``) and comes
with its language, so a page can mark one shown in another language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from civicgraph import resources
from civicgraph.errors import OntologyError
from civicgraph.languages import LANGUAGES, LocalText, choose_text
from civicgraph.namespaces import RDFS
from civicgraph.ontology import parse_turtle

_LABEL = ox.NamedNode(str(RDFS.label))


@dataclass(frozen=True)
class TermLabels:
    """One label per language for each labelled term, by IRI."""

    by_term: Mapping[str, Mapping[str, str]]

    def label(self, iri: str, lang: str) -> LocalText | None:
        """The term's label in ``lang``, else in the fallback order; ``None`` for a term
        without labels (the page then shows it by its prefixed name)."""
        texts = self.by_term.get(iri)
        return choose_text(texts, lang) if texts else None

    def missing(
        self, iris: Iterable[str], languages: Iterable[str] = LANGUAGES
    ) -> dict[str, list[str]]:
        """The languages each of ``iris`` has no label in; terms labelled in all are left out."""
        wanted = tuple(languages)
        gaps = {
            iri: [lang for lang in wanted if lang not in self.by_term.get(iri, {})] for iri in iris
        }
        return {iri: langs for iri, langs in sorted(gaps.items()) if langs}


def load_term_labels(ontology: Path | None = None, *, external: Path | None = None) -> TermLabels:
    """The labels of ``ontology`` (default: the shipped ``civic.ttl``) and of ``external``
    (default: the shipped ``labels-external.ttl``); read once per pair of files.

    A term with two labels in one language is refused, naming the file: which one a page
    shows would depend on the order of the file.
    """
    return _load(
        (ontology or resources.ontology_file()).resolve(),
        (external or resources.external_labels_file()).resolve(),
    )


@cache
def _load(ontology: Path, external: Path) -> TermLabels:
    by_term: dict[str, dict[str, str]] = defaultdict(dict)
    for path in (ontology, external):
        for triple in parse_turtle(path):
            label = triple.object
            if triple.predicate != _LABEL or not isinstance(label, ox.Literal):
                continue
            if not isinstance(triple.subject, ox.NamedNode) or label.language is None:
                continue
            lang = label.language.lower()
            texts = by_term[triple.subject.value]
            if texts.get(lang, label.value) != label.value:
                raise OntologyError(
                    f"<{triple.subject.value}> has two {lang} labels, "
                    f"{texts[lang]!r} and {label.value!r}",
                    path=path,
                    hint="keep one label per language",
                )
            texts[lang] = label.value
    return TermLabels(dict(by_term))


__all__ = ["TermLabels", "load_term_labels"]
