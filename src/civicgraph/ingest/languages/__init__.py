"""The rules of every language drafting reads, looked up by language code.

Each module of this package but ``base`` is one language and defines ``RULES``, an instance
of ``LanguageRules``; the registry is built from the package's modules, so a fourth
language is one new module (``de.py`` defining ``RULES``) and nothing else changes here.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from types import MappingProxyType

from civicgraph.errors import SourceError
from civicgraph.ingest.languages.base import LanguageRules

__all__ = ["REGISTRY", "LanguageRules", "rules_for"]


def _discover() -> dict[str, LanguageRules]:
    found: dict[str, LanguageRules] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name == "base":
            continue
        rules = importlib.import_module(f"{__name__}.{module.name}").RULES
        if not isinstance(rules, LanguageRules) or rules.code != module.name:
            raise TypeError(
                f"{__name__}.{module.name}.RULES is not the LanguageRules of {module.name!r}"
            )
        found[rules.code] = rules
    return found


REGISTRY: Mapping[str, LanguageRules] = MappingProxyType(_discover())
"""Language code → its rules (``kk``, ``ru``, ``en``)."""


def rules_for(language: str) -> LanguageRules:
    """The rules of ``language``; a language without rules is refused by name."""
    rules = REGISTRY.get(language)
    if rules is None:
        raise SourceError(
            f"no drafting rules for the language {language!r}",
            hint=f"draft sources in {', '.join(sorted(REGISTRY))}",
        )
    return rules
