"""Bad input stops the build with one line naming the file, line, id and a hint."""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from civicgraph.build import build_dataset
from civicgraph.errors import CivicGraphError, EvidenceError, RecordError, SourceError
from civicgraph.evidence import find_occurrences
from civicgraph.records import load_corpus
from tests.seed import DATA, IRIS, ONTOLOGY

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
        build_dataset(data, ONTOLOGY, iris=IRIS)
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


def test_entity_labelled_in_one_language_is_accepted(data: Path) -> None:
    """A label in one language is enough: not every entity has a name in kk, en and ru."""
    people = data / "entities" / "people.yaml"
    edit(
        people,
        '{kk: "Мәулен Әшімбаев", en: "Maulen Ashimbayev", ru: "Маулен Ашимбаев"}',
        '{en: "Maulen Ashimbayev"}',
    )
    entity = load_corpus(data).entities["person/maulen-ashimbayev"]
    assert entity.labels == {"en": "Maulen Ashimbayev"}
    build_dataset(data, ONTOLOGY, iris=IRIS)


@pytest.mark.parametrize(
    ("hidden", "expected"),
    [
        ('{en: "Head of State"}', "hiddenLabel values must be lists of text"),
        ('{EN: ["Head of State"]}', "hiddenLabel has an invalid language tag 'EN'"),
        ('["Head of State"]', "hiddenLabel must map language tags to text"),
    ],
)
def test_a_hidden_label_is_a_list_of_names_by_language(
    data: Path, hidden: str, expected: str
) -> None:
    """hiddenLabel is read as altLabel is: a language tag to a list of names, else one line."""
    posts = data / "entities" / "posts.yaml"
    text = posts.read_text(encoding="utf-8")
    # the President's hidden labels end the file
    kept = text[: text.index("    hiddenLabel:\n")]
    posts.write_text(f"{kept}    hiddenLabel: {hidden}\n", encoding="utf-8")
    error = build_error(data)
    assert isinstance(error, RecordError)
    assert f"post/president-kz: {expected}" in str(error)
    assert f"{posts}:{line_of(posts, 'hiddenLabel:')}" in str(error)


def test_hidden_labels_are_read_apart_from_alternative_labels() -> None:
    """The shipped generic forms are hidden labels, the names to show alternative labels."""
    president = load_corpus(DATA).entities["post/president-kz"]
    assert "Head of State" in president.hidden_labels["en"]
    assert "Head of State" not in president.alt_labels["en"]
    assert president.names("en")[0] == "President of the Republic of Kazakhstan"
    assert "Head of State" in president.names("en")


def test_entity_without_any_label(data: Path) -> None:
    """An entity whose label map is empty is refused."""
    people = data / "entities" / "people.yaml"
    edit(people, '{kk: "Мәулен Әшімбаев", en: "Maulen Ashimbayev", ru: "Маулен Ашимбаев"}', "{}")
    error = build_error(data)
    assert "person/maulen-ashimbayev: no label" in str(error)
    assert f"{people}:{line_of(people, 'label: {}')}" in str(error)


def test_entity_blank_label(data: Path) -> None:
    """A label of blanks names nothing and is refused."""
    people = data / "entities" / "people.yaml"
    edit(people, 'en: "Maulen Ashimbayev"', 'en: "  "')
    error = build_error(data)
    assert "person/maulen-ashimbayev: label in en must be non-empty text, not '  '" in str(error)


def test_yaml_syntax_error(data: Path) -> None:
    """A YAML syntax error names the file and the line."""
    people = data / "entities" / "people.yaml"
    edit(people, "    type: Person\n", "    type: [Person\n")
    error = build_error(data)
    assert "YAML error" in str(error)
    assert f"{people}:" in str(error)


def test_turtle_syntax_error(tmp_path: Path) -> None:
    """A Turtle syntax error in the ontology names the file and line."""
    broken = tmp_path / "civic.ttl"
    broken.write_text(
        ONTOLOGY.read_text(encoding="utf-8") + "\ncivic:Broken a .\n", encoding="utf-8"
    )
    with pytest.raises(CivicGraphError) as caught:
        build_dataset(DATA, broken, iris=IRIS)
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
    meta = source_yaml(data)
    assert f"{meta}:{line_of(meta, 'file:')}: {SEED}: source file {SEED_FILE!r} not found" in str(
        error
    )


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


