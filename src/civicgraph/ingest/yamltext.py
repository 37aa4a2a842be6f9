"""YAML text as source add, draft and review write it: block style, Unicode kept, keys in order."""

from __future__ import annotations

import yaml

# libyaml's emitter: the pure-Python one took ~0.1 s a draft, longer than drafting itself.
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump_yaml(value: object) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100000)
