"""Logical types read from a field's values (and its name): what the values mean.

PETsARD's ``email``, ``url`` and ``phone``, and the other direct identifiers a release must
not replay: ``name`` (people's names), ``address``, ``id`` (a key: one value per row) and
``code`` (short, mostly distinct codes such as ticket or account numbers). A field gets a
logical type only when every value of a sample has its form, so a free-text field that
mentions one address is not taken for an email field.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

SAMPLE = 200  # distinct values looked at
# Logical types whose real values identify a person: synthesizers never replay them.
DIRECT_IDENTIFIERS = ("id", "name", "email", "phone", "url", "address", "code")
PATTERNS = {
    "email": re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+"),
    "url": re.compile(r"(?:https?|ftp)://[^\s/$.?#][^\s]*|www\.[^\s.]+\.[^\s]+", re.IGNORECASE),
    # Digits with the separators phone numbers are written with, and at least one of them
    # (or a leading '+'): bare digit strings are more often codes than phone numbers.
    "phone": re.compile(r"\+?[\d().\- ]*\d[\d().\- ]*"),
}
# A person's name: two to eight words, each starting with a capital (titles, initials, commas,
# quotes and parentheses allowed), no digits; or two to four CJK characters.
_NAME = re.compile(r"(?!.*\d)(?:[(\"']?[A-Z][^\s,]*,?\s+){1,7}[(\"']?[A-Z]\S*"
                   r"|[\u4e00-\u9fff]{2,4}")
_STREET = re.compile(
    r"\d.*\b(?:st|street|ave|avenue|rd|road|blvd|boulevard|lane|ln|dr|drive|way|ct|court|"
    r"pl|place|sq|square|hwy|highway)\b|[路街道巷弄號]", re.IGNORECASE)
# Words in a field's name that say what it holds (camelCase and snake_case are split).
_HINTS = {"name": {"name", "fullname", "firstname", "lastname", "surname", "姓名", "名字"},
          "address": {"address", "addr", "street", "地址", "住址"},
          "id": {"id", "key", "uuid", "guid", "no", "number", "ssn", "passport", "mrn",
                 "編號", "代號", "身分證", "身份證", "帳號", "病歷號"}}
_CJK_HINTS = {h for hints in _HINTS.values() for h in hints if re.match(r"[\u4e00-\u9fff]", h)}
# People's names repeat in large tables (common names): under a header that says names, values
# shaped as names are names while at least this share of them is distinct (a product or city
# name under the same header repeats far more).
NAME_MIN_DISTINCT_SHARE = 0.2
NAME_MIN_DISTINCT = 50
CODE_MAX_LENGTH = 32  # longer mostly-distinct text is free text, not a code
KEY_MIN_ROWS = 20


def _words(field: str) -> set[str]:
    """The words of a field's name, and every hint written in CJK characters that it
    contains (CJK names run words together: 身分證字號 holds 身分證)."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", field)
    words = {w.lower() for w in re.split(r"[^0-9A-Za-z\u4e00-\u9fff]+", spaced) if w}
    return words | {hint for hint in _CJK_HINTS if hint in field}


def _is_phone(values: pd.Series) -> bool:
    digits = values.str.count(r"\d")
    separated = values.str.contains(r"[().\- ]|^\+", regex=True)
    return bool(((digits >= 7) & (digits <= 15) & separated).all())


def _shape(text: str) -> str:
    """A value's character classes: 'A9-99' for 'P0-12'."""
    return re.sub(r"[a-z]", "a", re.sub(r"[A-Z]", "A", re.sub(r"\d", "9", text)))


def infer_logical_type(field: str, values: pd.Series, rows: int, mostly_distinct: bool,
                       distinct: np.ndarray | None = None) -> str | None:
    """The logical type of a text field from its non-missing ``values`` (of ``rows`` rows);
    ``mostly_distinct``: most values occur once (free text, names, codes rather than
    categories); ``distinct``: the distinct values in order of appearance, when known."""
    if values.empty:
        return None
    if distinct is None:
        distinct = values.unique()
    sample = pd.Series(distinct[:SAMPLE])
    if not all(isinstance(v, str) for v in sample):
        return None
    sample = sample.str.strip()
    for name, pattern in PATTERNS.items():
        if sample.str.fullmatch(pattern).all() and (name != "phone" or _is_phone(sample)):
            return name
    hints = _words(field)
    if not mostly_distinct:
        named = (hints & _HINTS["name"] and len(distinct) >= NAME_MIN_DISTINCT
                 and len(distinct) >= NAME_MIN_DISTINCT_SHARE * len(values)
                 and sample.str.fullmatch(_NAME).mean() >= 0.95)
        return "name" if named else None
    if sample.str.fullmatch(_NAME).mean() >= 0.95 or (
            hints & _HINTS["name"] and not sample.str.contains(r"\d").any()):
        return "name"
    if sample.str.contains(_STREET).mean() >= 0.8 or hints & _HINTS["address"]:
        return "address"
    one_per_row = len(distinct) == len(values) == rows
    if one_per_row and (sample.map(_shape).nunique() == 1 or hints & _HINTS["id"]):
        return "id"
    if sample.str.len().median() <= CODE_MAX_LENGTH:
        return "code"
    return None


def is_integer_key(field: str, values: pd.Series, rows: int, unique: int | None = None
                   ) -> bool:
    """An integer field that is a key: one distinct value per row, none missing, and either
    named as a key ('id', 'no'...) or numbered in order (1, 2, 3... with few gaps);
    ``unique``: the number of distinct values, when known."""
    if rows < KEY_MIN_ROWS or len(values) != rows:
        return False
    if (values.nunique() if unique is None else unique) != rows:
        return False
    if _words(field) & _HINTS["id"]:
        return True
    numbers = values.to_numpy(dtype=np.int64)
    in_order = bool(np.all(np.diff(numbers) > 0))
    return in_order and int(numbers[-1]) - int(numbers[0]) + 1 <= 2 * rows