# --------------------------------------------------------------------------- held sources

SEED = "maslikhat-council-extended-meeting"
SEED_FILE = f"{SEED}.kk.txt"


def source_yaml(data: Path) -> Path:
    return data / "sources" / SEED / "source.yaml"


@pytest.mark.parametrize(
    "target",
    ["../../entities/people.yaml", "/etc/hostname", "/proc/self/environ", f"../{SEED}/../x"],
)
def test_source_file_outside_its_folder(data: Path, target: str) -> None:
    """A held file must be inside its source folder: its text is published with the graph."""
    meta = source_yaml(data)
    edit(meta, f"file: {SEED_FILE}", f"file: {target}")
    error = build_error(data)
    assert isinstance(error, SourceError)
    assert (
        f"{meta}:{line_of(meta, 'file:')}: {SEED}: file {target!r} is outside the source folder"
        in str(error)
    )


@pytest.mark.parametrize(
    ("make", "kind"),
    [(os.mkfifo, "a named pipe (FIFO)"), (os.mkdir, "a folder")],
)
def test_source_file_that_is_no_regular_file(
    data: Path, make: Callable[[Path], None], kind: str
) -> None:
    """A named pipe or a folder where the document should be is named for what it is
    (reading a pipe would wait for a writer forever), not reported as missing."""
    make(data / "sources" / SEED / "odd")
    meta = source_yaml(data)
    edit(meta, f"file: {SEED_FILE}", "file: odd")
    error = build_error(data)
    assert isinstance(error, SourceError)
    assert (
        f"{meta}:{line_of(meta, 'file:')}: {SEED}: source file 'odd' is {kind}, not a regular file"
        in str(error)
    )


def test_source_id_too_long_for_a_folder_name(data: Path) -> None:
    """A source id names a folder and files: one longer than the limit is refused, saying it."""
    meta = source_yaml(data)
    edit(meta, f"id: {SEED}", f"id: {'a' * 201}")
    message = str(build_error(data))
    assert message.startswith(f"{meta}:{line_of(meta, 'id:')}: source id 'aaaa")
    assert "is 201 characters long; at most 200 are allowed, since it names a folder" in message


def test_source_file_symlink_leaving_the_folder(data: Path, tmp_path: Path) -> None:
    """A link inside the folder that points outside it is refused like the path itself."""
    outside = tmp_path / "secret.txt"
    outside.write_text("a secret", encoding="utf-8")
    (data / "sources" / SEED / "link.txt").symlink_to(outside)
    meta = source_yaml(data)
    edit(meta, f"file: {SEED_FILE}", "file: link.txt")
    error = build_error(data)
    assert "file 'link.txt' is outside the source folder" in str(error)


def test_source_folder_that_links_outside_data_is_refused(data: Path, tmp_path: Path) -> None:
    """A source folder that is itself a link out of data/sources is refused before its
    source.yaml is read: the checksum it declares would hold for a file from anywhere."""
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(data / "sources" / SEED, elsewhere)
    (data / "sources" / "linked").symlink_to(elsewhere, target_is_directory=True)
    error = build_error(data)
    assert "the source folder is a link that leaves data/sources" in str(error)
    assert "linked" in str(error)


def test_source_file_symlink_inside_the_folder_is_followed(data: Path) -> None:
    """A link to a file of the same folder is contained, so it is read."""
    (data / "sources" / SEED / "alias.txt").symlink_to(SEED_FILE)
    edit(source_yaml(data), f"file: {SEED_FILE}", "file: alias.txt")
    assert load_corpus(data).sources[SEED].text is not None


def test_source_file_is_the_folder_itself(data: Path) -> None:
    """``file: .`` names the folder, not a document."""
    edit(source_yaml(data), f"file: {SEED_FILE}", "file: .")
    assert "file '.' is outside the source folder" in str(build_error(data))


def test_source_file_not_text(data: Path) -> None:
    """``file:`` must name a file, not a list."""
    edit(source_yaml(data), f"file: {SEED_FILE}", "file: [a, b]")
    assert "file must be a file name, not ['a', 'b']" in str(build_error(data))


