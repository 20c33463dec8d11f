"""The world's own sanctions list, published in OFAC's SDN CSV layout.

Files: ``sdn.csv`` (ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage,
GRT, Vess_flag, Vess_owner, Remarks), ``alt.csv`` (ent_num, alt_num, alt_type, alt_name,
alt_remarks) and ``add.csv`` (ent_num, add_num, address, city/state/postal, country,
add_remarks), as OFAC writes them: no header, ``-0- `` for empty, ASCII, CRLF line endings and a
closing Ctrl-Z line.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

EMPTY = "-0- "


@dataclass
class Listing:
    entity_id: str
    name: str
    sdn_type: str  # individual | vessel | aircraft | "" (entity)
    program: str = "DPRK"
    title: str = ""
    remarks: list[str] = field(default_factory=list)
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (aka|fka, name)
    address: tuple[str, str, str] | None = None  # street, city, country
    vessel: dict[str, str] = field(default_factory=dict)  # call_sign, type, flag, owner
    listed_on: dt.date | None = None


def ascii_text(text: str) -> str:
    """OFAC's files are ASCII: diacritics are stripped, other scripts dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if ord(c) < 128 and not unicodedata.combining(c))


def _cell(value: str | int) -> str:
    """One field as OFAC writes it: numbers bare, text quoted, empty as '-0- '."""
    if isinstance(value, int):
        return str(value)
    value = ascii_text(value).strip()
    return '"' + value.replace('"', '""') + '"' if value else EMPTY


def _row(cells: list[str | int]) -> str:
    return ",".join(_cell(c) for c in cells) + "\r\n"


def write_sdn(listings: list[Listing], folder: Path, first_ent_num: int = 90001) -> list[int]:
    """Write sdn.csv, alt.csv and add.csv; return the ent_num given to each listing."""
    folder.mkdir(parents=True, exist_ok=True)
    sdn, alt, add = io.StringIO(), io.StringIO(), io.StringIO()
    ent_nums, alt_num, add_num = [], 80001, 70001
    for i, item in enumerate(listings):
        ent = first_ent_num + i
        ent_nums.append(ent)
        v = item.vessel
        remarks = "; ".join(item.remarks) + "." if item.remarks else ""
        sdn.write(_row([ent, item.name, item.sdn_type, item.program, item.title,
                        v.get("call_sign", ""), v.get("type", ""), "", "", v.get("flag", ""),
                        v.get("owner", ""), remarks]))
        for kind, name in item.aliases:
            if ascii_text(name).strip() and ascii_text(name) != ascii_text(item.name):
                alt.write(_row([ent, alt_num, kind, name, ""]))
                alt_num += 1
        if item.address:
            street, city, country = item.address
            add.write(_row([ent, add_num, street, city, country, ""]))
            add_num += 1
    for name, buf in (("sdn.csv", sdn), ("alt.csv", alt), ("add.csv", add)):
        text = buf.getvalue() + "\x1a"
        (folder / name).write_bytes(text.encode("ascii"))
    return ent_nums
