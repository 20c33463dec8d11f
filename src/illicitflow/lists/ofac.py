"""OFAC's legacy CSV files: the SDN set and the consolidated non-SDN set.

Each set is a primary file and three auxiliary files joined on `ent_num`:

  SDN             non-SDN             columns
  sdn.csv         cons_prim.csv       ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
                                      Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks
  alt.csv         cons_alt.csv        ent_num, alt_num, alt_type, alt_name, alt_remarks
  add.csv         cons_add.csv        ent_num, add_num, address, city/state/postal, country,
                                      add_remarks
  sdn_comments    cons_comments.csv   ent_num, remarks overflow

No header row; `-0- ` means empty; CRLF lines and a final Ctrl-Z line. Every record is one
physical line, so each line is parsed on its own: a broken line is quarantined with its
1-based number and the rest loads. Entity ids are `ofac-<ent_num>`.

Rules worth knowing:
- SDN_Type `individual` -> Person, `vessel` -> Vessel, `aircraft` -> Airplane; blank -> Company
  when the name carries a legal form or the remarks a company identifier, else Organization.
- Programs are split on `] [` (`DPRK3] [NPWMD` -> DPRK3, NPWMD) into `program`.
- alt_type `aka` -> alias, `fka` -> previousName, `nka` -> alias; an alias whose alt_remarks
  say weak -> weakAlias. Remarks are parsed by `ofac_remarks`.
- Auxiliary rows whose ent_num is not in the primary file are quarantined as
  `unknown entity` (the files can come from different dates).
- OFAC cuts remarks at 1,000 characters and puts the rest in the comments file. An overflow
  row is appended only to remarks cut at that length; an overflow for remarks that are
  complete belongs to another version of the list and is quarantined.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from illicitflow.lists.entity import Builder, country_code
from illicitflow.lists.model import ListFormatError, ParsedList, Quarantined, SourceFile
from illicitflow.lists.ofac_remarks import COMPANY_PROPERTIES, apply_remarks, parse_remarks
from illicitflow.lists.text import lines, read_text

#: File name (lower case) -> (list name, part).
FILES: dict[str, tuple[str, str]] = {
    "sdn.csv": ("ofac-sdn", "primary"),
    "alt.csv": ("ofac-sdn", "alt"),
    "add.csv": ("ofac-sdn", "add"),
    "sdn_comments.csv": ("ofac-sdn", "comments"),
    "cons_prim.csv": ("ofac-cons", "primary"),
    "cons_alt.csv": ("ofac-cons", "alt"),
    "cons_add.csv": ("ofac-cons", "add"),
    "cons_comments.csv": ("ofac-cons", "comments"),
}

COLUMNS: dict[str, tuple[str, ...]] = {
    "primary": ("ent_num", "name", "sdn_type", "program", "title", "call_sign", "vess_type",
                "tonnage", "grt", "vess_flag", "vess_owner", "remarks"),
    "alt": ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks"),
    "add": ("ent_num", "add_num", "address", "city", "country", "add_remarks"),
    "comments": ("ent_num", "remarks"),
}

SDN_TYPES: dict[str | None, str] = {
    "individual": "Person",
    "vessel": "Vessel",
    "aircraft": "Airplane",
    None: "Organization",
}

#: Primary-file columns read as they are: (column, FtM property, label for a note).
ENTRY_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("title", "position", "Title"),
    ("call_sign", "callSign", "Call sign"),
    ("vess_type", "type", "Vessel type"),
    ("tonnage", "tonnage", "Tonnage"),
    ("grt", "grossRegisteredTonnage", "GRT"),
)

ALT_TYPES: dict[str, str] = {"aka": "alias", "fka": "previousName", "nka": "alias"}

#: Name tokens that mark a company among entries with no SDN_Type.
LEGAL_FORMS = frozenset({
    "AG", "AO", "B.V.", "BV", "BANK", "CJSC", "CO", "CO.", "COMPANY", "CORP", "CORP.",
    "CORPORATION", "FZC", "FZCO", "FZE", "GMBH", "INC", "INC.", "JSC", "LIMITED", "LLC", "LLP",
    "LTD", "LTD.", "OAO", "OJSC", "OOO", "PJSC", "PLC", "PTE", "S.A.", "S.A", "SA", "SARL",
    "S.R.L.", "SRL", "SPA", "S.P.A.", "ZAO",
})

#: OFAC's remarks column holds this many characters; the rest goes to the comments file.
REMARKS_LIMIT = 1000

EMPTY = "-0-"


class RowError(ValueError):
    """A line that is not a valid row of its file."""


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str | None]
    raw: str


def ofac_part(path: Path) -> tuple[str, str] | None:
    """(list name, part) of an OFAC file, by its name; None for other files."""
    return FILES.get(path.name.lower())


def row_values(fields: list[str], columns: tuple[str, ...]) -> dict[str, str | None]:
    """The named values of a row's fields; raises `RowError` saying what is wrong."""
    if len(fields) != len(columns):
        raise RowError(f"expected {len(columns)} columns, got {len(fields)}")
    values = {name: None if (text := raw.strip()) in ("", EMPTY) else text
              for name, raw in zip(columns, fields, strict=True)}
    ent_num = values["ent_num"]
    if ent_num is None or not ent_num.isascii() or not ent_num.isdigit():
        raise RowError(f"bad ent_num {fields[0].strip()!r}")
    values["ent_num"] = str(int(ent_num))
    return values


