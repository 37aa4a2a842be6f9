"""docs/api.md's examples are run as written, on a folder made as `civicgraph init --example` makes it."""

from __future__ import annotations

import doctest
import sys
from pathlib import Path

import pandas
import pytest

from civicgraph import Project
from civicgraph.errors import ExportError, QueryError
from civicgraph.scaffold import init_project

API_DOC = Path(__file__).resolve().parents[1] / "docs" / "api.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    folder = tmp_path_factory.mktemp("api") / "project"
    init_project(folder, example=True)
    project = Project(folder)
    project.build()
    return project


def test_api_doc_examples_run(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    init_project(folder, example=True)
    result = doctest.testfile(
        str(API_DOC),
        module_relative=False,
        globs={"folder": folder},
        optionflags=doctest.ELLIPSIS,
        raise_on_error=False,
    )
    assert result.attempted > 10
    assert result.failed == 0


def test_graph_is_the_projection_of_the_built_store(built: Project) -> None:
    network = built.graph()
    assert network.graph["base"] == built.base
    assert "person/maulen-ashimbayev" in network
    opened = [
        data["predicate"] for _, _, data in network.edges("person/maulen-ashimbayev", data=True)
    ]
    assert opened


def test_to_pandas_without_pandas_says_so(built: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    result = built.query("who_opened_event")
    with pytest.raises(QueryError, match="to_pandas\\(\\) needs pandas"):
        result.to_pandas()


def test_to_pandas_has_a_column_per_variable(built: Project) -> None:
    frame = built.query("who_opened_event").to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == ["event", "person", "role", "capacity"]
    assert frame["person"].tolist() == ["https://w3id.org/civicgraph/id/person/maulen-ashimbayev"]


def test_export_takes_the_entailment_by_name(built: Project, tmp_path: Path) -> None:
    plain, aligned = tmp_path / "plain.nt", tmp_path / "aligned.nt"
    built.export("ntriples", plain)
    built.export("ntriples", aligned, entail="alignments")
    organisation = "#type> <http://www.w3.org/ns/org#Organization> ."
    assert organisation not in plain.read_text(encoding="utf-8")
    assert organisation in aligned.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"export_format": "n3"}, "unknown export format 'n3'"),
        ({"export_format": "turtle", "entail": "rdfs"}, "unknown entailment 'rdfs'"),
    ],
)
def test_export_refuses_unknown_names_writing_nothing(
    built: Project, tmp_path: Path, arguments: dict[str, str], message: str
) -> None:
    out = tmp_path / "graph.out"
    with pytest.raises(ExportError, match=message):
        built.export(arguments["export_format"], out, entail=arguments.get("entail"))
    assert not out.exists()
