"""SPARQL text: the ``.rq`` files the library runs, and reading, inspecting and binding queries."""
