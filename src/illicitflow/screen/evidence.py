"""Supporting evidence beside the name: dates of birth, nationality, gender, identifiers, IMO.

Each feature compares one kind of evidence of a query and a list entity and returns a
:class:`Finding` (a named adjustment with its reason) or None when either side lacks it. The
adjustments are additive on the name score, except the decisive ones: a matching IMO number
settles a vessel, a matching passport or other identifier lifts the score to
:data:`ID_MATCH_FLOOR`, and different IMO numbers cap it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from followthemoney.types import registry

# Weights of the additive features.
DOB_DAY_MATCH = 0.05  # same full date of birth
DOB_YEAR_MATCH = 0.02  # same year where one side knows only the year
DOB_DAY_MISMATCH = -0.10  # same year, different full dates
DOB_YEAR_NEAR = -0.15  # years one apart
DOB_YEAR_MISMATCH = -0.25  # years further apart
NATIONALITY_MATCH = 0.03
NATIONALITY_MISMATCH = -0.10  # the entity's nationalities exclude the query's
COUNTRY_MISMATCH = -0.05  # the entity's countries (residence, registration) exclude it
GENDER_MISMATCH = -0.20

# Decisive features.
IMO_MATCH = 0.99  # floor: a vessel with the same IMO number is the same vessel
IMO_MISMATCH_CAP = 0.5  # two IMO numbers that differ: two vessels
ID_MATCH_FLOOR = 0.95  # a passport, national ID or registration number in common


@dataclass(slots=True)
class Finding:
    """One piece of evidence: its feature name, adjustment (or floor/cap) and reason."""

    feature: str
    delta: float
    reason: str
    mode: str = "add"  # add | floor | cap

    def explain(self) -> str:
        if self.mode == "floor":
            return f"{self.reason} (score at least {self.delta:.2f})"
        if self.mode == "cap":
            return f"{self.reason} (score at most {self.delta:.2f})"
        return f"{self.reason} {self.delta:+.2f}"


@dataclass(slots=True)
class Evidence:
    """What is known of a query or an entity besides its names, normalised."""

    birth_dates: tuple[str, ...] = ()  # ISO prefixes: 1984, 1984-01, 1984-01-08
    nationalities: frozenset[str] = frozenset()  # alpha-2, lower case
    countries: frozenset[str] = frozenset()  # residence, registration, flag
    gender: str | None = None  # male | female
    identifiers: frozenset[str] = frozenset()  # passport, ID, registration numbers
    imo: frozenset[str] = frozenset()  # seven digits
    extra: dict[str, Any] = field(default_factory=dict)

    def empty(self) -> bool:
        return not (self.birth_dates or self.nationalities or self.countries or self.gender
                    or self.identifiers or self.imo)


# --- normalisation ------------------------------------------------------------------------------

_DATE_FORMATS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})"), (1, 2, 3)),
    (re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"), (1, 2, 3)),
    (re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$"), (3, 2, 1)),  # day first
    (re.compile(r"^(\d{4})-(\d{1,2})$"), (1, 2, None)),
    (re.compile(r"^(\d{4})$"), (1, None, None)),
)


def clean_date(value: Any) -> str | None:
    """An ISO date prefix (1984, 1984-01 or 1984-01-08) from a date-like value, or None."""
    if value is None:
        return None
    text = str(value).strip()
    if not text or text.lower() in ("nan", "none", "nat"):
        return None
    for pattern, (y, m, d) in _DATE_FORMATS:
        match = pattern.match(text)
        if not match:
            continue
        year = int(match.group(y))
        if not 1800 <= year <= 2100:
            return None
        if m is None:
            return f"{year:04d}"
        month = int(match.group(m))
        if not 1 <= month <= 12:
            return f"{year:04d}"
        if d is None:
            return f"{year:04d}-{month:02d}"
        day = int(match.group(d))
        if not 1 <= day <= 31:
            return f"{year:04d}-{month:02d}"
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def clean_country(value: Any) -> str | None:
    """An ISO 3166-1 alpha-2 code (lower case) from a code or a country name, or None."""
    if value is None:
        return None
    text = str(value).strip()
    if not text or text.lower() in ("nan", "none"):
        return None
    return _country(text)


@functools.lru_cache(maxsize=4096)
def _country(text: str) -> str | None:
    """FtM's country code for a stripped text (a few hundred distinct values recur)."""
    return registry.country.clean(text) or registry.country.clean(text.lower())