def parse_row(line: str, columns: tuple[str, ...]) -> dict[str, str | None]:
    """The named values of one CSV line; raises `RowError` saying what is wrong."""
    try:
        fields = next(csv.reader([line], strict=True), [])
    except csv.Error as exc:
        raise RowError(f"unparsable line: {exc}") from None
    return row_values(fields, columns)


def read_rows(path: Path, part: str) -> tuple[SourceFile, list[Row], list[Quarantined]]:
    """The rows of one OFAC file, and the lines that are not rows.

    One CSV reader runs over all lines (fast); where a record did not come from exactly one
    line (a stray quote swallowing the next line, a CSV error), each line it touched is
    parsed on its own, so one broken line costs only itself.
    """
    data, text, encoding = read_text(path)
    columns = COLUMNS[part]
    numbered = list(lines(text))
    rows: list[Row] = []
    bad: list[Quarantined] = []

    def keep(number: int, line: str, fields: list[str] | None) -> None:
        try:
            values = parse_row(line, columns) if fields is None else row_values(fields, columns)
        except RowError as exc:
            bad.append(Quarantined(str(path), number, str(exc), line))
        else:
            rows.append(Row(number, values, line))

    reader = csv.reader((line for _, line in numbered), strict=True)
    done = 0
    while done < len(numbered):
        try:
            fields: list[str] | None = next(reader)
        except StopIteration:
            break
        except csv.Error:
            fields = None
        span, done = numbered[done:reader.line_num], reader.line_num
        if len(span) == 1 and fields is not None:
            keep(*span[0], fields)
        else:
            for number, line in span:
                keep(number, line, None)
    return SourceFile.of(path, data, encoding), rows, bad


def split_programs(text: str | None) -> list[str]:
    """`DPRK3] [NPWMD` -> [DPRK3, NPWMD]."""
    if not text:
        return []
    return [p.strip(" []") for p in re.split(r"\]\s*\[", text) if p.strip(" []")]


def entry_schema(sdn_type: str | None, name: str, properties: Iterable[str]) -> str | None:
    """The FtM schema of an entry; None for an SDN_Type we do not know."""
    key = sdn_type.lower() if sdn_type else None
    if key not in SDN_TYPES:
        return None
    schema = SDN_TYPES[key]
    if schema == "Organization":
        tokens = set(name.upper().replace(",", " ").split())
        if tokens & LEGAL_FORMS or COMPANY_PROPERTIES.intersection(properties):
            return "Company"
    return schema


