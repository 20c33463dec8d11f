"""Reading list files as text: encoding detection and physical lines.

Lists arrive as UTF-8, UTF-8 with a byte-order mark, or Windows-1252 (OFAC's files are ASCII,
spreadsheets re-save them as CP1252). `decode` tries UTF-8 (dropping a BOM) and falls back to
CP1252; the five bytes CP1252 leaves undefined are read as Latin-1, so decoding never fails.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

#: OFAC's files end with a lone Ctrl-Z (SUB) line, a DOS end-of-file marker.
EOF_MARK = "\x1a"


def _cp1252_or_latin1(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start:error.end].decode("latin-1"), error.end


codecs.register_error("illicitflow-latin1", _cp1252_or_latin1)


def decode(data: bytes) -> tuple[str, str]:
    """The text of `data` and the encoding it was read with: utf-8, utf-8-sig or cp1252."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="illicitflow-latin1"), "cp1252"


def read_text(path: Path) -> tuple[bytes, str, str]:
    """The bytes of the file at `path`, its decoded text and the encoding used."""
    data = path.read_bytes()
    text, encoding = decode(data)
    return data, text, encoding


def lines(text: str) -> Iterator[tuple[int, str]]:
    """(1-based line number, line) for each physical line, without its line ending.

    Splits on LF only (a CR before it is dropped), so that characters `str.splitlines` treats
    as breaks (form feed, U+2028, ...) stay inside their line. Empty lines and the Ctrl-Z
    end-of-file line are skipped; a file that lacks a final newline loses nothing.
    """
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if line.strip() in ("", EOF_MARK):
            continue
        yield number, line
