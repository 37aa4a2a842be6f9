"""The mention finder sees Kazakh names in any inflection, and coverage names what is left out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from civicgraph.cli import main
from civicgraph.mentions import check_coverage, find_mentions
from civicgraph.model import Entity
from tests.seed import DATA, ONTOLOGY


def entity(entity_id: str, kk: str, *alt: str) -> Entity:
    return Entity(
        id=entity_id,
        type="Organisation",
        labels={"kk": kk, "en": "x", "ru": "x"},
        alt_labels={"kk": alt},
    )


def test_last_word_inflects_and_abbreviations_take_hyphenated_endings() -> None:
    """Сенаттың, Парламентінің and БҰҰДБ-ның are found; a derived word is not a mention."""
    text = "Сенаттың отырысы. Қазақстан Республикасы Парламентінің шешімі. БҰҰДБ-ның өкілі. Қазақстандықтар."
    found = find_mentions(
        text,
        [
            entity("org/senate", "Сенат"),
            entity(
                "org/parliament",
                "Қазақстан Республикасы Парламенті",
                "Қазақстан Республикасы Парламент",
            ),
            entity("org/undp", "БҰҰ Даму бағдарламасы", "БҰҰДБ"),
            entity("place/kz", "Қазақстан"),
        ],
        language="kk",
    )
    assert [(m.entity_id, m.surface) for m in found] == [
        ("org/senate", "Сенаттың"),
        ("place/kz", "Қазақстан"),  # inside the Parliament's name, which is of it
        ("org/parliament", "Қазақстан Республикасы Парламентінің"),
        ("org/undp", "БҰҰДБ-ның"),
    ]


def test_a_name_inside_a_longer_name_is_a_mention_too() -> None:
    """'Сенат' inside 'Сенат Төрағасы' names the chamber as well as the post, as drafting
    proposes both; 'Сенат' inside a longer name of the Senate itself is no second mention."""
    entities = [
        entity("org/senate", "Сенат", "Қазақстан Сенаты"),
        entity("post/chair", "Сенат Төрағасы"),
    ]
    found = find_mentions(
        "Сенат Төрағасы сөйледі. Қазақстан Сенаты жиналды.", entities, language="kk"
    )
    assert [(m.entity_id, m.surface) for m in found] == [
        ("org/senate", "Сенат"),
        ("post/chair", "Сенат Төрағасы"),
        ("org/senate", "Қазақстан Сенаты"),
    ]


@pytest.mark.parametrize(
    ("cited_for", "cited"),
    [
        (
            "post/chair",
            True,
        ),  # the chair's holding cites «Сенат Төрағасы»: its name is of the Senate
        ("org/senate", True),
        (
            "person/other",
            False,
        ),  # a fact about someone else cites the words: the Senate is not in its name
    ],
)
def test_a_name_inside_a_cited_name_of_what_it_is_part_of_is_cited(
    cited_for: str, cited: bool
) -> None:
    """Coverage counts the nested Senate cited when an excerpt holding it is of a fact about
    the post whose own name holds the Senate's; any other fact's excerpt is not enough."""
    entities = {
        "org/senate": entity("org/senate", "Сенат"),
        "post/chair": entity("post/chair", "Сенат Төрағасы"),
        "person/other": entity("person/other", "Асқар Бекұлы"),
    }
    text = "Бүгін Сенат Төрағасы сөйледі."
    report = check_coverage(
        "s", text, entities, language="kk",
        spans_by_entity={cited_for: [(0, len(text))]},
        all_spans=[(0, len(text))],
    )  # fmt: skip
    senate = [m for m in report.uncovered_mentions if m.entity_id == "org/senate"]
    assert (not senate) is cited


def test_seed_records_cover_the_article() -> None:
    """Every sentence and every name of a known entity in the article is cited."""
    result = CliRunner().invoke(
        main, ["coverage", "--data", str(DATA), "--ontology", str(ONTOLOGY)]
    )
    assert result.exit_code == 0, result.output
    assert "0 not cited, 0 sentence(s) without evidence, 0 partly cited" in result.output


def test_a_dropped_fact_is_reported(tmp_path: Path) -> None:
    """Removing the facts about the pilot regions leaves their names uncited: exit 1, one line each."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    records = data / "records" / "maslikhat-council-extended-meeting.yaml"
    text = records.read_text(encoding="utf-8")
    for region in ("abai", "ulytau"):
        start = text.index(f"  - id: programme-region/regional-programme-{region}-pilot\n")
        end = text.index("\n\n", start) + 2
        text = text[:start] + text[end:]
    records.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["coverage", "--data", str(data), "--ontology", str(ONTOLOGY)]
    )
    assert result.exit_code == 1
    assert "name not cited: place/abai-region" in result.output
    assert "name not cited: place/ulytau-region" in result.output
    assert "sentence without evidence" in result.output
    assert "Пилоттық өңірлер" in result.output


def test_a_dropped_fact_without_an_entity_name_is_reported(tmp_path: Path) -> None:
    """Dropping 'discussed: economic and financial powers' leaves its sentence partly cited."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    records = data / "records" / "maslikhat-council-extended-meeting.yaml"
    text = records.read_text(encoding="utf-8")
    marker = "    discussed: topic/maslikhat-economic-financial-powers\n"
    start = text.rindex("  - subject:", 0, text.index(marker))
    end = text.index("\n\n", start) + 2
    records.write_text(text[:start] + text[end:], encoding="utf-8")
    result = CliRunner().invoke(
        main, ["coverage", "--data", str(data), "--ontology", str(ONTOLOGY)]
    )
    assert result.exit_code == 1
    assert "1 partly cited" in result.output
    assert "Кеңейтілген отырыс мәслихат депутаттарының" in result.output
