"""UN Security Council consolidated XML parsing on small files written here."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from illicitflow.lists.model import ListFormatError, ParsedList
from illicitflow.lists.un import is_un_xml, parse_un

INDIVIDUAL = """
    <INDIVIDUAL>
      <DATAID>1</DATAID>
      <FIRST_NAME>RI</FIRST_NAME>
      <SECOND_NAME>WON</SECOND_NAME>
      <THIRD_NAME>HO</THIRD_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPi.033</REFERENCE_NUMBER>
      <LISTED_ON>2016-11-30</LISTED_ON>
      <NAME_ORIGINAL_SCRIPT>리원호</NAME_ORIGINAL_SCRIPT>
      <COMMENTS1>Official of the Ministry of State Security. Gender: Male.</COMMENTS1>
      <TITLE><VALUE>Colonel</VALUE></TITLE>
      <DESIGNATION><VALUE>DPRK Ministry of State Security Official</VALUE></DESIGNATION>
      <NATIONALITY><VALUE>Democratic People's Republic of Korea</VALUE></NATIONALITY>
      <LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE>
      <LAST_DAY_UPDATED><VALUE>2017-06-02</VALUE></LAST_DAY_UPDATED>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Ri Won-ho</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Comrade Ri</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS>
        <QUALITY>Good</QUALITY><ALIAS_NAME>Ri Won Hu</ALIAS_NAME>
        <DATE_OF_BIRTH>1964-07-18</DATE_OF_BIRTH>
      </INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ADDRESS>
        <CITY>Damascus</CITY><COUNTRY>Syrian Arab Republic</COUNTRY><NOTE>as of 2016</NOTE>
      </INDIVIDUAL_ADDRESS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1964-07-17</DATE>
      </INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1966</YEAR>
      </INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH>
        <TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1955</FROM_YEAR><TO_YEAR>1957</TO_YEAR>
      </INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>Nov. 1973 </NOTE>
      </INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_PLACE_OF_BIRTH>
        <CITY>Kaesong</CITY><COUNTRY>Democratic People's Republic of Korea</COUNTRY>
      </INDIVIDUAL_PLACE_OF_BIRTH>
      <INDIVIDUAL_DOCUMENT>
        <TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>381310014</NUMBER>
        <ISSUING_COUNTRY>Democratic People's Republic of Korea</ISSUING_COUNTRY>
        <DATE_OF_ISSUE>2011-07-12</DATE_OF_ISSUE>
      </INDIVIDUAL_DOCUMENT>
      <INDIVIDUAL_DOCUMENT>
        <TYPE_OF_DOCUMENT>National Identification Number</TYPE_OF_DOCUMENT>
        <TYPE_OF_DOCUMENT2>national identity card</TYPE_OF_DOCUMENT2>
        <NUMBER>103-00653129-22</NUMBER><COUNTRY_OF_ISSUE>Chad</COUNTRY_OF_ISSUE>
      </INDIVIDUAL_DOCUMENT>
      <INDIVIDUAL_DOCUMENT>
        <TYPE_OF_DOCUMENT>Numéro de passeport</TYPE_OF_DOCUMENT><NUMBER>P 77</NUMBER>
      </INDIVIDUAL_DOCUMENT>
      <INDIVIDUAL_DOCUMENT>
        <TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NOTE>issued under another name</NOTE>
      </INDIVIDUAL_DOCUMENT>
      <SORT_KEY/>
    </INDIVIDUAL>"""

ENTITY = """
    <ENTITY>
      <DATAID>2</DATAID>
      <FIRST_NAME>OCEAN MARITIME MANAGEMENT COMPANY, LIMITED (OMM)</FIRST_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPe.029</REFERENCE_NUMBER>
      <LISTED_ON>2014-07-28</LISTED_ON>
      <COMMENTS1>International Maritime Organization (IMO) Number: 1790183.</COMMENTS1>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>"OMM"</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ALIAS><QUALITY>f.k.a.</QUALITY><ALIAS_NAME>OLD OMM</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ADDRESS>
        <STREET>Donghung Dong, Central District</STREET><CITY>Pyongyang</CITY>
        <COUNTRY>Democratic People's Republic of Korea</COUNTRY>
      </ENTITY_ADDRESS>
      <ENTITY_ADDRESS><NOTE>Office 1, Opposite the Bank, Somewhere</NOTE></ENTITY_ADDRESS>
    </ENTITY>"""

NO_REFERENCE = """
    <ENTITY>
      <FIRST_NAME>NAMELESS FRONT</FIRST_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
    </ENTITY>"""


def un_xml(individuals: str = INDIVIDUAL, entities: str = ENTITY,
           generated: str = "2026-02-27T00:00:09.554Z") -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<CONSOLIDATED_LIST dateGenerated="{generated}">\n'
            f"  <INDIVIDUALS>{individuals}\n  </INDIVIDUALS>\n"
            f"  <ENTITIES>{entities}\n  </ENTITIES>\n</CONSOLIDATED_LIST>\n")


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture()
def parsed(tmp_path: Path) -> ParsedList:
    return parse_un(write(tmp_path / "consolidated.xml", un_xml()))


def by_id(parsed: ParsedList) -> dict[str, dict]:
    return {e["id"]: e for e in parsed.entities}


def test_individual(parsed: ParsedList) -> None:
    ri = by_id(parsed)["un-KPi.033"]
    p = ri["properties"]
    assert ri["schema"] == "Person" and ri["caption"] == "RI WON HO"
    assert p["name"] == ["RI WON HO"]
    assert p["alias"] == ["리원호", "Ri Won-ho", "Ri Won Hu"]
    assert p["weakAlias"] == ["Comrade Ri"]
    assert p["birthDate"] == ["1964-07-18", "1964-07-17", "1966", "1955", "1956", "1957",
                              "1973-11"]
    assert p["birthPlace"] == ["Kaesong, Democratic People's Republic of Korea"]
    assert p["birthCountry"] == ["kp"]
    assert p["nationality"] == ["kp"]
    assert p["passportNumber"] == ["381310014", "P 77"]
    assert p["idNumber"] == ["103-00653129-22"]
    assert set(p["country"]) == {"kp", "td", "sy"}
    assert p["address"] == ["Damascus, Syrian Arab Republic"]
    assert p["program"] == ["DPRK"] and p["topics"] == ["sanction"]
    assert p["createdAt"] == ["2016-11-30"] and p["modifiedAt"] == ["2017-06-02"]
    assert p["title"] == ["Colonel"]
    assert p["position"] == ["DPRK Ministry of State Security Official"]
    assert p["gender"] == ["male"]
    assert "Document: Passport issued under another name" in p["notes"][0]


def test_entity(parsed: ParsedList) -> None:
    omm = by_id(parsed)["un-KPe.029"]
    p = omm["properties"]
    assert omm["schema"] == "Organization"
    assert p["alias"] == ["OMM"]  # quotes around an alias are not part of it
    assert p["previousName"] == ["OLD OMM"]
    assert p["imoNumber"] == ["IMO1790183"]
    assert p["address"] == [
        "Donghung Dong, Central District, Pyongyang, Democratic People's Republic of Korea",
        "Office 1, Opposite the Bank, Somewhere"]


def test_publication_date_and_hash(parsed: ParsedList) -> None:
    assert parsed.published == date(2026, 2, 27)
    assert parsed.name == "un-sc"
    assert len(parsed.sha256) == 64 and parsed.files[0].encoding == "utf-8"


def test_record_without_reference_is_quarantined(tmp_path: Path) -> None:
    text = un_xml(entities=ENTITY + NO_REFERENCE)
    path = write(tmp_path / "un.xml", text)
    parsed = parse_un(path)
    assert sorted(by_id(parsed)) == ["un-KPe.029", "un-KPi.033"]
    (bad,) = parsed.quarantine
    starts = [i + 1 for i, row in enumerate(text.split("\n")) if row.strip() == "<ENTITY>"]
    assert bad.reason == "missing REFERENCE_NUMBER" and bad.line == starts[-1]
    assert "NAMELESS FRONT" in bad.raw


@pytest.mark.parametrize("cut", [0.3, 0.75, 0.999])
def test_truncated_xml_is_refused(tmp_path: Path, cut: float) -> None:
    text = un_xml()
    path = write(tmp_path / "un.xml", text[: int(len(text) * cut)])
    with pytest.raises(ListFormatError, match=r"un\.xml: invalid or truncated XML, broken at "
                                              r"line \d+, column \d+"):
        parse_un(path)


def test_invalid_and_foreign_xml(tmp_path: Path) -> None:
    with pytest.raises(ListFormatError, match="line 3"):
        parse_un(write(tmp_path / "bad.xml", "<CONSOLIDATED_LIST>\n<A>\n</B>\n"))
    with pytest.raises(ListFormatError, match="root element <sdnList>"):
        parse_un(write(tmp_path / "other.xml", "<sdnList><x/></sdnList>"))
    with pytest.raises(ListFormatError):
        parse_un(write(tmp_path / "empty.xml", ""))
    assert not is_un_xml(tmp_path / "other.xml")
    assert is_un_xml(write(tmp_path / "un.xml", un_xml()))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    entity = ENTITY.replace("OLD OMM", "SOCIÉTÉ MARITIME")
    text = un_xml(individuals="", entities=entity)
    parsed = parse_un(write(tmp_path / "un.xml", text, encoding))
    assert parsed.files[0].encoding == encoding
    assert by_id(parsed)["un-KPe.029"]["properties"]["previousName"] == ["SOCIÉTÉ MARITIME"]
