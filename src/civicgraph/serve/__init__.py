"""``civicgraph serve``: a read-only web explorer and SPARQL endpoint over a ``TripleSource``
(the embedded store, or any SPARQL 1.1 endpoint with ``--endpoint``).

Pages in Kazakh, English and Russian show every fact with the words of its document that
state it; entity IRIs answer HTML, Turtle, N-Triples and JSON-LD; ``/sparql`` speaks the
SPARQL 1.1 Protocol for queries. See docs/serve.md.
"""

from civicgraph.serve.app import (
    Server,
    ServeSettings,
    bind_listener,
    create_app,
    exposure_warning,
)
from civicgraph.serve.connection import BoundedHeadProtocol

__all__ = [
    "BoundedHeadProtocol",
    "ServeSettings",
    "Server",
    "bind_listener",
    "create_app",
    "exposure_warning",
]
