"""load_paths: recognising files, list versions, publication dates, atomic refusal."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from illicitflow.lists.load import load_paths, recognise
from illicitflow.lists.model import ListFormatError
from illicitflow.store import Store


def sdn_row(ent: int, name: str, kind: str = "-0- ", remarks: str = "-0- ") -> str:
    kind = f'"{kind}"' if kind != "-0- " else kind
    remarks = f'"{remarks}"' if remarks != "-0- " else remarks
    return f'{ent},"{name}",{kind},"DPRK"' + ",-0- " * 7 + f",{remarks}"


def write_csv(path: Path, lines: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(lines) + "\r\n\x1a").encode("ascii"))
    return path


def un_file(path: Path, refs: list[str], generated: str = "2026-02-27T00:00:09Z") -> Path:
    records = "".join(f"<ENTITY><FIRST_NAME>FRONT {r}</FIRST_NAME><REFERENCE_NUMBER>{r}"
                      "</REFERENCE_NUMBER><UN_LIST_TYPE>DPRK</UN_LIST_TYPE></ENTITY>\n"
                      for r in refs)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST '
                    f'dateGenerated="{generated}">\n<INDIVIDUALS/>\n<ENTITIES>\n{records}'
                    "</ENTITIES>\n</CONSOLIDATED_LIST>\n")
    return path


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    """An SDN set split over two folders, a non-SDN set, a UN file and an FtM file."""
    out = {
        "sdn": write_csv(tmp_path / "sdn_2024" / "sdn.csv", [
            sdn_row(100, "KIM, Il", "individual", "DOB 1950"), sdn_row(200, "SHARED CORP LTD")]),
        "alt": write_csv(tmp_path / "aux_2025" / "alt.csv", [
            '100,1,"aka","KIM, Ill",-0- ', '999,2,"aka","ORPHAN",-0- ']),
        "cons": write_csv(tmp_path / "cons" / "cons_prim.csv", [
            sdn_row(200, "SHARED CORP LTD", remarks="Tax ID No. 42 (Russia)"),
            sdn_row(300, "ONLY CONS")]),
        "un": un_file(tmp_path / "un" / "consolidated.xml", ["KPe.001", "KPe.002"]),
        "ftm": tmp_path / "ftm" / "zala" / "entities.ftm.json",
    }
    out["ftm"].parent.mkdir(parents=True)
    out["ftm"].write_text(json.dumps({"id": "NK-1", "schema": "Person",
                                      "properties": {"name": ["A Person"]}}))
    (tmp_path / "un" / "README.txt").write_text("not a list")
    return out


def test_recognise_groups_ofac_files_across_folders(files: dict[str, Path],
                                                   tmp_path: Path) -> None:
    groups = {g.name: g for g in recognise([tmp_path / "sdn_2024", files["alt"],
                                            tmp_path / "cons", tmp_path / "un",
                                            tmp_path / "ftm"])}
    assert set(groups) == {"ofac-sdn", "ofac-cons", "un-sc", "ftm-zala"}
    assert set(groups["ofac-sdn"].parts) == {"primary", "alt"}
    with pytest.raises(ListFormatError, match="no such file"):
        recognise([tmp_path / "missing"])
    with pytest.raises(ListFormatError, match="not a list file"):
        recognise([tmp_path / "un" / "README.txt"])
    with pytest.raises(ListFormatError, match="two files"):
        copy = write_csv(tmp_path / "other" / "sdn.csv", [sdn_row(1, "X")])
        recognise([files["sdn"], copy])


def test_load_all(files: dict[str, Path], tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        versions = load_paths(store, [tmp_path / "sdn_2024", tmp_path / "aux_2025",
                                      tmp_path / "cons", tmp_path / "un", tmp_path / "ftm"],
                              published=date(2024, 5, 3))
        by_list = {v["list"]: v for v in versions}
        assert {k: (v["entities"], v["quarantined"]) for k, v in by_list.items()} == {
            "ofac-sdn": (2, 1), "ofac-cons": (2, 0), "un-sc": (2, 0), "ftm-zala": (1, 0)}
        # dates: the UN file has its own, the others take --published
        assert by_list["un-sc"]["published"] == date(2026, 2, 27)
        assert by_list["un-sc"]["published_from"] == "file"
        assert by_list["ofac-sdn"]["published"] == date(2024, 5, 3)
        assert by_list["ofac-sdn"]["published_from"] == "argument"
        # hashes: one file -> its SHA-256; a set -> SHA-256 of the manifest of its files
        assert by_list["un-sc"]["sha256"] == hashlib.sha256(files["un"].read_bytes()).hexdigest()
        sdn_files = {Path(f["path"]).name: f["sha256"] for f in by_list["ofac-sdn"]["files"]}
        assert sdn_files["alt.csv"] == hashlib.sha256(files["alt"].read_bytes()).hexdigest()
        manifest = "".join(f"{h}  {n}\n" for n, h in sorted(sdn_files.items()))
        assert by_list["ofac-sdn"]["sha256"] == hashlib.sha256(manifest.encode()).hexdigest()
        assert str(files["sdn"]) in by_list["ofac-sdn"]["source"]
        # an ent_num in both OFAC files is one entity with two memberships
        shared = store.entity("ofac-200")
        assert shared["lists"] == ["ofac-cons", "ofac-sdn"]
        assert shared["schema"] == "Company" and shared["properties"]["taxNumber"] == ["42"]
        assert store.entity("ofac-100")["properties"]["alias"] == ["KIM, Ill"]
        (orphan,) = store.quarantine("ofac-sdn")
        assert orphan["reason"] == "unknown entity" and orphan["line"] == 2
        assert store.entity("NK-1")["lists"] == ["ftm-zala"]


def test_load_date_when_nothing_else(files: dict[str, Path], tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        (version,) = load_paths(store, [files["sdn"]])
    assert version["published_from"] == "load_date"
    assert version["published"] == datetime.now(UTC).date()


def test_newer_version_replaces_only_that_list(files: dict[str, Path], tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        load_paths(store, [files["sdn"], files["un"]], published=date(2024, 5, 3))
        newer = un_file(tmp_path / "un2.xml", ["KPe.002", "KPe.003"], "2026-03-01T00:00:00Z")
        (version,) = load_paths(store, [newer])
        assert version["version_id"] == "un-sc@2026-03-01.2"
        ids = {e["id"] for e in store.entities()}
        assert ids == {"ofac-100", "ofac-200", "un-KPe.002", "un-KPe.003"}
        current = {v["list"]: v["version_id"] for v in store.list_versions(current=True)}
        assert current == {"ofac-sdn": "ofac-sdn@2024-05-03.1", "un-sc": "un-sc@2026-03-01.2"}


def test_truncated_xml_is_refused_and_previous_version_stays(files: dict[str, Path],
                                                              tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        load_paths(store, [files["un"]])
        before = list(store.entities())
        data = files["un"].read_bytes()
        broken = tmp_path / "broken" / "consolidated.xml"
        broken.parent.mkdir()
        broken.write_bytes(data[: len(data) - 40])
        with pytest.raises(ListFormatError, match=r"consolidated\.xml: invalid or truncated XML"):
            load_paths(store, [files["sdn"], broken])  # the good SDN file is not loaded either
        assert list(store.entities()) == before
        assert [v["list"] for v in store.list_versions()] == ["un-sc"]
