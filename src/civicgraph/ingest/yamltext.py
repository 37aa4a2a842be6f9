"""YAML text as source add, draft and review write it: block style, Unicode kept, keys in order."""

from __future__ import annotations

import yaml

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
