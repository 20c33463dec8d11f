"""Ingest of bank transactions: the world's own files, AMLSim and IBM AMLworld layouts."""

from illicitflow.transactions.api import FORMATS, import_transactions, source_name
from illicitflow.transactions.load import ImportReport, TransactionImportError

__all__ = ["FORMATS", "ImportReport", "TransactionImportError", "import_transactions",
           "source_name"]
