"""Bad input stops the build with one line naming the file, line, id and a hint."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from civicgraph.build import build_dataset
from civicgraph.errors import CivicGraphError, EvidenceError, RecordError, SourceError
from tests.seed import DATA, ONTOLOGY

RECORDS = "records/maslikhat-council-extended-meeting.yaml"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A private copy of the real data that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def build_error(data: Path) -> CivicGraphError:
    with pytest.raises(CivicGraphError) as caught:
        build_dataset(data, ONTOLOGY)
    message = str(caught.value)
    assert "\n" not in message
    assert "(hint: " in message
    return caught.value


def test_unknown_entity_is_named_with_a_suggestion(data: Path) -> None:
    """A record naming an unknown entity names file, line and the closest known id."""
    records = data / RECORDS
    edit(records, "participant: person/maulen-ashimbayev", "participant: person/maulen-ashimbaev")
    error = build_error(data)
    assert isinstance(error, RecordError)
    assert "unknown entity 'person/maulen-ashimbaev'" in str(error)
    assert "did you mean 'person/maulen-ashimbayev'" in str(error)
    assert f"{records}:{line_of(records, 'person/maulen-ashimbaev')}" in str(error)


def test_duplicate_entity_id(data: Path) -> None:
    """An id defined twice in the authority file is refused, naming both places."""
    people = data / "entities" / "people.yaml"
    with people.open("a", encoding="utf-8") as handle:
        handle.write(
            "\n  - id: person/maulen-ashimbayev\n    type: Person\n"
            '    label: {kk: "x", en: "x", ru: "x"}\n'
        )
    error = build_error(data)
    assert "person/maulen-ashimbayev: duplicate id (first defined in" in str(error)
    assert str(people) in str(error)


def test_duplicate_fact_id(data: Path) -> None:
    """A fact node id used twice is refused."""
    records = data / RECORDS
    edit(
        records,
        "id: participation/extended-meeting-government-members",
        "id: participation/extended-meeting-senate-members",
    )
    error = build_error(data)
    assert "participation/extended-meeting-senate-members: duplicate id" in str(error)


def test_quote_not_in_source(data: Path) -> None:
    """A quote the article does not contain is refused with the record named."""
    records = data / RECORDS
    edit(
        records,
        '"Отырысты аша отырып Сенат Төрағасы Мәулен Әшімбаев"',
        '"Отырысты аша отырып Сенат Төрағасы"X',
    )
    edit(records, '"Отырысты аша отырып Сенат Төрағасы"X', '"Отырысты ашқан Сенат Төрағасы"')
    error = build_error(data)
    assert isinstance(error, EvidenceError)
    assert "participation/extended-meeting-maulen-ashimbayev: quote not found" in str(error)
    assert f"{records}:{line_of(records, 'Отырысты ашқан')}" in str(error)


def test_ambiguous_quote_needs_occurrence(data: Path) -> None:
    """A quote found twice without `occurrence` is refused, and the hint says how to fix it."""
    records = data / RECORDS
    edit(
        records,
        '      - quote: "БҰҰДБ-ның Қазақстандағы Тұрақты өкілі"\n        occurrence: 1\n',
        '      - quote: "БҰҰДБ-ның Қазақстандағы Тұрақты өкілі"\n',
    )
    error = build_error(data)
    assert "appears 2 times" in str(error)
    assert "add occurrence: 1..2" in str(error)


def test_invalid_date(data: Path) -> None:
    """An impossible date is refused."""
    records = data / "records" / "undp-kz-wawiernia-speech-2025-04-03.yaml"
    edit(records, "date: 2025-04-03", "date: 2025-04-31")
    error = build_error(data)
    assert "invalid date '2025-04-31'" in str(error)
    assert f"{records}:{line_of(records, '2025-04-31')}" in str(error)


def test_label_without_language(data: Path) -> None:
    """A label given as plain text (no language tag) is refused."""
    records = data / "records" / "undp-kz-wawiernia-speech-2025-04-03.yaml"
    with records.open("a", encoding="utf-8") as handle:
        handle.write(
            "\n  - subject: org/undp\n    rdfs:label: United Nations Development Programme\n"
            "    evidence:\n      - source: undp-kz-wawiernia-speech-2025-04-03\n"
        )
    error = build_error(data)
    assert "expected one language-tagged text" in str(error)
    assert "a label without a language is not accepted" in str(error)


def test_entity_label_missing_a_language(data: Path) -> None:
    """An entity without its Russian label is refused."""
    people = data / "entities" / "people.yaml"
    edit(people, ', ru: "Маулен Ашимбаев"}', "}")
    error = build_error(data)
    assert "person/maulen-ashimbayev: label missing in ru" in str(error)


def test_yaml_syntax_error(data: Path) -> None:
    """A YAML syntax error names the file and the line."""
    people = data / "entities" / "people.yaml"
    edit(people, "    type: Person\n", "    type: [Person\n")
    error = build_error(data)
    assert "YAML syntax error" in str(error)
    assert f"{people}:" in str(error)


def test_turtle_syntax_error(tmp_path: Path) -> None:
    """A Turtle syntax error in the ontology names the file and line."""
    broken = tmp_path / "civic.ttl"
    broken.write_text(
        ONTOLOGY.read_text(encoding="utf-8") + "\ncivic:Broken a .\n", encoding="utf-8"
    )
    with pytest.raises(CivicGraphError) as caught:
        build_dataset(DATA, broken)
    assert "Turtle syntax error" in str(caught.value)
    assert str(broken) in str(caught.value)


def test_missing_source_file(data: Path) -> None:
    """A source whose document file is missing is refused."""
    (
        data
        / "sources"
        / "maslikhat-council-extended-meeting"
        / "maslikhat-council-extended-meeting.kk.txt"
    ).unlink()
    error = build_error(data)
    assert isinstance(error, SourceError)
    assert "source file not found" in str(error)


def test_changed_source_bytes(data: Path) -> None:
    """A document whose bytes changed no longer matches its recorded SHA-256."""
    document = (
        data
        / "sources"
        / "maslikhat-council-extended-meeting"
        / "maslikhat-council-extended-meeting.kk.txt"
    )
    document.write_bytes(document.read_bytes() + b" ")
    error = build_error(data)
    assert "SHA-256 mismatch" in str(error)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: edit(d / RECORDS, "type: Participation", "type: Participaton"),
            "did you mean 'Participation'",
        ),
        (
            lambda d: edit(d / RECORDS, "    heldBy: org/", "    heldAt: org/"),
            "unknown property 'heldAt'",
        ),
        (
            lambda d: edit(d / RECORDS, "civ:RoleOpener", "civ:RoleOpenr"),
            "unknown ontology term 'civ:RoleOpenr'",
        ),
        (
            lambda d: edit(d / RECORDS, "startYear: 2024", "startYear: twenty"),
            "invalid year 'twenty'",
        ),
    ],
)
def test_terms_are_checked_against_the_ontology(
    data: Path, change: Callable[[Path], None], expected: str
) -> None:
    """Types, properties, terms and literal datatypes come from the ontology and are checked."""
    change(data)
    assert expected in str(build_error(data))
