"""Network analysis: the RDF graph projected onto networkx, measured, exported and drawn.

``projection`` builds the ``MultiDiGraph``; ``metrics`` measures it; ``paths`` explains
how two entities connect, with the evidence of every step; ``exports`` writes files that
Gephi, Cytoscape and yEd open; ``draw`` makes the picture (needs matplotlib).
"""

from __future__ import annotations

from civicgraph.analyse.projection import DEFAULT_VIEW, ProjectionView, project_graph
from civicgraph.facts import FAMILIES

__all__ = ["DEFAULT_VIEW", "FAMILIES", "ProjectionView", "project_graph"]
