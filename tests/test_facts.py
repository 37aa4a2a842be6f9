"""The table of fact kinds is where proposals, the CLI's choices and records come from."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from civicgraph.cli import main
from civicgraph.cli.ingest import draft_edit_command
from civicgraph.facts import (
    EDITABLE,
    EVENT_STATUSES,
    FACT_KINDS,
    FAMILIES,
    HOLDING_STATUSES,
    KINDS,
    FactKind,
    RecordContext,
)
from civicgraph.ingest.proposals import Proposal
from civicgraph.io import LineDict
from civicgraph.records import read_fact

EXTRA = {
    "mention": {"spelling": "Ashimbaev"},
    "entity": {},
    "post_holding": {"person": "person/a", "post": "post/b", "status": "current"},
    "event": {"status": "scheduled", "place": "place/astana"},
    "participation": {"person": "person/a", "event": "event/s-1", "role": "chaired"},
    "quote": {"speaker": "person/a", "event": "event/s-1"},
    "date": {"date": "2026-04-12", "basis": "absolute", "event": "event/s-1"},
}


def test_the_cli_offers_every_kind_and_every_editable_field() -> None:
    """--accept-kind takes the table's kinds, and draft edit has an option per field."""
    result = CliRunner().invoke(main, ["draft", "review", "x", "--accept-kind", "nope"])
    assert result.exit_code == 2
    assert ", ".join(f"'{k}'" for k in KINDS) in result.output.replace("\n", " ")
    options = {o for p in draft_edit_command.params if isinstance(p, click.Option) for o in p.opts}
    assert {f"--{name}" for name in EDITABLE} <= options
    assert set(EDITABLE) == {"entity", "person", "post", "status", "event", "speaker"}


@pytest.mark.parametrize("kind", [k for k in FACT_KINDS if k.name in KINDS], ids=lambda k: k.name)
def test_each_kind_records_what_the_records_loader_reads(kind: FactKind) -> None:
    """A proposal of each kind becomes a record the records loader takes (an entity
    becomes no fact), with the terms of the ontology."""
    assert kind.name in EXTRA
    assert kind.record is not None
    proposal = Proposal(kind.name, "event/s-1", "l", "T", "q", 0, 1, 0.7, "w", EXTRA[kind.name])
    record = kind.record(proposal, RecordContext("s", 3, "en", "2026-03-02"))
    if kind.name == "entity":
        assert record is None
        return
    assert record is not None
    item = LineDict({k: v for k, v in record.items() if k not in ("basis", "addsAltLabel")})
    item.key_lines = {}
    item["evidence"] = [LineDict(quote="q")]
    item["evidence"][0].key_lines = {}
    fact = read_fact(item, path=Path("draft.yaml"), source_id="s")
    terms = {v.raw for values in fact.properties.values() for v in values}
    if kind.name == "event":
        assert EVENT_STATUSES["scheduled"] in terms
    if kind.name == "post_holding":
        assert HOLDING_STATUSES["current"] in terms
        assert "2026-03-02" in terms  # known on the day of the source


def test_the_projection_families_are_the_tables() -> None:
    """Every kind of fact is projected by some family, and each family's query ships with
    the analysis."""
    assert FAMILIES == ("mention", "holding", "participation", "statement", "programme-region",
                        "binary")  # fmt: skip
    queries = Path(__file__).resolve().parent.parent / "src" / "civicgraph" / "analyse" / "sparql"
    for kind in FACT_KINDS:
        for edge in kind.edges:
            assert (queries / f"{edge.query}.rq").is_file(), edge.query
    # a quote is a statement, an event's status and a date are assertions; entities are nodes
    projected = {k.name for k in FACT_KINDS if k.edges}
    assert projected == {k.name for k in FACT_KINDS} - {"entity", "event", "date", "quote"}