def test_held_source_needs_its_checksum(data: Path) -> None:
    """A held file without sha256 is refused: the checksum is what pins the published text."""
    meta = source_yaml(data)
    text = meta.read_text(encoding="utf-8")
    meta.write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("sha256:")),
        encoding="utf-8",
    )
    error = build_error(data)
    assert f"{SEED}: sha256 missing or not 64 lower-case hex digits" in str(error)
    assert "sha256sum maslikhat-council-extended-meeting.kk.txt" in str(error)


@pytest.mark.parametrize(
    "bad",
    [
        "0CAA521D4A854BEA63DB01F70364529A7999869EE4F79EB3BDC52D47F9C7E249",
        "0caa521d4a854bea63db01f70364529a7999869ee4f79eb3bdc52d47f9c7e24",
        "12",
    ],
)
def test_held_source_checksum_form(data: Path, bad: str) -> None:
    """sha256 is 64 lower-case hex digits (upper case, too short or a number are refused)."""
    meta = source_yaml(data)
    edit(
        meta,
        "sha256: 0caa521d4a854bea63db01f70364529a7999869ee4f79eb3bdc52d47f9c7e249",
        f"sha256: {bad}",
    )
    error = build_error(data)
    assert f"{meta}:{line_of(meta, 'sha256:')}: {SEED}: invalid sha256" in str(error)


def test_checksum_without_file(data: Path) -> None:
    """A checksum on a cited source checks nothing, so it is refused as a likely mistake."""
    meta = data / "sources" / "countries-states-cities-database" / "source.yaml"
    with meta.open("a", encoding="utf-8") as handle:
        handle.write("sha256: " + "0" * 64 + "\n")
    assert "sha256 given but no file" in str(build_error(data))


# --------------------------------------------------------------------------- refusals


def test_blank_quote(data: Path) -> None:
    """A quote of blanks points at nothing."""
    records = data / RECORDS
    edit(records, '"мәслихат депутаттарының құзіретін арттыру"', '"  "')
    error = build_error(data)
    assert isinstance(error, EvidenceError)
    assert f"evidence from {SEED!r} has no quote" in str(error)


@pytest.mark.parametrize(
    ("value", "shown"),
    [("0", "0"), ("-1", "-1"), ("1.5", "1.5"), ("true", "True"), ("two", "'two'")],
)
def test_occurrence_must_be_a_counting_number(data: Path, value: str, shown: str) -> None:
    """occurrence counts from 1; a bool (an int in Python) is not a count."""
    records = data / RECORDS
    edit(records, "        occurrence: 1\n", f"        occurrence: {value}\n")
    error = build_error(data)
    assert f"occurrence must be a whole number from 1, not {shown}" in str(error)


# Each written as YAML exactly as the error shows it back (repr of the value).
BAD_IDS = [
    "'Person/x'",
    "'person/Maulen'",
    "'person/a b'",
    "'person/ä'",
    "'person/x/'",
    "'person'",
    "5",
]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_bad_entity_id(data: Path, bad: str) -> None:
    """Entity ids are kind/slug in lower-case ASCII."""
    edit(data / "entities" / "people.yaml", "id: person/katarzyna-wawiernia", f"id: {bad}")
    assert f"invalid entity id {bad}" in str(build_error(data))


@pytest.mark.parametrize("bad", BAD_IDS)
def test_bad_fact_id(data: Path, bad: str) -> None:
    """Fact node ids follow the entity id form."""
    edit(data / RECORDS, "id: participation/extended-meeting-senate-members", f"id: {bad}")
    assert f"invalid id {bad}" in str(build_error(data))


@pytest.mark.parametrize("bad", BAD_IDS)
def test_bad_subject_id(data: Path, bad: str) -> None:
    """A subject is an entity id."""
    edit(data / RECORDS, "  - subject: group/senate-members", f"  - subject: {bad}")
    assert f"invalid id {bad}" in str(build_error(data))


@pytest.mark.parametrize("bad", ["'Maslikhat'", "'a b'", "'ä'", "'x/'", "'x_y'", "5"])
def test_bad_source_id(data: Path, bad: str) -> None:
    """Source ids are lower-case ASCII words joined by hyphens."""
    meta = source_yaml(data)
    edit(meta, f"id: {SEED}", f"id: {bad}")
    assert f"{meta}:{line_of(meta, 'id:')}: invalid source id {bad}" in str(build_error(data))


