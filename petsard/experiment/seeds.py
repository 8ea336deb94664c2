"""Seeds derived from the run's seed: the same names give the same seed, whatever the order
or the process in which nodes run."""

from __future__ import annotations

import hashlib


def derive_seed(seed: int, *names: object) -> int:
    """A 32-bit seed from ``seed`` and names (a node key, 'trial-3'...)."""
    text = ":".join([str(seed), *(str(name) for name in names)])
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")
