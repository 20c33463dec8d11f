"""The UN Security Council Consolidated List (XML), to FtM entities.

`<CONSOLIDATED_LIST dateGenerated=...>` holds `INDIVIDUALS/INDIVIDUAL` (-> Person) and
`ENTITIES/ENTITY` (-> Organization) records; the entity id is `un-<REFERENCE_NUMBER>`
(`un-KPi.033`) and the publication date is `dateGenerated`. `FIELDS` maps the simple elements to
FtM properties; aliases, dates and places of birth, documents and addresses are read by the
functions below. Alias quality: `Good` and `a.k.a.` -> alias, `Low` -> weakAlias, `f.k.a.` ->
previousName.

The file is read as a stream; a record without a reference number or a name is quarantined
with the line of its start tag. A file that is not
well-formed XML (truncated, say) raises `ListFormatError` naming the line and column where it
broke, and nothing of it is loaded.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from illicitflow.lists.dates import parse_date, parse_dates, year_range
from illicitflow.lists.entity import IDENTIFIER_FALLBACKS, Builder, country_code
from illicitflow.lists.model import ListFormatError, ParsedList, Quarantined, SourceFile
from illicitflow.lists.text import decode

ROOT = "CONSOLIDATED_LIST"

#: Record element -> FtM schema.
RECORDS = {"INDIVIDUAL": "Person", "ENTITY": "Organization"}

#: Simple elements: (path below the record, FtM property, value kind).
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("NAME_ORIGINAL_SCRIPT", "alias", "text"),
    ("UN_LIST_TYPE", "program", "text"),
    ("LISTED_ON", "createdAt", "date"),
    ("GENDER", "gender", "gender"),
    ("TITLE/VALUE", "title", "text"),
    ("DESIGNATION/VALUE", "position", "text"),
    ("NATIONALITY/VALUE", "nationality", "country"),
    ("LAST_DAY_UPDATED/VALUE", "modifiedAt", "date"),
    ("COMMENTS1", "notes", "text"),
)

#: Characters fed to the XML parser at a time.
CHUNK = 1 << 16

NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")

ALIAS_QUALITY = {"good": "alias", "a.k.a.": "alias", "low": "weakAlias",
                 "f.k.a.": "previousName"}

_PASSPORT = re.compile(r"pass(?:port|eport)|pasaporte", re.I)
_RECORD_START = re.compile(r"<(?:INDIVIDUAL|ENTITY)[\s/>]")
_GENDER = re.compile(r"\bgender\s*[:\[]?\s*(male|female)\b", re.I)
_IMO = re.compile(r"\bIMO\)?\s*(?:number|no\.?)?\s*:?\s*(\d{7})\b", re.I)


def _text(element: ET.Element, path: str) -> str | None:
    child = element.find(path)
    if child is None or child.text is None:
        return None
    text = " ".join(child.text.split())
    return text or None


def _texts(element: ET.Element, path: str) -> list[str]:
    return [" ".join(c.text.split()) for c in element.findall(path) if c.text and c.text.strip()]


def _join(element: ET.Element, parts: tuple[str, ...]) -> str:
    return ", ".join(t for p in parts if (t := _text(element, p)))


def add_field(entity: Builder, prop: str, kind: str, value: str) -> None:
    if kind == "date":
        entity.add_all(prop, [d] if (d := parse_date(value)) else [])
    elif kind == "country":
        code = country_code(value)
        entity.add(prop, code or value, "Nationality", fallbacks=("country",),
                   cleaned=code is not None)
    elif kind == "gender":
        entity.add(prop, value.lower(), "Gender")
    elif prop == "notes":
        entity.note(value)
        if m := _IMO.search(value):
            entity.add("imoNumber", f"IMO{m[1]}", "IMO", fallbacks=IDENTIFIER_FALLBACKS)
        if (m := _GENDER.search(value)) and entity.has("gender"):
            entity.add("gender", m[1].lower())
    else:
        entity.add(prop, value)


def add_alias(entity: Builder, alias: ET.Element) -> None:
    name = _text(alias, "ALIAS_NAME")
    if name and len(name) > 2 and name[0] == name[-1] and name[0] in "\"'":
        name = name[1:-1].strip()
    if name:
        quality = (_text(alias, "QUALITY") or "").lower()
        entity.add(ALIAS_QUALITY.get(quality, "alias"), name)
    if dob := _text(alias, "DATE_OF_BIRTH"):
        entity.add_all("birthDate", parse_dates(dob), cleaned=True)
    if place := _join(alias, ("CITY_OF_BIRTH", "COUNTRY_OF_BIRTH")):
        entity.add("birthPlace", place, "Place of birth")


def add_birth_date(entity: Builder, dob: ET.Element) -> None:
    """EXACT / APPROXIMATELY dates and years, BETWEEN year ranges, and dates only in NOTE."""
    kind = (_text(dob, "TYPE_OF_DATE") or "").upper()
    dates: list[str] = []
    start, end = _text(dob, "FROM_YEAR"), _text(dob, "TO_YEAR")
    if kind == "BETWEEN" and start and end and start.isdigit() and end.isdigit():
        dates = year_range(int(start), int(end))
    for path in ("DATE", "YEAR"):
        if (value := _text(dob, path)) and (found := parse_date(value)):
            dates.append(found)
    note = _text(dob, "NOTE")
    if not dates and note:
        dates = parse_dates(note)
    entity.add_all("birthDate", dates, cleaned=True)
    if note and not dates:
        entity.note(f"Date of birth: {note}")


def add_birth_place(entity: Builder, place: ET.Element) -> None:
    text = _join(place, ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY", "NOTE"))
    entity.add("birthPlace", text, "Place of birth", fallbacks=("address",))
    if (country := _text(place, "COUNTRY")) and entity.has("birthCountry"):
        entity.add("birthCountry", country_code(country), cleaned=True)


def add_document(entity: Builder, document: ET.Element) -> None:
    kind = " ".join(_texts(document, "TYPE_OF_DOCUMENT") + _texts(document, "TYPE_OF_DOCUMENT2"))
    number = _text(document, "NUMBER")
    country = _text(document, "ISSUING_COUNTRY") or _text(document, "COUNTRY_OF_ISSUE")
    if number:
        prop = "passportNumber" if _PASSPORT.search(kind) else "idNumber"
        entity.add(prop, number, kind or "Document", fallbacks=IDENTIFIER_FALLBACKS)
    elif kind or _text(document, "NOTE"):
        entity.note(f"Document: {' '.join(filter(None, (kind, _text(document, 'NOTE'))))}")
    if code := country_code(country):
        entity.add("country", code, cleaned=True)


def add_address(entity: Builder, address: ET.Element) -> None:
    text = _join(address, ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"))
    note = _text(address, "NOTE")
    if text:
        entity.add("address", text)
        if note:
            entity.note(f"Address {text}: {note}")
    elif note:
        entity.add("address", note)
    if code := country_code(_text(address, "COUNTRY")):
        entity.add("country", code, cleaned=True)


def build_record(record: ET.Element) -> Builder | str:
    """The entity of one INDIVIDUAL or ENTITY element, or why it cannot be one."""
    reference = _text(record, "REFERENCE_NUMBER")
    if not reference:
        return "missing REFERENCE_NUMBER"
    name = " ".join(t for part in NAME_PARTS if (t := _text(record, part)))
    if not name:
        return "no name"
    entity = Builder(RECORDS[record.tag], f"un-{reference}")
    entity.add("name", name)
    entity.add("topics", "sanction")
    for path, prop, kind in FIELDS:
        for value in _texts(record, path):
            add_field(entity, prop, kind, value)
    tag = record.tag
    for alias in record.iterfind(f"{tag}_ALIAS"):
        add_alias(entity, alias)
    for dob in record.iterfind(f"{tag}_DATE_OF_BIRTH"):
        add_birth_date(entity, dob)
    for place in record.iterfind(f"{tag}_PLACE_OF_BIRTH"):
        add_birth_place(entity, place)
    for document in record.iterfind(f"{tag}_DOCUMENT"):
        add_document(entity, document)
    for address in record.iterfind(f"{tag}_ADDRESS"):
        add_address(entity, address)
    return entity


def generated_date(value: str | None) -> date | None:
    """The date of a `dateGenerated` attribute (`2026-02-27T00:00:09.554Z`)."""
    found = parse_date(value or "")
    return date.fromisoformat(found) if found and len(found) == 10 else None


def is_un_xml(path: Path) -> bool:
    """Whether `path` looks like a UN consolidated list: an XML file whose root is ours."""
    if path.suffix.lower() != ".xml":
        return False
    with path.open("rb") as handle:
        head = handle.read(4096)
    return ROOT.encode() in head


def record_lines(text: str) -> list[int]:
    """The 1-based line of each record's start tag, in document order."""
    lines, line, last = [], 1, 0
    for match in _RECORD_START.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        lines.append(line)
    return lines


