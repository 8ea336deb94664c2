"""This petsard's version (one place: the package, the run record and the HTML page read it)."""

__version__ = "0.1.0"