def clean_gender(value: Any) -> str | None:
    """male, female or None."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in ("m", "male", "man", "masculine"):
        return "male"
    if text in ("f", "female", "woman", "feminine"):
        return "female"
    return None


def clean_identifier(value: Any) -> str | None:
    """An identifier reduced to upper-case letters and digits (at least four characters)."""
    if value is None:
        return None
    text = re.sub(r"[^0-9A-Za-z]", "", str(value)).upper()
    return text if len(text) >= 4 and any(c.isdigit() for c in text) else None


def clean_imo(value: Any) -> str | None:
    """The seven digits of an IMO number ("IMO 9187629" -> "9187629"), or None."""
    if value is None:
        return None
    digits = re.sub(r"\D", "", str(value))
    return digits if len(digits) == 7 else None


def _clean_all(values: Iterable[Any], cleaner: Any) -> list[str]:
    return [v for v in (cleaner(x) for x in values) if v]


_ID_PROPERTIES = ("passportNumber", "idNumber", "registrationNumber", "taxNumber", "innCode",
                  "ogrnCode", "leiCode", "swiftBic", "socialSecurityNumber", "vatCode",
                  "licenseNumber", "mmsi", "callSign")


def entity_evidence(properties: Mapping[str, list[Any]]) -> Evidence:
    """The evidence of an FtM entity from its properties."""
    def get(*names: str) -> list[Any]:
        return [v for n in names for v in properties.get(n, ())]

    imo = set(_clean_all(get("imoNumber"), clean_imo))
    ids = set(_clean_all(get(*_ID_PROPERTIES), clean_identifier))
    return Evidence(
        birth_dates=tuple(dict.fromkeys(_clean_all(get("birthDate"), clean_date))),
        nationalities=frozenset(_clean_all(get("nationality", "citizenship"), clean_country)),
        countries=frozenset(_clean_all(get("country", "jurisdiction", "flag", "birthCountry"),
                                       clean_country)),
        gender=next(iter(_clean_all(get("gender"), clean_gender)), None),
        identifiers=frozenset(ids - imo),
        imo=frozenset(imo),
    )


_SEPARATORS = re.compile(r"[;|]")


def query_evidence(row: Mapping[str, Any]) -> Evidence:
    """The evidence of a query row (date_of_birth, nationality, gender, identifiers)."""
    def values(*names: str) -> list[Any]:
        out: list[Any] = []
        for name in names:
            value = row.get(name)
            if value is None:
                continue
            if isinstance(value, (list, tuple, set, frozenset)):
                out.extend(value)
            else:
                out.extend(v for v in _SEPARATORS.split(str(value)) if v.strip())
        return out

    return Evidence(
        birth_dates=tuple(_clean_all(values("date_of_birth", "birth_date", "dob"), clean_date)),
        nationalities=frozenset(_clean_all(values("nationality", "citizenship"), clean_country)),
        countries=frozenset(_clean_all(values("country"), clean_country)),
        gender=next(iter(_clean_all(values("gender"), clean_gender)), None),
        identifiers=frozenset(_clean_all(
            values("passport", "passport_number", "id_number", "identifier",
                   "registration_number"), clean_identifier)),
        imo=frozenset(_clean_all(values("imo", "imo_number"), clean_imo)),
    )


# --- features -----------------------------------------------------------------------------------


def dob_feature(query: Evidence, entity: Evidence) -> Finding | None:
    """Dates of birth: the same day raises, other years lower (one year apart, less)."""
    if not query.birth_dates or not entity.birth_dates:
        return None
    best: Finding | None = None
    for q in query.birth_dates:
        for e in entity.birth_dates:
            finding = _compare_dates(q, e)
            if best is None or finding.delta > best.delta:
                best = finding
    return best


def _compare_dates(q: str, e: str) -> Finding:
    if len(q) == 10 and q == e:
        return Finding("dob", DOB_DAY_MATCH, f"born {e} = {q}")
    qy, ey = int(q[:4]), int(e[:4])
    if qy == ey:
        if len(q) == 10 and len(e) == 10:
            return Finding("dob", DOB_DAY_MISMATCH, f"born {e}, query {q}: same year, other day")
        if q[: min(len(q), len(e))] == e[: min(len(q), len(e))]:
            return Finding("dob", DOB_YEAR_MATCH, f"born {e} ~ {q}")
        return Finding("dob", DOB_DAY_MISMATCH, f"born {e}, query {q}: same year, other month")
    if abs(qy - ey) == 1:
        return Finding("dob", DOB_YEAR_NEAR, f"born {e}, query {q}: a year apart")
    return Finding("dob", DOB_YEAR_MISMATCH, f"born {e}, query {q}: other year")


def nationality_feature(query: Evidence, entity: Evidence) -> Finding | None:
    """Nationality: shared raises a little; excluded by the entity's nationalities lowers."""
    wanted = query.nationalities | query.countries
    if not wanted:
        return None
    if entity.nationalities:
        shared = wanted & entity.nationalities
        if shared:
            return Finding("nationality", NATIONALITY_MATCH,
                           f"nationality {', '.join(sorted(shared))}")
        return Finding("nationality", NATIONALITY_MISMATCH,
                       f"nationality {', '.join(sorted(entity.nationalities))}, query "
                       f"{', '.join(sorted(wanted))}")
    if entity.countries:
        if wanted & entity.countries:
            return Finding("country", NATIONALITY_MATCH,
                           f"country {', '.join(sorted(wanted & entity.countries))}")
        return Finding("country", COUNTRY_MISMATCH,
                       f"country {', '.join(sorted(entity.countries))}, query "
                       f"{', '.join(sorted(wanted))}")
    return None


