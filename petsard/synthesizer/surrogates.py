"""Surrogate values for direct identifiers: new values of the same kind, none of them real.

Keys become new unique keys of the same form; names, emails, addresses and URLs come from
Faker (seeded, in the locale asked for); phone numbers and other identifier-like codes keep
the length and character classes of a real value ('A/5 21171' -> 'K/2 80934'; a phone keeps
the prefix most real numbers share, '0912-345-678' -> '0947-120-553'). Missing values keep
the real field's missing share. What a field's surrogates need from its real values is built
once (``SurrogateSource``) and drawn from for every sample.
"""

from __future__ import annotations

import string
from typing import Any

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


class SurrogateSource:
    """What one field's surrogates take from its real values, built once per fitted plan and
    drawn from for every sample (a Constrainer resamples many times): the real values never
    to produce, the forms to copy, and Faker values made from the plan's ``seed`` as draws
    first need them. Each draw's own choices come from that draw's seed; the Faker pool only
    grows, its first values fixed by ``seed``, so a draw never depends on the draws before."""

    def __init__(self, real: pd.Series, logical_type: str, locale: str, seed: int) -> None:
        self.real, self.logical_type, self.locale, self.seed = real, logical_type, locale, seed
        present = real.dropna()
        self.missing_share = 1 - len(present) / len(real) if len(real) else 0.0
        self.dtype = present.dtype
        self.integer_keys = logical_type == "id" and pd.api.types.is_integer_dtype(self.dtype)
        # new keys start after every real one
        self.first_key = int(present.max()) + 1 if self.integer_keys and len(present) else 1
        self.texts = present.astype(str).to_numpy()
        self.taken = set(self.texts)
        self.prefix = _shared_prefix(self.texts) if logical_type == "phone" else 0
        self._pool: list[str] = []
        self._fake: Any = None

    def __reduce__(self) -> tuple[type, tuple[pd.Series, str, str, int]]:
        """Pickled (checkpoints, workers) as what it is built from; the copy rebuilds the rest."""
        return SurrogateSource, (self.real, self.logical_type, self.locale, self.seed)

    def draw(self, rows: int, seed: int) -> pd.Series:
        """``rows`` values: none equal to a real value, as many missing (in share) as the real
        field has."""
        rng = np.random.default_rng(seed)
        missing = rng.random(rows) < self.missing_share
        wanted = int((~missing).sum())
        out = pd.Series(np.full(rows, np.nan, dtype=object), name=self.real.name)
        if self.integer_keys:
            out[~missing] = np.arange(self.first_key, self.first_key + wanted)
            return out.astype("Int64" if missing.any() else self.dtype)
        out[~missing] = self._new_texts(wanted, rng)
        return out

    def _new_texts(self, wanted: int, rng: np.random.Generator) -> list[str]:
        """``wanted`` new texts: unique for keys, none of them a real value."""
        if wanted == 0:  # every row drawn missing
            return []
        if self.logical_type in _FAKER:
            pool = self._faker_pool(min(wanted, POOL))
            email = self.logical_type == "email"

            def make(n: int) -> list[str]:
                return _from_pool(pool, n, rng, email)
        else:
            phone = self.logical_type == "phone"

            def make(n: int) -> list[str]:
                return _shaped(self.texts, n, rng, digits_only=phone, keep=self.prefix)

        unique = self.logical_type == "id"
        found: list[str] = []
        seen: set[str] = set()
        for _ in range(MAX_ROUNDS):
            for value in make(wanted - len(found)):
                if value not in self.taken and not (unique and value in seen):
                    found.append(value)
                    seen.add(value)
            if len(found) >= wanted:
                return found[:wanted]
        raise SynthesizerError(
            f"could not make {wanted} new {self.logical_type} values unlike the real ones of "
            f"'{self.real.name}' (its values leave too few of that form)")

    def _faker_pool(self, size: int) -> np.ndarray:
        """The first ``size`` Faker values of this field's seed (Faker is slow: each made once)."""
        if self._fake is None:
            from faker import Faker  # only runs that hold identifiers pay for it

            self._fake = Faker(self.locale)
            self._fake.seed_instance(self.seed)
        provider = getattr(self._fake, _FAKER[self.logical_type])
        while len(self._pool) < max(size, 1):
            self._pool.append(str(provider()).replace("\n", ", "))
        return np.array(self._pool[:max(size, 1)], dtype=object)


def _from_pool(pool: np.ndarray, n: int, rng: np.random.Generator, email: bool) -> list[str]:
    """``n`` values drawn from ``pool``; email numbers are drawn afresh, so emails stay mostly
    distinct."""
    chosen = pool[rng.integers(0, len(pool), n)]
    if not email:
        return list(chosen)
    numbers = rng.integers(0, 1000, n)
    return [text.replace("@", f"{number}@", 1) for text, number in zip(chosen, numbers,
                                                                       strict=True)]


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


def _shaped(templates: np.ndarray, n: int, rng: np.random.Generator,
            digits_only: bool = False, keep: int = 0) -> list[str]:
    """``n`` texts shaped like randomly chosen real ones: each digit (and, unless
    ``digits_only``, each letter) replaced by a random one of its class, other characters and
    the first ``keep`` ones kept."""
    if not len(templates):
        return []
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
