"""Wunschzeit: live expert Q&A talks turned into a searchable static archive."""

__version__ = "0.1.0"
