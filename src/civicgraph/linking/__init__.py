"""Reconcile the authority file with Wikidata: candidates, scores, reviewed links.

The pipeline is ``candidates`` (labels → batched SPARQL look-ups) → ``scoring`` (labels,
types, context → a score in [0, 1] with reasons) → ``review`` (the curated review file
under ``data/links/``) → ``rdf`` (accepted links as ``skos:exactMatch``).
"""
