"""illicitflow: simulate and hunt the illicit financial flows of sanctioned states."""

__version__ = "0.1.0"
