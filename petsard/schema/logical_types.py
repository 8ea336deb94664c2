"""Logical types read from text values: what a string field holds (email, url, phone).

A field gets a logical type only when every value of a sample has its form, so a free-text
field that mentions one address is not taken for an email field.
"""

from __future__ import annotations

import re

import pandas as pd

SAMPLE = 200  # distinct values looked at
PATTERNS = {
    "email": re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+"),
    "url": re.compile(r"(?:https?|ftp)://[^\s/$.?#][^\s]*|www\.[^\s.]+\.[^\s]+", re.IGNORECASE),
    # Digits with the separators phone numbers are written with, and at least one of them
    # (or a leading '+'): bare digit strings are more often codes than phone numbers.
    "phone": re.compile(r"\+?[\d().\- ]*\d[\d().\- ]*"),
}


def _is_phone(values: pd.Series) -> bool:
    digits = values.str.count(r"\d")
    separated = values.str.contains(r"[().\- ]|^\+", regex=True)
    return bool(((digits >= 7) & (digits <= 15) & separated).all())


def infer_logical_type(values: pd.Series) -> str | None:
    """'email', 'url', 'phone' or None for the non-missing values of a text field."""
    if values.empty:
        return None
    sample = pd.Series(values.unique()[:SAMPLE])
    if not all(isinstance(v, str) for v in sample):
        return None
    sample = sample.str.strip()
    for name, pattern in PATTERNS.items():
        if sample.str.fullmatch(pattern).all() and (name != "phone" or _is_phone(sample)):
            return name
    return None