@pytest.mark.parametrize(
    ("tag", "shown"),
    [
        ("EN", "'EN'"),
        ('"k k"', "'k k'"),
        ("kk_", "'kk_'"),
        ('""', "''"),
        ("5", "5"),
        ("[en]", "['en']"),
        ("kk-Latn-Latn", "'kk-Latn-Latn'"),
        ("en-a1", "'en-a1'"),
    ],
)
def test_bad_language_tag(data: Path, tag: str, shown: str) -> None:
    """Language tags are BCP 47 with a lower-case language subtag."""
    people = data / "entities" / "people.yaml"
    edit(people, 'en: "Maulen Ashimbayev"', f'{tag}: "Maulen Ashimbayev"')
    error = build_error(data)
    if tag == "[en]":
        assert "a key must be a plain value, not a list or mapping" in str(error)
    else:
        assert f"person/maulen-ashimbayev: label has an invalid language tag {shown}" in str(error)
    if tag == "EN":
        assert "write the language in lower case: en" in str(error)


@pytest.mark.parametrize(
    ("tag", "shown"),
    [
        ("EN", "'EN'"),
        ("kk_", "'kk_'"),
        ('""', "''"),
        ("5", "5"),
        ("[kk]", "['kk']"),
        ("kk-Cyrl-Cyrl", "'kk-Cyrl-Cyrl'"),
    ],
)
def test_bad_source_language(data: Path, tag: str, shown: str) -> None:
    """The language a source is written in is a language tag."""
    meta = source_yaml(data)
    edit(meta, "language: kk", f"language: {tag}")
    assert f"{SEED}: invalid language tag {shown}" in str(build_error(data))


def test_empty_evidence(data: Path) -> None:
    """``evidence: []`` cites nothing."""
    records = data / "records" / "undp-kz-wawiernia-speech-2025-04-03.yaml"
    edit(
        records,
        "    evidence:\n      - source: undp-kz-wawiernia-speech-2025-04-03\n",
        "    evidence: []\n",
    )
    error = build_error(data)
    assert "fact about event/council-maslikhats-extended-meeting-2025-04: no evidence" in str(
        error
    ) or "event/council-maslikhats-extended-meeting-2025-04: no evidence" in str(error)


@pytest.mark.parametrize("bad", ["2025-02-30", "2025-4-3", "20250403", "2025"])
def test_invalid_date_in_a_record(data: Path, bad: str) -> None:
    """Record dates are real ISO dates YYYY-MM-DD."""
    records = data / "records" / "undp-kz-wawiernia-speech-2025-04-03.yaml"
    edit(records, "date: 2025-04-03", f"date: {bad}")
    error = build_error(data)
    assert f"invalid date {bad!r}" in str(error)


@pytest.mark.parametrize("bad", ["2025-02-30", "2025-1-1", "20250101", "[2025-01-01]"])
def test_invalid_date_in_source_yaml(data: Path, bad: str) -> None:
    """A source's date is a real ISO date YYYY-MM-DD or ``unknown``."""
    meta = source_yaml(data)
    edit(meta, "date: unknown", f"date: {bad}")
    error = build_error(data)
    if bad.startswith("["):
        assert f"{SEED}: date must be a plain value, not ['2025-01-01']" in str(error)
    else:
        assert f"invalid date {bad!r}" in str(error)


@pytest.mark.parametrize("where", ["entity", "fact"])
def test_proposed_records_wait_for_review(data: Path, where: str) -> None:
    """A proposal is refused by the reader until ``civicgraph draft review`` accepts it."""
    if where == "entity":
        path = data / "entities" / "people.yaml"
        edit(path, "    type: Person\n", "    type: Person\n    status: proposed\n")
    else:
        path = data / RECORDS
        edit(
            path,
            "    drawnFrom: org/senate-kz\n",
            "    drawnFrom: org/senate-kz\n    status: proposed\n",
        )
    error = build_error(data)
    assert f"{path}:{line_of(path, 'status: proposed')}:" in str(error)
    assert (
        "a proposal is not a record yet (hint: accept proposals with 'civicgraph draft review')"
        in str(error)
    )


