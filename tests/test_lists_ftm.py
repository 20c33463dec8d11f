"""FtM JSON lines parsing on small files written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from illicitflow.lists.ftm import list_name, parse_ftm

PERSON = {"id": "NK-abc", "schema": "Person", "caption": "Kim Jong Un",
          "properties": {"name": ["Kim Jong Un", "김정은"], "birthDate": ["1984-01-08"],
                         "nationality": ["kp"], "topics": ["sanction"]},
          "datasets": ["un_sc_sanctions"], "referents": ["un-KPi.xyz"], "target": True}
COMPANY = {"id": "NK-def", "schema": "Company",
           "properties": {"name": ["Korea Kwangson Banking Corp"], "bogusProp": ["x"]}}


def write_lines(path: Path, items: list, final_newline: bool = False,
                encoding: str = "utf-8") -> Path:
    text = "\n".join(i if isinstance(i, str) else json.dumps(i, ensure_ascii=False)
                     for i in items)
    path.write_bytes((text + ("\n" if final_newline else "")).encode(encoding))
    return path


@pytest.mark.parametrize("final_newline", [True, False])
def test_lines_with_or_without_final_newline(tmp_path: Path, final_newline: bool) -> None:
    path = write_lines(tmp_path / "entities.ftm.json", [PERSON, COMPANY], final_newline)
    parsed = parse_ftm(path)
    assert [e["id"] for e in parsed.entities] == ["NK-abc", "NK-def"]  # ids unchanged
    person = parsed.entities[0]
    assert person["properties"]["name"] == ["Kim Jong Un", "김정은"]
    assert person["caption"] == "Kim Jong Un"
    company = parsed.entities[1]
    assert company["properties"]["notes"] == ["bogusProp: x"]  # kept, not dropped
    assert company["caption"] == "Korea Kwangson Banking Corp"
    assert not parsed.quarantine


def test_bad_lines_are_quarantined(tmp_path: Path) -> None:
    lines = [PERSON, "{not json", {"schema": "Person", "properties": {}},
             {"id": "x", "schema": "Spaceship"}, "[1, 2]", "", COMPANY,
             {"id": "NK-abc", "schema": "Person", "properties": {"alias": ["Kim Chong Un"]}}]
    parsed = parse_ftm(write_lines(tmp_path / "x.jsonl", lines))
    reasons = {q.line: q.reason for q in parsed.quarantine}
    assert reasons[2].startswith("invalid JSON")
    assert reasons[3] == "no id"
    assert reasons[4] == "unknown schema 'Spaceship'"
    assert reasons[5] == "not a JSON object"
    assert len(parsed.entities) + len(parsed.quarantine) == 6  # the blank line is no row
    merged = next(e for e in parsed.entities if e["id"] == "NK-abc")
    assert merged["properties"]["alias"] == ["Kim Chong Un"]  # same id on two lines: merged
    assert merged["properties"]["name"] == ["Kim Jong Un", "김정은"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    entity = {"id": "e1", "schema": "Person", "properties": {"name": ["José Müller"]}}
    parsed = parse_ftm(write_lines(tmp_path / "e.json", [entity], encoding=encoding))
    assert parsed.files[0].encoding == encoding
    assert parsed.entities[0]["properties"]["name"] == ["José Müller"]


def test_json_array_file(tmp_path: Path) -> None:
    path = tmp_path / "array.json"
    path.write_text(json.dumps([PERSON, COMPANY]))
    assert len(parse_ftm(path).entities) == 2


def test_list_names(tmp_path: Path) -> None:
    assert list_name(tmp_path / "zala" / "entities.ftm.json") == "ftm-zala"
    assert list_name(tmp_path / "us_ofac_sdn.jsonl") == "ftm-us_ofac_sdn"
    assert list_name(tmp_path / "My List.ftm.json") == "ftm-my-list"
