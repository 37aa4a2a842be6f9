"""Typed errors of the library: each names where the problem is and how to fix it.

The CLI shows them as one line (``str(error)``) without a traceback; modelled on
pySHACL's ``errors.py``.
"""

from __future__ import annotations

from pathlib import Path


class CivicGraphError(Exception):
    """Base of every error civicgraph raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        subject: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.subject = subject
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        subject = f"{self.subject}: " if self.subject else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{where}{subject}{self.message}{hint}"


class ProjectError(CivicGraphError):
    """The project's settings are wrong (a base IRI that is not an IRI)."""


class SourceError(CivicGraphError):
    """A source document or its metadata is missing or inconsistent."""


class RecordError(CivicGraphError):
    """An entity or record file is malformed or refers to something unknown."""


class EvidenceError(RecordError):
    """An evidence quote is not in its source, or is ambiguous."""


class OntologyError(CivicGraphError):
    """The ontology or the shapes cannot be read."""


class ShapesError(OntologyError):
    """The SHACL shapes graph is itself invalid."""


class EmptyDataError(CivicGraphError):
    """There is nothing to validate: the data graphs hold no triple."""


class StoreError(CivicGraphError):
    """The store is missing, locked or cannot be written."""


class QueryError(CivicGraphError):
    """A query cannot be found, parsed, bound or answered."""


class QueryTimeoutError(QueryError):
    """A query ran past its deadline and was stopped."""


class ServeError(CivicGraphError):
    """``civicgraph serve`` cannot listen where it was told to."""


class ExportError(CivicGraphError):
    """An export cannot be written."""


class LinkError(CivicGraphError):
    """Linking to an external knowledge base failed."""


class ProjectFolderError(CivicGraphError):
    """A project folder cannot be created where asked."""


class ReleaseError(CivicGraphError):
    """A release cannot be made (bad version, existing folder, unknown previous release)."""


class ArgumentError(CivicGraphError, TypeError):
    """A caller of the Python API gave an argument of the wrong type (or an empty one);
    the message names the argument. A ``TypeError`` too, as Python's own would be."""
