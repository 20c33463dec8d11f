"""OFAC's remarks field: `DOB 18 Jun 1964; POB Kaesong, DPRK; Passport 381420754 (Korea, North)`.

The remarks of a legacy OFAC CSV entry are `; `-separated segments, each a key (optionally
after `alt. `) and a value. `REMARK_KEYS` is the table of the keys we read, the FtM property
each feeds and how its value is parsed; it is data, extend it there. Segments with no key in
the table (`Secondary sanctions risk: ...`, `Linked To: ...`) are kept as notes.

Value kinds:
  date      one date or a range (`DOB circa 1947`, `DOB 1955 to 1958`), see `dates`
  place     a place of birth; the country it ends with also gives `birthCountry`
  country   a country name, cleaned to its ISO code (`Korea, North` -> `kp`)
  gender    `Male` / `Female`
  document  an identifier with an optional `(Country)`, `issued DATE` and `expires DATE`;
            an `IMO nnnnnnn` value goes to `imoNumber` whatever the key
  imo       a text holding `IMO nnnnnnn`
  text      kept as written (cleaned by the FtM type: e-mail, URL, phone)
  name      a quoted name: `a.k.a. 'KOMID'` (OFAC publishes weak AKAs only in remarks)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from illicitflow.lists.dates import parse_dates
from illicitflow.lists.entity import IDENTIFIER_FALLBACKS, Builder, country_code

#: (key as OFAC writes it, FtM property, value kind). Longest keys are tried first.
REMARK_KEYS: tuple[tuple[str, str, str], ...] = (
    # people
    ("DOB", "birthDate", "date"),
    ("POB", "birthPlace", "place"),
    ("nationality", "nationality", "country"),
    ("citizen", "citizenship", "country"),
    ("Gender", "gender", "gender"),
    # identity documents
    ("Passport", "passportNumber", "document"),
    ("Diplomatic Passport", "passportNumber", "document"),
    ("National ID No.", "idNumber", "document"),
    ("Identification Number", "idNumber", "document"),
    ("Personal ID Card", "idNumber", "document"),
    ("Cedula No.", "idNumber", "document"),
    ("D.N.I.", "idNumber", "document"),
    ("SSN", "socialSecurityNumber", "document"),
    ("CURP #", "idNumber", "document"),
    ("Driver's License No.", "idNumber", "document"),
    ("Birth Certificate Number", "idNumber", "document"),
    ("Electoral Registry No.", "idNumber", "document"),
    ("Residency Number", "idNumber", "document"),
    ("Kenyan ID No.", "idNumber", "document"),
    ("Turkish Identification Number", "idNumber", "document"),
    # tax and registration numbers
    ("Tax ID No.", "taxNumber", "document"),
    ("RFC #", "taxNumber", "document"),
    ("NIT #", "taxNumber", "document"),
    ("RUC #", "taxNumber", "document"),
    ("RIF #", "taxNumber", "document"),
    ("V.A.T. Number", "vatCode", "document"),
    ("Registration Number", "registrationNumber", "document"),
    ("Registration ID", "registrationNumber", "document"),
    ("Business Registration Number", "registrationNumber", "document"),
    ("Business Registration Document #", "registrationNumber", "document"),
    ("Company Number", "registrationNumber", "document"),
    ("Commercial Registry Number", "registrationNumber", "document"),
    ("Chamber of Commerce Number", "registrationNumber", "document"),
    ("Istanbul Chamber of Comm. No.", "registrationNumber", "document"),
    ("C.R. No.", "registrationNumber", "document"),
    ("Trade License No.", "registrationNumber", "document"),
    ("Public Registration Number", "registrationNumber", "document"),
    ("Government Gazette Number", "registrationNumber", "document"),
    ("Unified Social Credit Code (USCC)", "registrationNumber", "document"),
    ("Folio Mercantil No.", "registrationNumber", "document"),
    ("Matricula Mercantil No", "registrationNumber", "document"),
    ("Economic Register Number (CBLS)", "registrationNumber", "document"),
    ("Central Registration System Number", "registrationNumber", "document"),
    ("License", "licenseNumber", "document"),
    ("Legal Entity Number", "leiCode", "document"),
    ("D-U-N-S Number", "dunsCode", "document"),
    ("SWIFT/BIC", "swiftBic", "document"),
    ("ISIN", "isinCode", "document"),
    ("Equity Ticker", "ticker", "text"),
    ("Organization Established Date", "incorporationDate", "date"),
    # vessels and aircraft
    ("Vessel Registration Identification", "imoNumber", "imo"),
    ("MMSI", "mmsi", "document"),
    ("Vessel Year of Build", "buildDate", "date"),
    ("Former Vessel Flag", "pastFlags", "country"),
    ("Nationality of Registration", "country", "country"),
    ("Aircraft Manufacturer's Serial Number (MSN)", "serialNumber", "text"),
    ("Aircraft Construction Number (also called L/N or S/N or F/N)", "serialNumber", "text"),
    ("Aircraft Model", "model", "text"),
    ("Aircraft Tail Number", "registrationNumber", "document"),
    ("Aircraft Manufacture Date", "buildDate", "date"),
    # contact
    ("Email Address", "email", "text"),
    ("EMAIL", "email", "text"),
    ("Website", "website", "text"),
    ("Phone Number", "phone", "text"),
    ("PHONE", "phone", "text"),
    ("Telephone", "phone", "text"),
    # names
    ("a.k.a.", "weakAlias", "name"),
    ("f.k.a.", "previousName", "name"),
    ("n.k.a.", "alias", "name"),
)

#: Properties that, on an entry with no SDN_Type, show it is a company rather than a body.
COMPANY_PROPERTIES = frozenset({"taxNumber", "vatCode", "registrationNumber", "leiCode",
                                "dunsCode", "isinCode", "ticker", "incorporationDate"})

_KEYS = {key.lower(): (key, prop, kind) for key, prop, kind in REMARK_KEYS}
#: First word (lower case) -> the keys that start with it, longest first.
_BY_FIRST_WORD: dict[str, list[str]] = {}
for _key in sorted(_KEYS, key=len, reverse=True):
    _BY_FIRST_WORD.setdefault(_key.split()[0], []).append(_key)
_ALT = re.compile(r"^alt\.\s+", re.I)
_IMO = re.compile(r"\bIMO\s*:?\s*(\d{7})\b", re.I)
_ISSUED = re.compile(r"\s+issued\s+(?P<date>.+)$", re.I)
_EXPIRES = re.compile(r"\s+expires\s+(?P<date>.+)$", re.I)
_PARENS = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class Remark:
    """One segment of the remarks; `key` is None where the table has no key for it."""

    text: str
    key: str | None = None
    prop: str | None = None
    kind: str = "note"
    value: str = ""
    alt: bool = False


@dataclass(frozen=True)
class Document:
    """An identifier as OFAC writes it: `A10472263 (Malaysia) issued 1 Jan 2000 expires ...`."""

    number: str
    country: str | None = None  # ISO code
    issued: str | None = None
    expires: str | None = None


def split_remarks(text: str | None) -> list[str]:
    """The `; `-separated segments of a remarks field, without the final period."""
    if not text:
        return []
    text = text.strip()
    text = text.removesuffix(".") if not text.endswith("..") else text
    return [part.strip() for part in re.split(r";\s+", text) if part.strip()]


def parse_remark(segment: str) -> Remark:
    """The key, property, kind and value of one remarks segment."""
    body = segment
    alt = _ALT.match(segment)
    if alt is not None:
        body = segment[alt.end():]
    lower = body.lower()
    for key in _BY_FIRST_WORD.get(lower.split(None, 1)[0] if lower.strip() else "", ()):
        if lower.startswith(key) and not lower[len(key):len(key) + 1].isalnum():
            value = body[len(key):].lstrip(" \t:#").strip()
            found, prop, kind = _KEYS[key]
            return Remark(segment, found, prop, kind, value, alt is not None)
    return Remark(segment)


def parse_remarks(text: str | None) -> list[Remark]:
    """Every segment of a remarks field, parsed."""
    return [parse_remark(segment) for segment in split_remarks(text)]


def parse_document(value: str) -> Document:
    """Number, issuing country and dates of an identifier value."""
    value = value.strip()
    expires = issued = None
    if m := _EXPIRES.search(value):
        expires, value = m["date"], value[:m.start()]
    if m := _ISSUED.search(value):
        issued, value = m["date"], value[:m.start()]
    country = None
    for inner in reversed(_PARENS.findall(value)):
        if (code := country_code(inner)) is not None:
            country = code
            break
    number = value.split("(", 1)[0].strip(" ,;-") or value.strip()
    first = parse_dates(issued) if issued else []
    last = parse_dates(expires) if expires else []
    return Document(number, country, first[0] if first else None, last[0] if last else None)


def place_country(place: str) -> str | None:
    """The country a place ends with: `Kaesong, Korea, North` -> kp, `Tehran, Iran` -> ir."""
    parts = [p.strip() for p in place.split(",")]
    for candidate in (", ".join(parts[-2:]), parts[-1]) if len(parts) > 1 else (parts[-1],):
        if (code := country_code(candidate)) is not None:
            return code
    return None


def quoted_name(value: str) -> str:
    """The name inside `'...'` (OFAC quotes remark names with single quotes)."""
    value = value.strip()
    value = re.sub(r"^weak\s+", "", value, flags=re.I)
    if len(value) >= 2 and value[0] in "'\"" and value[-1] == value[0]:
        value = value[1:-1]
    elif value.startswith("'") and value.count("'") >= 2:
        value = value[1:value.rindex("'")]
    return value.strip()


def apply_remark(entity: Builder, remark: Remark) -> None:
    """Add what one remark says to `entity` (or keep it as a note)."""
    prop, value, label = remark.prop, remark.value, remark.key
    if prop is None or not value:
        entity.note(remark.text)
    elif remark.kind == "date":
        dates = parse_dates(value)
        if dates and entity.has(prop):
            entity.add_all(prop, dates, cleaned=True)
        else:
            entity.note(remark.text)
    elif remark.kind == "place":
        entity.add(prop, value, label, fallbacks=("address",))
        if entity.has("birthCountry"):
            entity.add("birthCountry", place_country(value), cleaned=True)
    elif remark.kind == "country":
        code = country_code(value)
        entity.add(prop, code or value, label, fallbacks=("country",), cleaned=code is not None)
    elif remark.kind == "gender":
        entity.add(prop, value.lower(), label)
    elif remark.kind == "imo":
        if m := _IMO.search(value):
            entity.add("imoNumber", f"IMO{m[1]}", label, fallbacks=IDENTIFIER_FALLBACKS)
        else:
            entity.note(remark.text)
    elif remark.kind == "document":
        doc = parse_document(value)
        if m := _IMO.fullmatch(doc.number):
            entity.add("imoNumber", f"IMO{m[1]}", label, fallbacks=IDENTIFIER_FALLBACKS)
        else:
            entity.add(prop, doc.number, label, fallbacks=IDENTIFIER_FALLBACKS)
        if doc.country:
            entity.add("country", doc.country, cleaned=True)
    elif remark.kind == "name":
        entity.add(prop, quoted_name(value), label, fallbacks=("alias",))
    else:
        entity.add(prop, value, label)


def apply_remarks(entity: Builder, remarks: list[Remark]) -> None:
    """Add every remark to `entity`."""
    for remark in remarks:
        apply_remark(entity, remark)
