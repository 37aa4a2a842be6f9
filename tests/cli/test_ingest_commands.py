"""source add and draft as a curator runs them: files written, refusals, messages."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from civicgraph.cli import main
from civicgraph.records import load_sources

ARTICLE = "Сегодня в Астане состоялось заседание Сената.\nЕго открыл Маулен Ашимбаев.\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def data(tmp_path: Path) -> Path:
    (tmp_path / "data" / "sources").mkdir(parents=True)
    return tmp_path / "data"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    return path


def test_source_add_copies_bytes_and_records_sha256(data: Path, article: Path) -> None:
    """The document is held byte for byte and source.yaml reads back as a valid source."""
    result = run(
        "source", "add", str(article), "--id", "senate-sitting", "--lang", "ru",
        "--title", "Заседание Сената", "--published", "2025-04-03", "--data", str(data),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    digest = hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()
    assert f"added senate-sitting: {len(ARTICLE)} characters, sha256 {digest}" in result.output
    held = data / "sources" / "senate-sitting" / "senate-sitting.ru.txt"
    assert held.read_bytes() == article.read_bytes()
    source = load_sources(data)["senate-sitting"]
    assert (source.sha256, source.language, source.date) == (digest, "ru", "2025-04-03")
    assert source.title == {"ru": "Заседание Сената"}
    assert source.text == ARTICLE


def test_source_add_without_title_takes_the_first_line(data: Path, article: Path) -> None:
    """No --title: the document's own first line is its title; unknowns stay 'unknown'."""
    assert (
        run(
            "source", "add", str(article), "--id", "a", "--lang", "ru", "--data", str(data)
        ).exit_code
        == 0
    )
    text = (data / "sources" / "a" / "source.yaml").read_text(encoding="utf-8")
    assert "ru: Сегодня в Астане состоялось заседание Сената." in text
    assert "date: unknown" in text
    assert "url: unknown" in text


def test_source_add_is_byte_identical_for_the_same_input(tmp_path: Path, article: Path) -> None:
    """The same document and options give the same files."""
    trees = []
    for name in ("one", "two"):
        data = tmp_path / name
        run("source", "add", str(article), "--id", "a", "--lang", "ru", "--data", str(data))
        trees.append(tree(data))
    assert trees[0] == trees[1]


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (b"", [], "the file is empty"),
        (b"  \n\n", [], "the file is empty"),
        (b"PK\x03\x04\x00\x00binary", [], "the file is binary (it contains NUL bytes)"),
        ("Сенат".encode("cp1251"), [], "the file is not valid UTF-8 (byte 0)"),
        (ARTICLE.encode(), ["--published", "2025-13-01"], "invalid publication date '2025-13-01'"),
        (
            ARTICLE.encode(),
            ["--published", "3 April 2025"],
            "invalid publication date '3 April 2025'",
        ),
    ],
    ids=["empty", "blank", "binary", "cp1251", "month-13", "not-iso"],
)
def test_source_add_refuses_bad_input(
    data: Path, tmp_path: Path, content: bytes, extra: list[str], message: str
) -> None:
    """Each refusal is one line naming the problem, exit 2, and nothing written."""
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    result = run(
        "source", "add", str(path), "--id", "a", "--lang", "kk", "--data", str(data), *extra
    )
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert tree(data) == {}
    assert list((data / "sources").iterdir()) == []


@pytest.mark.parametrize("bad_id", ["../escape", "Upper", "with space", "a/b", "-lead", ""])
def test_source_add_refuses_an_unsafe_id(data: Path, article: Path, bad_id: str) -> None:
    """An id that is not a lower-case slug is refused before anything is written."""
    result = run("source", "add", str(article), "--id", bad_id, "--lang", "kk", "--data", str(data))
    assert result.exit_code == 2
    assert f"unsafe source id {bad_id!r}" in result.output
    assert list((data / "sources").iterdir()) == []
    assert not (data / "escape").exists()


def test_source_add_refuses_an_existing_id(data: Path, article: Path, tmp_path: Path) -> None:
    """A held document is never replaced: a second add with the same id is refused."""
    assert (
        run(
            "source", "add", str(article), "--id", "a", "--lang", "ru", "--data", str(data)
        ).exit_code
        == 0
    )
    before = tree(data)
    other = tmp_path / "other.txt"
    other.write_text("Другой текст.", encoding="utf-8")
    result = run("source", "add", str(other), "--id", "a", "--lang", "ru", "--data", str(data))
    assert result.exit_code == 2
    assert "source id 'a' already exists" in result.output
    assert tree(data) == before


def test_source_add_refuses_a_missing_file(data: Path, tmp_path: Path) -> None:
    """A path that does not exist is named in the message."""
    result = run(
        "source",
        "add",
        str(tmp_path / "nope.txt"),
        "--id",
        "a",
        "--lang",
        "en",
        "--data",
        str(data),
    )
    assert result.exit_code == 2
    assert "nope.txt: file not found" in result.output
    assert list((data / "sources").iterdir()) == []