def test_status_is_not_a_property(data: Path) -> None:
    """Any other ``status`` is refused too: it is not a property of the graph."""
    edit(
        data / RECORDS,
        "    drawnFrom: org/senate-kz\n",
        "    drawnFrom: org/senate-kz\n    status: accepted\n",
    )
    assert "'status' is not a property (found 'accepted')" in str(build_error(data))


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        (
            "entities/people.yaml",
            "entities:\n",
            "entities: {a: 1}\nrest:\n",
            "expected a list under 'entities'",
        ),
        (
            "entities/people.yaml",
            "  - id: person/katarzyna-wawiernia\n    type: Person\n",
            "  - [person/katarzyna-wawiernia]\n  - type: Person\n",
            "an entity must be a mapping, not ['person/katarzyna-wawiernia']",
        ),
        (
            RECORDS,
            "source: maslikhat-council-extended-meeting\n",
            "source: [maslikhat-council-extended-meeting]\n",
            "unknown source ['maslikhat-council-extended-meeting']",
        ),
        (RECORDS, "facts:\n", "facts: 5\nx:\n", "expected a list under 'facts'"),
        (
            RECORDS,
            "    drawnFrom: org/senate-kz\n",
            "    drawnFrom: org/senate-kz\n    7: x\n",
            "a property name must be text, not 7",
        ),
        (
            RECORDS,
            '    evidence:\n      - quote: "мәслихат депутаттарының құзіретін арттыру"\n',
            "    evidence:\n      - quote: [x]\n",
            "evidence quote must be text",
        ),
        (
            RECORDS,
            '    evidence:\n      - quote: "мәслихат депутаттарының құзіретін арттыру"\n',
            "    evidence:\n      - [x]\n",
            "an evidence item must be a mapping, not ['x']",
        ),
        (
            RECORDS,
            '    evidence:\n      - quote: "мәслихат депутаттарының құзіретін арттыру"\n',
            "    evidence:\n      - source: [x]\n",
            "evidence source must be a source id, not ['x']",
        ),
        (
            "sources/" + SEED + "/source.yaml",
            "title: ",
            "title: [x]\nx: ",
            "title must map language tags to text",
        ),
        (
            "sources/" + SEED + "/source.yaml",
            "publisher: org/undp",
            "publisher: {a: b}",
            "publisher must be a plain value, not {'a': 'b'}",
        ),
    ],
    ids=[
        "entities-mapping",
        "entity-list",
        "source-list",
        "facts-int",
        "int-key",
        "quote-list",
        "evidence-list",
        "evidence-source-list",
        "title-list",
        "publisher-mapping",
    ],
)
def test_wrong_types_are_refused(data: Path, path: str, old: str, new: str, expected: str) -> None:
    """A list, mapping or number where something else belongs is one line, not a traceback."""
    edit(data / path, old, new)
    assert expected in str(build_error(data))


def test_one_list_of_languages() -> None:
    """civicgraph.languages is the only module that lists languages or matches tags."""
    src = Path(__file__).resolve().parent.parent / "src" / "civicgraph"
    defining = sorted(
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if re.search(r"^(LANGUAGES|LANGUAGE_TAG|_LANGUAGE_TAG)\b", path.read_text(), re.M)
    )
    assert defining == ["languages.py"]


@pytest.mark.parametrize("empty", ["[]", "null", "[org/senate-kz, null]"])
def test_property_without_a_value(data: Path, empty: str) -> None:
    """An empty list or null as a property's value states nothing (found by fuzzing)."""
    records = data / RECORDS
    edit(records, "    drawnFrom: org/senate-kz\n", f"    drawnFrom: {empty}\n")
    error = build_error(data)
    assert f"{records}:{line_of(records, 'drawnFrom: ' + empty)}: " in str(error)
    assert "drawnFrom has no value (hint: give a value, or leave the property out)" in str(error)


# --------------------------------------------------------------------------- evidence, whole messages
# Each refusal's whole line: where (file:line), what (id), why and the hint.

GROUP = "    drawnFrom: org/senate-kz\n    groupRole: civ:GroupMembers\n    evidence:\n"
GROUP_QUOTE = '      - quote: "Сенат және Үкімет мүшелері"\n'


def group_evidence(data: Path, evidence: str) -> Path:
    """Replace the evidence of the senate-members group fact (line 39 of the seed records)."""
    records = data / RECORDS
    edit(records, GROUP + GROUP_QUOTE, GROUP + evidence)
    return records


