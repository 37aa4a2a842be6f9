"""``SELECT *`` with an optional parameter: the columns are the variables the query binds,
the same on the embedded store and on an endpoint (docs: README, Queries)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from civicgraph.cli import main
from civicgraph.remote import push_dataset, resolve_endpoint
from tests.seed import IRIS, build_seed

pytestmark = pytest.mark.server

HEADER = """# title: People, or one
# param: person: id? -- one person; everyone when left out
PREFIX civ: <https://w3id.org/civicgraph/ontology#>
"""
# ?person appears only in the FILTER, so only a given parameter puts it in scope.
STAR = HEADER + "SELECT * WHERE { ?who a civ:Person FILTER(!BOUND(?person) || ?who = ?person) }\n"
NAMED = HEADER + (
    "SELECT ?who ?person WHERE { ?who a civ:Person FILTER(!BOUND(?person) || ?who = ?person) }\n"
)
PERSON = "person/maulen-ashimbayev"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed(tmp_path_factory.mktemp("select-star") / "store")


def _columns(query: Path, *where: str, person: str | None = None) -> tuple[list[str], int]:
    args = ["query", str(query), "--format", "json", *where]
    if person is not None:
        args += ["--param", f"person={person}"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    # The label columns civicgraph adds beside each IRI column are not the query's own.
    columns = [v for v in answer["head"]["vars"] if not v.endswith("Label")]
    return columns, len(answer["results"]["bindings"])


def test_select_star_projects_a_parameter_only_when_given(
    seed_store: Path, tmp_path: Path, oxigraph_server
) -> None:
    star, named = tmp_path / "star.rq", tmp_path / "named.rq"
    star.write_text(STAR, encoding="utf-8")
    named.write_text(NAMED, encoding="utf-8")
    server = oxigraph_server()
    push_dataset(seed_store, resolve_endpoint(server.url), iris=IRIS)
    for where in (["--store", str(seed_store)], ["--endpoint", server.url]):
        columns, everyone = _columns(star, *where)
        assert columns == ["who"], where
        assert everyone > 1
        assert _columns(star, *where, person=PERSON) == (["person", "who"], 1), where
        # Naming the columns keeps the parameter's column, unbound, when it is left out.
        assert _columns(named, *where) == (["who", "person"], everyone), where
        assert _columns(named, *where, person=PERSON) == (["who", "person"], 1), where