def build_entry(values: Mapping[str, str | None]) -> Builder:
    """The entity of one primary row, remarks included; raises `RowError` if it cannot be."""
    name = values["name"]
    if not name:
        raise RowError("no SDN_Name")
    remarks = parse_remarks(values["remarks"])
    schema = entry_schema(values["sdn_type"], name, (r.prop for r in remarks if r.prop))
    if schema is None:
        raise RowError(f"unknown SDN_Type {values['sdn_type']!r}")
    entity = Builder(schema, f"ofac-{values['ent_num']}")
    entity.add("name", name)
    if schema == "Person" and ", " in name:
        last, first = name.split(", ", 1)
        entity.add("lastName", last)
        entity.add("firstName", first)
    for program in split_programs(values["program"]):
        entity.add("program", program)
    entity.add("topics", "sanction")
    for column, prop, label in ENTRY_FIELDS:
        if values[column] is not None:
            entity.add(prop, values[column], label)
    if values["vess_flag"] is not None:
        flag = country_code(values["vess_flag"])
        entity.add("flag", flag or values["vess_flag"], "Flag", fallbacks=("country",),
                   cleaned=flag is not None)
    if values["vess_owner"]:
        entity.note(f"Vessel owner: {values['vess_owner']}")
    apply_remarks(entity, remarks)
    return entity


def add_alias(entity: Builder, values: Mapping[str, str | None]) -> None:
    prop = ALT_TYPES.get((values["alt_type"] or "").lower(), "alias")
    if values["alt_remarks"] and "weak" in values["alt_remarks"].lower():
        prop = "weakAlias"
    entity.add(prop, values["alt_name"])


def add_address(entity: Builder, values: Mapping[str, str | None]) -> None:
    parts = [values[k] for k in ("address", "city", "country") if values[k]]
    entity.add("address", ", ".join(parts))
    code = country_code(values["country"])
    entity.add("country", code or values["country"], "Country", cleaned=code is not None)
    if values["add_remarks"]:
        entity.note(f"Address remark: {values['add_remarks']}")


def parse_ofac(files: Mapping[str, Path], name: str) -> ParsedList:
    """Parse one OFAC set; `files` maps a part (primary, alt, add, comments) to its path."""
    if "primary" not in files:
        given = ", ".join(p.name for p in files.values())
        primary = "sdn.csv" if name == "ofac-sdn" else "cons_prim.csv"
        raise ListFormatError(f"{given}: OFAC auxiliary files need their primary file {primary}")
    sources: list[SourceFile] = []
    quarantine: list[Quarantined] = []
    rows: dict[str, list[Row]] = {}
    for part, path in files.items():
        source, part_rows, bad = read_rows(path, part)
        sources.append(source)
        quarantine.extend(bad)
        rows[part] = part_rows

    primary_path = str(files["primary"])
    entries: dict[str, Row] = {}
    for row in rows["primary"]:
        ent_num = row.values["ent_num"]
        assert ent_num is not None
        if ent_num in entries:
            quarantine.append(Quarantined(primary_path, row.line, "duplicate ent_num", row.raw))
        else:
            entries[ent_num] = row

    def unknown(part: str, row: Row) -> bool:
        if row.values["ent_num"] in entries:
            return False
        quarantine.append(Quarantined(str(files[part]), row.line, "unknown entity", row.raw))
        return True

    remarks = {ent: row.values["remarks"] or "" for ent, row in entries.items()}
    for row in rows.get("comments", []):
        if unknown("comments", row):
            continue
        ent = row.values["ent_num"]
        assert ent is not None
        if len(remarks[ent]) < REMARKS_LIMIT:
            quarantine.append(Quarantined(str(files["comments"]), row.line,
                                          "overflow for remarks that are not cut "
                                          "(from another version of the list)", row.raw))
            continue
        remarks[ent] += row.values["remarks"] or ""

    builders: dict[str, Builder] = {}
    for ent, row in entries.items():
        try:
            builders[ent] = build_entry({**row.values, "remarks": remarks[ent]})
        except RowError as exc:
            quarantine.append(Quarantined(primary_path, row.line, str(exc), row.raw))

    for part, apply in (("alt", add_alias), ("add", add_address)):
        for row in rows.get(part, []):
            if unknown(part, row):
                continue
            entity = builders.get(row.values["ent_num"] or "")
            if entity is None:
                quarantine.append(Quarantined(str(files[part]), row.line,
                                              "entity not loaded (its row is quarantined)",
                                              row.raw))
                continue
            apply(entity, row.values)

    return ParsedList(name, sources, [b.to_dict() for b in builders.values()], quarantine)
