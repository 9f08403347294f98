"""Wunschzeit: live expert Q&A talks turned into a searchable static archive."""

# The one place of the version: pyproject.toml reads it from here (setuptools dynamic version),
# and `wunschzeit init` pins it in the new archive's requirements.txt.
__version__ = "0.1.0"