def whole(path: Path, line: int, subject: str, message: str, hint: str) -> str:
    return f"{path}:{line}: {subject}: {message} (hint: {hint})"


def test_no_evidence_whole_message(data: Path) -> None:
    records = data / RECORDS
    edit(records, GROUP + GROUP_QUOTE, GROUP.replace("evidence:\n", "evidence: []\n"))
    assert str(build_error(data)) == whole(
        records,
        line_of(records, "subject: group/senate-members"),
        "group/senate-members",
        "no evidence",
        'every fact needs evidence: - quote: "the exact words of the source"',
    )


def test_evidence_item_not_a_mapping_whole_message(data: Path) -> None:
    """The line is the one of the evidence key: a plain scalar item has no line of its own."""
    records = group_evidence(data, "      - just words\n")
    assert str(build_error(data)) == (
        f"{records}:{line_of(records, '- just words') - 1}: an evidence item must be a "
        "mapping, not 'just words' (hint: see docs/records.md)"
    )


def test_quote_not_text_whole_message(data: Path) -> None:
    records = group_evidence(data, "      - quote: {a: b}\n")
    assert str(build_error(data)) == whole(
        records,
        line_of(records, "quote: {a: b}"),
        "group/senate-members",
        "evidence quote must be text",
        "quote it in double quotes",
    )


def test_occurrence_whole_message(data: Path) -> None:
    records = group_evidence(data, GROUP_QUOTE + "        occurrence: 0\n")
    assert str(build_error(data)) == whole(
        records,
        line_of(records, GROUP_QUOTE.strip()),
        "group/senate-members",
        "occurrence must be a whole number from 1, not 0",
        "occurrence: 2 picks the second match of the quote",
    )


def test_evidence_source_whole_message(data: Path) -> None:
    records = group_evidence(data, "      - source: 7\n")
    assert str(build_error(data)) == whole(
        records,
        line_of(records, "- source: 7"),
        "group/senate-members",
        "evidence source must be a source id, not 7",
        "write source: <folder name under data/sources>",
    )


def test_quote_from_a_cited_source_whole_message(data: Path) -> None:
    """A quote cannot be checked against a source whose text is not held."""
    records = group_evidence(
        data, '      - source: undp-kz-wawiernia-speech-2025-04-03\n        quote: "x"\n'
    )
    error = build_error(data)
    assert isinstance(error, EvidenceError)
    assert str(error) == whole(
        records,
        line_of(records, "- source: undp-kz-wawiernia-speech-2025-04-03"),
        "fact about group/senate-members",
        "source 'undp-kz-wawiernia-speech-2025-04-03' is cited but not held, so a quote "
        "cannot be checked",
        "cite it as '- source: undp-kz-wawiernia-speech-2025-04-03' without a quote",
    )


def test_blank_quote_whole_message(data: Path) -> None:
    records = group_evidence(data, '      - quote: "  "\n')
    assert str(build_error(data)) == whole(
        records,
        line_of(records, 'quote: "  "'),
        "fact about group/senate-members",
        f"evidence from {SEED!r} has no quote",
        'add - quote: "the exact words of the source"',
    )


def test_quote_not_found_whole_message(data: Path) -> None:
    """A long quote is shortened to its first and last 24 characters."""
    quote = "Сенат және Үкімет мүшелері " + "ж" * 60 + " соңы"
    records = group_evidence(data, f'      - quote: "{quote}"\n')
    shown = repr(quote[:24] + "…" + quote[-24:])
    assert str(build_error(data)) == whole(
        records,
        line_of(records, quote),
        "fact about group/senate-members",
        f"quote not found in source {SEED!r}: {shown}",
        "copy the words exactly as the source writes them (letters, quotes, dashes, spaces)",
    )


def test_short_quote_is_shown_whole(data: Path) -> None:
    records = group_evidence(data, '      - quote: "жоқ сөз"\n')
    assert f"quote not found in source {SEED!r}: 'жоқ сөз' (hint: " in str(build_error(data))
    assert records.exists()


