"""Dates as lists write them, to FtM date prefixes (`1964`, `1964-06`, `1964-06-18`).

OFAC writes `18 Jun 1964`, `Jun 1964`, `1964`, `circa 1947` and ranges such as
`1955 to 1958` or `01 Jan 1960 to 31 Dec 1962`; the UN writes ISO dates and years. A range of
whole years becomes every year in it (a name screened with any of those years is a candidate);
any other range gives its two ends. Text that is no date gives nothing, never an error.
"""

from __future__ import annotations

import re
from datetime import date

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
MONTHS = {name[:3]: number for number, name in enumerate(MONTH_NAMES, 1)}

#: Ranges longer than this many years give their two ends, not every year.
MAX_YEAR_SPAN = 20

_APPROX = re.compile(r"^(?:circa|approximately|approx\.?|about|ca\.|c\.)\s*", re.I)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ].*)?$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]{3,9})\.?,?\s+(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"\s+(?:to|-|–|and)\s+", re.I)


def _month(name: str) -> int | None:
    """The number of a month name or its abbreviation (`Jun`, `June`, `Sept`)."""
    number = MONTHS.get(name[:3].lower())
    if number is None or not MONTH_NAMES[number - 1].startswith(name.lower()):
        return None
    return number


def _valid(year: int, month: int = 1, day: int = 1) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1000 <= year <= 2999


def parse_date(text: str) -> str | None:
    """One date (`18 Jun 1964`, `Jun 1964`, `1964`, `1964-06-18`) as an FtM date prefix."""
    text = _APPROX.sub("", text.strip().rstrip(".").strip())
    if m := _ISO.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3]) if m[3] else None
        if not _valid(year, month, day or 1):
            return None
        return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    if m := _DAY_MONTH_YEAR.match(text):
        day, month, year = int(m[1]), _month(m[2]), int(m[3])
        return f"{year:04d}-{month:02d}-{day:02d}" if month and _valid(year, month, day) else None
    if m := _MONTH_YEAR.match(text):
        month, year = _month(m[1]), int(m[2])
        return f"{year:04d}-{month:02d}" if month and _valid(year, month) else None
    if (m := _YEAR.match(text)) and _valid(int(m[1])):
        return m[1]
    return None


def year_range(start: int, end: int) -> list[str]:
    """Every year from `start` to `end`, or just the two ends when the span is implausible."""
    if start <= end and end - start <= MAX_YEAR_SPAN:
        return [str(year) for year in range(start, end + 1)]
    return [str(start), str(end)]


def _whole_years(start: str, end: str) -> bool:
    return start[4:] in ("", "-01", "-01-01") and end[4:] in ("", "-12", "-12-31")


def parse_dates(text: str) -> list[str]:
    """All dates a date expression stands for: one date, or a range (see module docstring)."""
    text = _APPROX.sub("", text.strip().rstrip(".").strip())
    parts = _RANGE.split(text, maxsplit=1)
    if len(parts) == 2:
        start, end = parse_date(parts[0]), parse_date(parts[1])
        if start and end:
            if _whole_years(start, end):
                return year_range(int(start[:4]), int(end[:4]))
            return [start, end] if start != end else [start]
    found = parse_date(text)
    return [found] if found else []
