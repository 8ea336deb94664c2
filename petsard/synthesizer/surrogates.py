"""Surrogate values for direct identifiers: new values of the same kind, none of them real.

Keys become new unique keys of the same form; names, emails, addresses and URLs come from
Faker (seeded, in the locale asked for); phone numbers and other identifier-like codes keep
the length and character classes of a real value ('A/5 21171' -> 'K/2 80934'; a phone keeps
the prefix most real numbers share, '0912-345-678' -> '0947-120-553'). Missing values keep
the real field's missing share.
"""

from __future__ import annotations

import string
from collections.abc import Callable

import numpy as np
import pandas as pd

from petsard.exceptions import SynthesizerError

_FAKER = {"name": "name", "email": "email", "url": "url", "address": "address"}
FAKER_TYPES = frozenset(_FAKER)
CJK_LOCALE = "zh_TW"  # our users' own: Traditional Chinese names and addresses
PREFIX_SHARE = 0.9  # a phone prefix kept when this share of real numbers starts with it
PREFIX_MAX = 4
MAX_ROUNDS = 50  # draws of fresh values before giving up on avoiding every real one
POOL = 2000  # Faker values made per field; more are drawn from them (Faker is slow)


def locale_of(real: pd.Series) -> str:
    """Faker's locale matching how ``real`` is written: CJK text gets ``zh_TW``."""
    text = real.dropna().astype(str).head(200)
    cjk = text.str.contains(r"[\u4e00-\u9fff]").mean() if len(text) else 0.0
    return CJK_LOCALE if cjk >= 0.5 else "en_US"


def surrogates(real: pd.Series, logical_type: str, rows: int, seed: int,
               locale: str = "en_US") -> pd.Series:
    """``rows`` values for a field whose real values are ``real``: none equal to a real
    value, as many missing (in share) as the real field has."""
    rng = np.random.default_rng(seed)
    present = real.dropna()
    missing = rng.random(rows) < (1 - len(present) / len(real) if len(real) else 0.0)
    wanted = int((~missing).sum())
    out = pd.Series(np.full(rows, np.nan, dtype=object), name=real.name)
    if logical_type == "id" and pd.api.types.is_integer_dtype(present.dtype):
        start = int(present.max()) + 1 if len(present) else 1  # after every real key
        out[~missing] = np.arange(start, start + wanted)
        return out.astype("Int64" if missing.any() else present.dtype)
    out[~missing] = _draw(present, logical_type, wanted, rng, seed, locale)
    return out


def _draw(present: pd.Series, logical_type: str, wanted: int, rng: np.random.Generator,
          seed: int, locale: str) -> list[str]:
    """``wanted`` new texts: unique for keys, none of them a real value."""
    if wanted == 0:  # every row drawn missing
        return []
    taken = set(present.astype(str))
    texts = present.astype(str).to_numpy()
    if logical_type in _FAKER:
        make = _faker(logical_type, min(wanted, POOL), rng, seed, locale)
    elif logical_type == "phone":
        make = _shaped(texts, rng, digits_only=True, keep=_shared_prefix(texts))
    else:
        make = _shaped(texts, rng)
    unique = logical_type == "id"
    found: list[str] = []
    seen: set[str] = set()
    for _ in range(MAX_ROUNDS):
        for value in make(wanted - len(found)):
            if value not in taken and not (unique and value in seen):
                found.append(value)
                seen.add(value)
        if len(found) >= wanted:
            return found[:wanted]
    raise SynthesizerError(f"could not make {wanted} new {logical_type} values unlike the real "
                           f"ones of '{present.name}' (its values leave too few of that form)")


def _faker(logical_type: str, size: int, rng: np.random.Generator, seed: int, locale: str
           ) -> Callable[[int], list[str]]:
    """Values drawn from ``size`` Faker values; email numbers are drawn afresh, so emails
    stay mostly distinct."""
    from faker import Faker  # only runs that hold identifiers pay for it

    fake = Faker(locale)
    fake.seed_instance(seed)
    provider = getattr(fake, _FAKER[logical_type])
    pool = np.array([str(provider()).replace("\n", ", ") for _ in range(max(size, 1))],
                    dtype=object)

    def make(n: int) -> list[str]:
        chosen = pool[rng.integers(0, len(pool), n)]
        if logical_type != "email":
            return list(chosen)
        numbers = rng.integers(0, 1000, n)
        return [text.replace("@", f"{number}@", 1) for text, number in zip(chosen, numbers,
                                                                           strict=True)]

    return make


def _shared_prefix(texts: np.ndarray) -> int:
    """The length of the longest prefix (up to PREFIX_MAX characters) that PREFIX_SHARE of
    ``texts`` start with: a country, area or mobile code."""
    kept = 0
    for length in range(1, PREFIX_MAX + 1):
        heads = pd.Series(texts).str[:length]
        if heads.str.len().min() < length or heads.value_counts(normalize=True).iloc[0] \
                < PREFIX_SHARE:
            break
        kept = length
    return kept


def _shaped(templates: np.ndarray, rng: np.random.Generator, digits_only: bool = False,
            keep: int = 0) -> Callable[[int], list[str]]:
    """Texts shaped like randomly chosen real ones: each digit (and, unless ``digits_only``,
    each letter) replaced by a random one of its class, other characters and the first
    ``keep`` ones kept."""
    if not len(templates):
        return lambda n: []

    def make(n: int) -> list[str]:
        chosen = templates[rng.integers(0, len(templates), n)].astype(str)
        width = max(1, max(len(t) for t in chosen))
        chars = chosen.astype(f"<U{width}").view("<U1").reshape(n, width).copy()
        pools = [("0", "9", string.digits)] + ([] if digits_only else [
            ("A", "Z", string.ascii_uppercase), ("a", "z", string.ascii_lowercase)])
        for low, high, pool in pools:
            spot = (chars >= low) & (chars <= high)
            spot[:, :keep] = False
            picks = np.array(list(pool))[rng.integers(0, len(pool), int(spot.sum()))]
            chars[spot] = picks
        return chars.view(f"<U{width}").ravel().tolist()

    return make
