"""The queries behind the pages of ``civicgraph serve``, one per question a page asks."""
