"""civicgraph: a knowledge graph of civic institutions, built from documents with evidence."""

__version__ = "0.1.0"
