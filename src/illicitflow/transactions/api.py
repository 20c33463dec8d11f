"""`import_transactions`: one entry for every format."""

from __future__ import annotations

from pathlib import Path

from illicitflow.store import Store
from illicitflow.transactions.amlsim import import_amlsim
from illicitflow.transactions.ibm import import_ibm
from illicitflow.transactions.load import ImportReport, TransactionImportError
from illicitflow.transactions.native import import_native

FORMATS = ("native", "amlsim", "ibm-aml")


def source_name(path: Path, fmt: str) -> str:
    """The ``source`` value of an import: format and resolved path."""
    return f"{fmt}:{Path(path).resolve()}"


def import_transactions(store: Store, path: str | Path, format: str) -> ImportReport:
    """Import `path` in `format` (``native``, ``amlsim`` or ``ibm-aml``) into `store`.

    Re-importing the same path replaces its rows. Raises :class:`TransactionImportError` when
    the path is not of that format (nothing is written); bad rows are quarantined, never fatal.
    """
    path = Path(path)
    if not path.exists():
        raise TransactionImportError(f"{path}: no such file or folder")
    source = source_name(path, format)
    if format == "native":
        return import_native(store, path, source)
    if format == "amlsim":
        return import_amlsim(store, path, source)
    if format == "ibm-aml":
        return import_ibm(store, path, source)
    raise TransactionImportError(f"unknown format '{format}': one of {', '.join(FORMATS)}")
