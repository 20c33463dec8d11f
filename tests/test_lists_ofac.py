"""OFAC legacy CSV parsing on small files written here: every remarks pattern, aliases,
vessels, programs, the non-SDN set, malformed rows, encodings."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from illicitflow.lists.dates import parse_date, parse_dates
from illicitflow.lists.entity import Builder
from illicitflow.lists.model import ListFormatError
from illicitflow.lists.ofac import (
    COLUMNS,
    RowError,
    parse_ofac,
    parse_row,
    read_rows,
    split_programs,
)
from illicitflow.lists.ofac_remarks import (
    apply_remarks,
    parse_document,
    parse_remark,
    parse_remarks,
)

EOF_LINE = "\x1a"


def ofac_line(*fields: str | int | None) -> str:
    """One line as OFAC writes it: ent_num bare, text quoted, `-0- ` for empty."""
    out = []
    for value in fields:
        if value is None:
            out.append("-0- ")
        elif isinstance(value, int):
            out.append(str(value))
        else:
            out.append('"' + value.replace('"', '""') + '"')
    return ",".join(out)


def write(path: Path, lines: list[str], encoding: str = "ascii") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n" + EOF_LINE).encode(encoding))
    return path


def sdn(ent: int, name: str | None, kind: str | None, program: str, remarks: str | None = None,
        **vessel: str) -> str:
    return ofac_line(ent, name, kind, program, vessel.get("title"), vessel.get("call_sign"),
                     vessel.get("vess_type"), vessel.get("tonnage"), vessel.get("grt"),
                     vessel.get("flag"), vessel.get("owner"), remarks)


PERSON_REMARKS = (
    "DOB circa 1947; alt. DOB 18 Jun 1964; alt. DOB 1955 to 1957; alt. DOB Jun 1966; "
    "alt. DOB 01 Jan 1970 to 31 Dec 1971; POB Pyongan-Pukto, Korea, North; "
    "nationality Korea, North; citizen Mexico; Gender Male; "
    "Passport 381420754 (Korea, North) issued 07 Dec 2011 expires 07 Dec 2016; "
    "National ID No. 216040 (Yemen); Identification Number 2.194.575 (Paraguay); "
    "Cedula No. 6068015 (Colombia); Tax ID No. AABA670850Y (India); "
    "Email Address kim@example.kp; Website www.example.kp; a.k.a. 'KIM THE ELDER'; "
    "f.k.a. 'KIM, Old'; n.k.a. 'KIM, New'; Secondary sanctions risk: section 510.201; "
    "Linked To: OFFICE 39."
)

FULL_REMARKS = "DOB 1950; Linked To: " + "A" * 970 + "; Passport 99887766 (Iran)."


@pytest.fixture()
def sdn_set(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "ofac"
    folder.mkdir()
    primary = write(folder / "sdn.csv", [
        sdn(12211, "KIM, Yong Chol", "individual", "DPRK", PERSON_REMARKS,
            title="Vice Chairman"),
        sdn(9345, "KOREA MINING DEVELOPMENT TRADING CORPORATION", None, "NPWMD] [DPRK2",
            "a.k.a. 'KOMID'; Registration Number 1234 (Korea, North); SWIFT/BIC KMDTKPPY; "
            "Identification Number IMO 5342883."),
        sdn(12209, "OFFICE 39", None, "DPRK", "a.k.a. 'THIRD FLOOR'."),
        sdn(17069, "CHONG CHON GANG", "vessel", "DPRK",
            "Vessel Registration Identification IMO 7937317; MMSI 445114000; "
            "Former Vessel Flag Panama; Vessel Year of Build 1977.",
            call_sign="HMEK1", vess_type="General Cargo", tonnage="6,000", grt="3,000",
            flag="Korea, North", owner="OCEAN MARITIME MANAGEMENT"),
        sdn(15431, "EP-GOM", "aircraft", "SDGT",
            "Aircraft Manufacturer's Serial Number (MSN) 1023409321; Aircraft Model IL76-TD; "
            "Aircraft Manufacture Date 1992; Aircraft Tail Number EP-GOM; "
            "Nationality of Registration Iran."),
        sdn(20001, "LONG, Remarks", "individual", "SDGT", FULL_REMARKS[:1000]),
        sdn(20002, "COMPLETE REMARKS", None, "SDGT", "DOB 1950."),
    ])
    alt = write(folder / "alt.csv", [
        ofac_line(12211, 1, "aka", "KIM, Yong-chol", None),
        ofac_line(12211, 2, "aka", "KIM YONG CHOL", "weak a.k.a."),
        ofac_line(17069, 3, "fka", "OLD SHIP NAME", None),
        ofac_line(12209, 4, "nka", "BUREAU 39", None),
        ofac_line(9345, 5, "fka", "CHANGGWANG SINYONG CORPORATION", None),
        ofac_line(99999, 6, "aka", "ORPHAN ALIAS", None),
    ])
    add = write(folder / "add.csv", [
        ofac_line(12211, 10, "Central District", "Pyongyang", "Korea, North", None),
        ofac_line(9345, 11, None, "Beijing", "China", "branch office"),
        ofac_line(99998, 12, None, "Nowhere", "Iran", None),
    ])
    comments = write(folder / "sdn_comments.csv", [
        ofac_line(20001, FULL_REMARKS[1000:]),
        ofac_line(20002, "ive 2): should not be appended"),
        ofac_line(99997, "orphan overflow"),
    ])
    return {"primary": primary, "alt": alt, "add": add, "comments": comments}


@pytest.fixture()
def sdn_entities(sdn_set: dict[str, Path]) -> dict[str, dict]:
    parsed = parse_ofac(sdn_set, "ofac-sdn")
    return {e["id"]: e for e in parsed.entities}


def props(entity: dict, name: str) -> list[str]:
    return entity["properties"].get(name, [])


def test_person_remarks(sdn_entities: dict[str, dict]) -> None:
    kim = sdn_entities["ofac-12211"]
    assert kim["schema"] == "Person"
    assert props(kim, "name") == ["KIM, Yong Chol"]
    assert props(kim, "lastName") == ["KIM"] and props(kim, "firstName") == ["Yong Chol"]
    assert props(kim, "birthDate") == ["1947", "1964-06-18", "1955", "1956", "1957", "1966-06",
                                       "1970", "1971"]
    assert props(kim, "birthPlace") == ["Pyongan-Pukto, Korea, North"]
    assert props(kim, "birthCountry") == ["kp"]
    assert props(kim, "nationality") == ["kp"]
    assert props(kim, "citizenship") == ["mx"]
    assert props(kim, "gender") == ["male"]
    assert props(kim, "passportNumber") == ["381420754"]
    assert props(kim, "idNumber") == ["216040", "2.194.575", "6068015"]
    assert props(kim, "taxNumber") == ["AABA670850Y"]
    assert set(props(kim, "country")) == {"kp", "ye", "py", "co", "in"}
    assert props(kim, "email") == ["kim@example.kp"]
    assert props(kim, "website") == ["http://www.example.kp/"]
    assert props(kim, "position") == ["Vice Chairman"]
    assert props(kim, "program") == ["DPRK"] and props(kim, "topics") == ["sanction"]
    # a.k.a. in remarks are OFAC's weak aliases; alt.csv gives the strong ones
    assert props(kim, "weakAlias") == ["KIM THE ELDER", "KIM YONG CHOL"]
    assert props(kim, "previousName") == ["KIM, Old"]
    assert props(kim, "alias") == ["KIM, New", "KIM, Yong-chol"]
    assert props(kim, "address") == ["Central District, Pyongyang, Korea, North"]
    notes = props(kim, "notes")[0]
    assert "Secondary sanctions risk: section 510.201" in notes
    assert "Linked To: OFFICE 39" in notes


def test_company_programs_and_identifiers(sdn_entities: dict[str, dict]) -> None:
    komid = sdn_entities["ofac-9345"]
    assert komid["schema"] == "Company"  # CORPORATION is a legal form
    assert props(komid, "program") == ["NPWMD", "DPRK2"]
    assert props(komid, "weakAlias") == ["KOMID"]
    assert props(komid, "previousName") == ["CHANGGWANG SINYONG CORPORATION"]
    assert props(komid, "registrationNumber") == ["1234"]
    assert props(komid, "swiftBic") == ["KMDTKPPY"]
    assert props(komid, "imoNumber") == ["IMO5342883"]
    assert set(props(komid, "country")) == {"kp", "cn"}
    assert "Address remark: branch office" in props(komid, "notes")[0]
    office = sdn_entities["ofac-12209"]
    assert office["schema"] == "Organization"
    assert props(office, "alias") == ["BUREAU 39"]  # nka
    assert props(office, "weakAlias") == ["THIRD FLOOR"]


def test_vessel_and_aircraft(sdn_entities: dict[str, dict]) -> None:
    ship = sdn_entities["ofac-17069"]
    assert ship["schema"] == "Vessel"
    assert props(ship, "imoNumber") == ["IMO7937317"]
    assert props(ship, "mmsi") == ["445114000"]
    assert props(ship, "callSign") == ["HMEK1"]
    assert props(ship, "type") == ["General Cargo"]
    assert props(ship, "flag") == ["kp"]
    assert props(ship, "pastFlags") == ["pa"]
    assert props(ship, "buildDate") == ["1977"]
    assert props(ship, "tonnage") and props(ship, "grossRegisteredTonnage")
    assert props(ship, "previousName") == ["OLD SHIP NAME"]
    assert "Vessel owner: OCEAN MARITIME MANAGEMENT" in props(ship, "notes")[0]
    plane = sdn_entities["ofac-15431"]
    assert plane["schema"] == "Airplane"
    assert props(plane, "serialNumber") == ["1023409321"]
    assert props(plane, "model") == ["IL76-TD"]
    assert props(plane, "buildDate") == ["1992"]
    assert props(plane, "registrationNumber") == ["EP-GOM"]
    assert props(plane, "country") == ["ir"]


def test_aux_rows_of_unknown_entities_are_quarantined(sdn_set: dict[str, Path]) -> None:
    parsed = parse_ofac(sdn_set, "ofac-sdn")
    reasons = {(Path(q.file).name, q.line, q.reason) for q in parsed.quarantine}
    assert ("alt.csv", 6, "unknown entity") in reasons
    assert ("add.csv", 3, "unknown entity") in reasons
    assert ("sdn_comments.csv", 3, "unknown entity") in reasons
    assert len(parsed.entities) == 7


def test_remarks_overflow(sdn_entities: dict[str, dict], sdn_set: dict[str, Path]) -> None:
    assert props(sdn_entities["ofac-20001"], "passportNumber") == ["99887766"]
    assert props(sdn_entities["ofac-20001"], "country") == ["ir"]
    parsed = parse_ofac(sdn_set, "ofac-sdn")
    overflow = [q for q in parsed.quarantine if q.line == 2 and "comments" in q.file]
    assert overflow and "not cut" in overflow[0].reason
    assert "should not be appended" not in str(sdn_entities["ofac-20002"])


def test_non_sdn_set_and_missing_primary(tmp_path: Path) -> None:
    prim = write(tmp_path / "cons_prim.csv", [
        sdn(9639, "HANIYA, Ismail Abdul Salah", "individual", "NS-PLC", "DOB 1962; POB Shati."),
    ])
    alt = write(tmp_path / "cons_alt.csv", [ofac_line(9639, 9150, "aka", "HANIYA, Ismail", None)])
    parsed = parse_ofac({"primary": prim, "alt": alt}, "ofac-cons")
    (entity,) = parsed.entities
    assert entity["id"] == "ofac-9639" and parsed.name == "ofac-cons"
    assert props(entity, "birthDate") == ["1962"]
    assert props(entity, "birthPlace") == ["Shati"]
    assert props(entity, "alias") == ["HANIYA, Ismail"]
    assert props(entity, "program") == ["NS-PLC"]
    with pytest.raises(ListFormatError, match=r"cons_prim\.csv"):
        parse_ofac({"alt": alt}, "ofac-cons")


def test_malformed_rows_are_quarantined_and_the_rest_loads(tmp_path: Path) -> None:
    good = [sdn(100 + i, f"GOOD ENTRY {i}", None, "SDGT", f"DOB {1950 + i}") for i in range(5)]
    lines = [
        good[0],
        '555,"SHORT ROW","individual"',  # 2: wrong column count
        sdn(1, "X", None, "SDGT").replace("1,", "1a,", 1),  # 3: bad ent_num
        '556,"BROKEN "QUOTE",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',  # 4
        good[1],
        '557,"UNTERMINATED,-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"x',  # 6: stray quote
        good[2],
        sdn(558, "SPACE THING", "spaceship", "SDGT"),  # 8: unknown SDN_Type
        good[3],
        sdn(100, "DUPLICATE", None, "SDGT"),  # 10: duplicate ent_num
        "",  # blank lines are not rows
        good[4],
        sdn(559, None, "individual", "SDGT"),  # 13: no name
    ]
    path = write(tmp_path / "sdn.csv", lines)
    alt = write(tmp_path / "alt.csv", [ofac_line(558, 1, "aka", "ALIAS OF QUARANTINED", None),
                                       ofac_line(101, 2, "aka", "GOOD ALIAS", None)])
    parsed = parse_ofac({"primary": path, "alt": alt}, "ofac-sdn")
    by_line = {(Path(q.file).name, q.line): q.reason for q in parsed.quarantine}
    assert by_line[("sdn.csv", 2)] == "expected 12 columns, got 3"
    assert by_line[("sdn.csv", 3)].startswith("bad ent_num")
    assert by_line[("sdn.csv", 4)].startswith("unparsable line")
    assert ("sdn.csv", 6) in by_line
    assert by_line[("sdn.csv", 8)] == "unknown SDN_Type 'spaceship'"
    assert by_line[("sdn.csv", 10)] == "duplicate ent_num"
    assert by_line[("sdn.csv", 13)] == "no SDN_Name"
    assert by_line[("alt.csv", 1)].startswith("entity not loaded")
    assert all(q.raw for q in parsed.quarantine)
    # nothing else is lost: every data line is an entity or a quarantined row
    data_lines = sum(1 for line in lines if line.strip())
    sdn_quarantined = sum(1 for q in parsed.quarantine if Path(q.file).name == "sdn.csv")
    assert len(parsed.entities) + sdn_quarantined == data_lines
    assert sorted(e["id"] for e in parsed.entities) == [f"ofac-{100 + i}" for i in range(5)]
    good_101 = next(e for e in parsed.entities if e["id"] == "ofac-101")
    assert props(good_101, "alias") == ["GOOD ALIAS"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / "sdn.csv", [sdn(1, "ÖZTÜRK, Café", "individual", "SDGT", "POB Zürich")],
                 encoding)
    source, rows, bad = read_rows(path, "primary")
    assert not bad and source.encoding == encoding
    assert rows[0].values["name"] == "ÖZTÜRK, Café"
    (entity,) = parse_ofac({"primary": path}, "ofac-sdn").entities
    assert entity["properties"]["birthPlace"] == ["Zürich"]


def test_split_programs() -> None:
    assert split_programs("DPRK3] [NPWMD") == ["DPRK3", "NPWMD"]
    assert split_programs("[SDGT] [IRGC] [IFSR]") == ["SDGT", "IRGC", "IFSR"]
    assert split_programs("DPRK") == ["DPRK"]
    assert split_programs(None) == []


def test_remark_table() -> None:
    assert parse_remark("alt. DOB 1936").key == "DOB"
    assert parse_remark("alt. DOB 1936").alt
    assert parse_remark("Nationality of Registration Korea, North").prop == "country"
    assert parse_remark("nationality Korea, North").prop == "nationality"
    assert parse_remark("Linked To: HIZBALLAH").key is None
    assert parse_remark("Vessel Registration Identification IMO 7406784").kind == "imo"
    doc = parse_document("G025057 (Korea, North) issued 23 Jun 1999 expires 05 Feb 2004")
    assert (doc.number, doc.country, doc.issued, doc.expires) == \
        ("G025057", "kp", "1999-06-23", "2004-02-05")
    assert parse_document("HRA 738077 (Stuttgart) (Germany)").country == "de"


@pytest.mark.parametrize(("text", "expected"), [
    ("18 Jun 1964", ["1964-06-18"]),
    ("circa 1947", ["1947"]),
    ("1964", ["1964"]),
    ("Jun 1964", ["1964-06"]),
    ("1955 to 1958", ["1955", "1956", "1957", "1958"]),
    ("01 Jan 1960 to 31 Dec 1962", ["1960", "1961", "1962"]),
    ("01 Mar 1960 to 05 Mar 1960", ["1960-03-01", "1960-03-05"]),
    ("1964-06-18", ["1964-06-18"]),
    ("31 Feb 1960", []),
    ("sometime", []),
])
def test_dates(text: str, expected: list[str]) -> None:
    assert parse_dates(text) == expected


ISO_PREFIX = r"^\d{4}(-\d{2}(-\d{2})?)?$"


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_date_parser_never_crashes(text: str) -> None:
    for found in parse_dates(text):
        assert re.match(ISO_PREFIX, found)


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(2999, 12, 31)))
def test_date_round_trip(day: date) -> None:
    assert parse_date(day.strftime("%d %b %Y")) == day.isoformat()
    assert parse_date(day.strftime("%b %Y")) == day.isoformat()[:7]
    assert parse_dates(f"circa {day.year}") == [str(day.year)]


remark_text = st.lists(st.one_of(
    st.text(max_size=40),
    st.sampled_from(["DOB", "alt. DOB", "POB", "Passport", "nationality", "Gender", "a.k.a.",
                     "Vessel Registration Identification", "Website", "Email Address"]).flatmap(
        lambda key: st.text(max_size=30).map(lambda value: f"{key} {value}")),
), max_size=8).map("; ".join)


@given(remark_text, st.sampled_from(["Person", "Company", "Vessel", "Airplane"]))
@settings(max_examples=200, deadline=None)
def test_remarks_parser_never_crashes(text: str, schema: str) -> None:
    entity = Builder(schema, "x")
    entity.add("name", "X")
    apply_remarks(entity, parse_remarks(text))
    data = entity.to_dict()
    assert all(isinstance(v, str) for vs in data["properties"].values() for v in vs)


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_row_parser_never_crashes(line: str) -> None:
    try:
        values = parse_row(line, COLUMNS["alt"])
    except RowError:
        return
    assert values["ent_num"] is not None and values["ent_num"].isdigit()


field_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30,
).map(str.strip).filter(lambda s: s and s != "-0-")


@given(st.integers(min_value=1, max_value=10**7),
       st.lists(st.one_of(st.none(), field_text), min_size=11, max_size=11))
@settings(max_examples=200, deadline=None)
def test_row_round_trip(ent_num: int, fields: list[str | None]) -> None:
    line = ofac_line(ent_num, *fields)
    values = parse_row(line, COLUMNS["primary"])
    assert values["ent_num"] == str(ent_num)
    assert [values[c] for c in COLUMNS["primary"][1:]] == fields
    # and csv's own writer agrees with OFAC's layout
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(
        [ent_num, *[("-0- " if f is None else f) for f in fields]])
    assert parse_row(out.getvalue(), COLUMNS["primary"]) == values
