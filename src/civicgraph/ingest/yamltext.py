"""YAML text as source add, draft and review write it: block style, Unicode kept, keys in order;
and an entry of the authority file changed in place, its file otherwise left as it was."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

# libyaml's emitter: the pure-Python one took ~0.1 s a draft, longer than drafting itself.
_Emitter: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_Emitter):  # type: ignore[valid-type,misc]  # chosen at import time
    def ignore_aliases(self, data: object) -> bool:
        # Two proposals citing one sentence share its list; an anchor and alias would tie
        # them, so a curator's edit of one would change the other and deleting the first
        # would leave the second an undefined alias.
        return True


def dump_yaml(value: object) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100000)


def _round_trip() -> YAML:
    """ruamel's round-trip mode, set to write the authority file back as its curators wrote
    it: comments, quotes, flow mappings and the indentation of its lists (checked byte for
    byte on data/entities/ by tests/test_ingest_labels.py)."""
    round_trip = YAML()
    round_trip.preserve_quotes = True
    round_trip.width = 100000
    round_trip.indent(mapping=2, sequence=4, offset=2)
    return round_trip


def add_alt_labels(text: str, additions: Mapping[str, Mapping[str, Sequence[str]]]) -> str:
    """``text`` (an entities file) with each entity's ``altLabel`` extended by ``additions``
    (entity id → language → labels), in the style the entry already uses; nothing else in
    the file changes. The caller leaves out labels the entity already has."""
    round_trip = _round_trip()
    document = round_trip.load(text)
    for entry in document["entities"]:
        wanted = additions.get(entry.get("id"))
        if not wanted:
            continue
        alt = entry.get("altLabel")
        if alt is None:
            alt = CommentedMap()
            alt.fa.set_flow_style()
            keys = list(entry)
            entry.insert(keys.index("label") + 1 if "label" in keys else len(keys), "altLabel", alt)
        for language, labels in wanted.items():
            values = alt.get(language)
            if values is None:
                values = CommentedSeq()
                values.fa.set_flow_style()
                alt[language] = values
            values.extend(DoubleQuotedScalarString(label) for label in labels)
    out = io.StringIO()
    round_trip.dump(document, out)
    return out.getvalue()