def test_occurrence_beyond_the_matches_whole_message(data: Path) -> None:
    records = group_evidence(data, GROUP_QUOTE + "        occurrence: 3\n")
    assert str(build_error(data)) == whole(
        records,
        line_of(records, GROUP_QUOTE.strip()),
        "fact about group/senate-members",
        "occurrence 3 asked, but the quote appears 1 time(s)",
        "use occurrence 1..1",
    )


def test_ambiguous_quote_whole_message(data: Path) -> None:
    records = group_evidence(data, '      - quote: "Сенат"\n')
    count = len(find_occurrences(load_corpus(data).sources[SEED].text or "", "Сенат"))
    assert count > 1
    assert str(build_error(data)) == whole(
        records,
        line_of(records, '- quote: "Сенат"'),
        "fact about group/senate-members",
        f"quote appears {count} times in {SEED!r}: 'Сенат'",
        f"add occurrence: 1..{count}, or quote more words",
    )


def test_occurrence_picks_the_nth_match(data: Path) -> None:
    """occurrence: 2 gives the span of the second match, not the first."""
    group_evidence(data, '      - quote: "Сенат"\n        occurrence: 2\n')
    text = load_corpus(data).sources[SEED].text or ""
    second = find_occurrences(text, "Сенат")[1]
    quads = build_dataset(data, ONTOLOGY, iris=IRIS).quads
    assert any(f"/excerpt/{SEED}/{second}-{second + 5}" in str(q.subject) for q in quads)


def test_find_occurrences_counts_overlapping_matches() -> None:
    assert find_occurrences("aaaa", "aa") == [0, 1, 2]
    assert find_occurrences("abcabc", "bc") == [1, 4]
    assert find_occurrences("abc", "x") == []


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        (
            "entities/people.yaml",
            "    type: Person\n",
            "",
            "person/maulen-ashimbayev: missing 'type'",
        ),
        (
            "entities/people.yaml",
            "    type: Person\n",
            "    type: [Person]\n",
            "person/maulen-ashimbayev: invalid type ['Person']",
        ),
        (RECORDS, "    type: Participation\n", "", "a fact node needs a 'type'"),
        (RECORDS, "    type: Participation\n", "    type: 5\n", "invalid type 5"),
    ],
    ids=["entity-missing", "entity-list", "fact-missing", "fact-int"],
)
def test_type_missing_or_not_a_name(
    data: Path, path: str, old: str, new: str, expected: str
) -> None:
    """A missing type and a type that is not a class name are told apart."""
    edit(data / path, old, new)
    assert expected in str(build_error(data))


@pytest.mark.parametrize("where", ["entity", "fact"])
def test_proposal_whole_message(data: Path, where: str) -> None:
    if where == "entity":
        path, subject = data / "entities" / "people.yaml", "person/maulen-ashimbayev"
        edit(path, "    type: Person\n", "    type: Person\n    status: proposed\n")
    else:
        path, subject = data / RECORDS, "group/senate-members"
        edit(
            path,
            "    drawnFrom: org/senate-kz\n",
            "    drawnFrom: org/senate-kz\n    status: proposed\n",
        )
    assert str(build_error(data)) == whole(
        path,
        line_of(path, "status: proposed"),
        subject,
        "a proposal is not a record yet",
        "accept proposals with 'civicgraph draft review'",
    )


def test_status_whole_message(data: Path) -> None:
    records = data / RECORDS
    edit(records, "    drawnFrom: org/senate-kz\n", "    drawnFrom: org/senate-kz\n    status: 3\n")
    assert str(build_error(data)) == whole(
        records,
        line_of(records, "status: 3"),
        "group/senate-members",
        "'status' is not a property (found 3)",
        "remove it; only 'status: proposed' exists, in drafts under review",
    )


@pytest.mark.parametrize("tag", ["kk-Latn", "kk-Latn-KZ", "ru-RU"])
def test_tags_with_subtags_are_accepted(data: Path, tag: str) -> None:
    """Only the language subtag must be lower case; script and region keep theirs."""
    edit(
        data / "entities" / "people.yaml", 'en: "Maulen Ashimbayev"', f'{tag}: "Maulen Ashimbayev"'
    )
    assert load_corpus(data).entities["person/maulen-ashimbayev"].labels[tag] == "Maulen Ashimbayev"


