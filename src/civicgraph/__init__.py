"""civicgraph: a knowledge graph of civic institutions, built from documents with evidence.

``Project(".")`` is the way in: ``.build()``, ``.validate()``, ``.coverage()``,
``.stats()``, ``.export(format, out)`` on a project folder.
"""

__version__ = "0.1.0"

# After __version__: the CLI imports it from here while the package is still loading.
from civicgraph.project import Project

__all__ = ["Project", "__version__"]