def gender_feature(query: Evidence, entity: Evidence) -> Finding | None:
    """Gender: a mismatch lowers; a match says little."""
    if query.gender and entity.gender and query.gender != entity.gender:
        return Finding("gender", GENDER_MISMATCH, f"gender {entity.gender}, query {query.gender}")
    return None


def imo_feature(query: Evidence, entity: Evidence) -> Finding | None:
    """IMO numbers: the same number is decisive; two different numbers are two vessels."""
    if not query.imo or not entity.imo:
        return None
    shared = query.imo & entity.imo
    if shared:
        return Finding("imo", IMO_MATCH, f"IMO {', '.join(sorted(shared))} matches", "floor")
    return Finding("imo", IMO_MISMATCH_CAP,
                   f"IMO {', '.join(sorted(entity.imo))}, query {', '.join(sorted(query.imo))}",
                   "cap")


def identifier_feature(query: Evidence, entity: Evidence) -> Finding | None:
    """Passport, ID and registration numbers: one in common lifts the score."""
    shared = query.identifiers & entity.identifiers
    if shared:
        return Finding("identifier", ID_MATCH_FLOOR,
                       f"identifier {', '.join(sorted(shared))} matches", "floor")
    return None


#: The evidence features, in the order their findings are explained.
FEATURES = (imo_feature, identifier_feature, dob_feature, nationality_feature, gender_feature)


def assess(query: Evidence, entity: Evidence) -> list[Finding]:
    """Every finding of the evidence features for a query and an entity."""
    findings = []
    for feature in FEATURES:
        finding = feature(query, entity)
        if finding is not None:
            findings.append(finding)
    return findings


def best_possible(findings: list[Finding]) -> float:
    """The highest score the findings allow: :func:`apply` is non-decreasing in the name score,
    which is at most 1, so no name can lift a pair above this."""
    return apply(1.0, findings)


def apply(score: float, findings: list[Finding]) -> float:
    """The score after the findings: additions first, then floors, then caps; in [0, 1]."""
    for f in findings:
        if f.mode == "add":
            score += f.delta
    for f in findings:
        if f.mode == "floor":
            score = max(score, f.delta)
    for f in findings:
        if f.mode == "cap":
            score = min(score, f.delta)
    return max(0.0, min(1.0, score))