@pytest.mark.parametrize(("length", "shortened"), [(48, False), (49, True)])
def test_quote_shown_whole_up_to_48_characters(data: Path, length: int, shortened: bool) -> None:
    """A quote not found is shown whole up to 48 characters, then as its two ends."""
    quote = "ж" * length
    group_evidence(data, f'      - quote: "{quote}"\n')
    shown = repr(quote[:24] + "…" + quote[-24:]) if shortened else repr(quote)
    assert f"quote not found in source {SEED!r}: {shown} (hint: " in str(build_error(data))


# --------------------------------------------------------------------------- evidence offsets


def group_span(data: Path) -> tuple[int, int]:
    text = load_corpus(data).sources[SEED].text or ""
    [start] = find_occurrences(text, GROUP_QUOTE.split('"')[1])
    return start, start + len(GROUP_QUOTE.split('"')[1])


def test_offsets_that_slice_to_the_quote_are_the_excerpt(data: Path) -> None:
    """start and end, when given, name the span: copied from a draft, they build."""
    start, end = group_span(data)
    group_evidence(data, GROUP_QUOTE + f"        start: {start}\n        end: {end}\n")
    quads = build_dataset(data, ONTOLOGY, iris=IRIS).quads
    assert any(f"/excerpt/{SEED}/{start}-{end}" in str(q.subject) for q in quads)


@pytest.mark.parametrize(
    ("offsets", "below", "message", "hint"),
    [
        (
            "start: -5\n        end: -1",
            1,
            "start must be a whole number from 0, not -5",
            "offsets count code points of the source text from 0, end exclusive: text[start:end] == quote",
        ),
        (
            "start: 0\n        end: -1",
            2,
            "end must be a whole number from 0, not -1",
            "offsets count code points of the source text from 0, end exclusive: text[start:end] == quote",
        ),
        (
            "start: 9\n        end: 3",
            1,
            "end 3 is not after start 9",
            "offsets count code points of the source text from 0, end exclusive: text[start:end] == quote",
        ),
        (
            "start: 3",
            1,
            "evidence has start but no end",
            "give both start and end, or neither (the build then finds the quote)",
        ),
        (
            "occurrence: 1\n        start: 0\n        end: 5",
            2,
            "evidence has both occurrence and start/end",
            "keep one: occurrence picks a match of the quote, start and end name its span",
        ),
        (
            "occurence: 1",
            1,
            "evidence has no key 'occurence'",
            "an evidence item has quote, occurrence, start, end, source",
        ),
    ],
)
def test_bad_offsets_and_keys_whole_message(
    data: Path, offsets: str, below: int, message: str, hint: str
) -> None:
    """Negative, reversed, half-given or doubled offsets, and keys the format does not
    have, are refused by the loader, not ignored."""
    records = group_evidence(data, GROUP_QUOTE + f"        {offsets}\n")
    error = build_error(data)
    assert str(error) == whole(
        records,
        line_of(records, GROUP_QUOTE.strip()) + below,
        "group/senate-members",
        message,
        hint,
    )


def test_offsets_elsewhere_name_where_the_quote_is(data: Path) -> None:
    start, end = group_span(data)
    records = group_evidence(
        data, GROUP_QUOTE + f"        start: {start + 1}\n        end: {end + 1}\n"
    )
    error = build_error(data)
    assert isinstance(error, EvidenceError)
    assert (
        f"{records}:{line_of(records, GROUP_QUOTE.strip())}: fact about group/senate-members: "
        in str(error)
    )
    assert f"the quote is not at {start + 1}-{end + 1} of {SEED!r}" in str(error)
    assert f"(hint: the quote is at {start}-{end}: correct start and end" in str(error)


def test_a_quote_in_another_unicode_normalisation_gets_a_hint(data: Path) -> None:
    """The seed text is composed (NFC); a quote typed decomposed (NFD) is not silently
    matched after normalising (that would shift offsets) but refused with a hint."""
    text = load_corpus(data).sources[SEED].text or ""
    quote = next(
        word
        for word in text.split()
        if unicodedata.normalize("NFD", word) != word and text.count(word) == 1
    )
    records = group_evidence(data, f'      - quote: "{unicodedata.normalize("NFD", quote)}"\n')
    error = build_error(data)
    assert f"{records}:" in str(error)
    assert "quote not found in source" in str(error)
    assert "the quote's letters are decomposed and the source's are not" in str(error)
