"""The Reconciliation Service API's JSON schemas (v0.2, vendored in
tests/fixtures/reconciliation-api/, see its README), to check every answer against."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMAS = Path(__file__).parent / "fixtures" / "reconciliation-api"
_DRAFT_PROPOSAL = "draft/data-extension-property-proposal.json"


@cache
def _registry() -> Registry:
    resources = []
    for path in sorted(SCHEMAS.glob("*/*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7))
        )
    return Registry().with_resources(resources)


def validate(answer: object, schema: str) -> None:
    """Fail (with every error the schema finds) unless ``answer`` is valid under
    ``schema``: a v0.2 schema's name (``manifest``, ``reconciliation-result-batch``, …)
    or ``property-proposal``."""
    path = _DRAFT_PROPOSAL if schema == "property-proposal" else f"0.2/{schema}.json"
    contents = json.loads((SCHEMAS / path).read_text(encoding="utf-8"))
    validator = Draft7Validator(contents, registry=_registry())
    errors = sorted(validator.iter_errors(answer), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