def parse_un(path: Path) -> ParsedList:
    """Parse the UN consolidated XML at `path`; raises `ListFormatError` if it is not one."""
    data = path.read_bytes()
    text, encoding = decode(data)
    parser = ET.XMLPullParser(events=("start", "end"))
    parsed = ParsedList("un-sc", [SourceFile.of(path, data, encoding)])
    references: set[str] = set()
    lines = iter(record_lines(text))
    depth = 0
    try:
        for offset in range(0, len(text), CHUNK):
            parser.feed(text[offset:offset + CHUNK])
            for event, element in parser.read_events():
                if event == "start":
                    depth += 1
                    if depth == 1 and element.tag != ROOT:
                        raise ListFormatError(f"{path}: not a UN Security Council consolidated "
                                              f"list (root element <{element.tag}>)")
                    if depth == 1:
                        parsed.published = generated_date(element.get("dateGenerated"))
                    continue
                depth -= 1
                if depth == 2 and element.tag in RECORDS:
                    _keep(parsed, references, element, next(lines, 0))
                    element.clear()
        parser.close()
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":")[0]
        raise ListFormatError(f"{path}: invalid or truncated XML, broken at line {line}, "
                              f"column {column + 1} ({reason}); nothing was loaded") from None
    if not text.strip() or depth != 0:
        raise ListFormatError(f"{path}: empty or incomplete XML file; nothing was loaded")
    return parsed


def _keep(parsed: ParsedList, references: set[str], record: ET.Element, line: int) -> None:
    entity = build_record(record)
    if isinstance(entity, str) or entity.id in references:
        raw = ET.tostring(record, encoding="unicode")[:2000]
    if isinstance(entity, str):
        parsed.quarantine.append(Quarantined(str(parsed.files[0].path), line, entity, raw))
    elif entity.id in references:
        parsed.quarantine.append(Quarantined(str(parsed.files[0].path), line,
                                             "duplicate REFERENCE_NUMBER", raw))
    else:
        references.add(entity.id)
        parsed.entities.append(entity.to_dict())
