"""``field_proportions``: keep each category's (or missing values') share of the output within
``tolerance`` of its share in the original data, as PETsARD does: bounds are absolute, a share
of 0.30 with tolerance 0.05 allows 0.25 to 0.35.

When constraining, the output is picked from the pool of valid rows by quotas: a raking
(iterative proportional fitting, capped by what the pool holds) over the cells that cross
every rule's categories, then the first rows of each cell (the pool is in draw order, so
that is a random pick). If the pool cannot meet a bound, a Shortfall says which category of
which rule needs how many more rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

MISSING_LABEL = "<NA>"
_RAKING_ROUNDS = 60


@dataclass(frozen=True)
class FieldProportion:
    kind: ClassVar[str] = "field_proportions"
    rule_id: str
    columns: tuple[str, ...]
    mode: str  # all | missing
    tolerance: float

    @property
    def text(self) -> str:
        return f"{', '.join(self.columns)} (mode: {self.mode}, tolerance: {self.tolerance:g})"

    def fields(self) -> list[str]:
        return list(self.columns)

    def check(self, kinds: dict[str, str]) -> list[str]:
        problems = []
        for name in self.columns:
            if name not in kinds:
                problems.append(f"unknown field '{name}'")
            elif self.mode == "all" and kinds[name] in ("numerical", "datetime"):
                problems.append(f"mode 'all' keeps category shares, but '{name}' is "
                                f"{kinds[name]}; use mode 'missing' or a categorical field")
        return problems

    def labels(self, data: pd.DataFrame) -> pd.Series:
        """Each row's category for this rule, as text."""
        parts = []
        for name in self.columns:
            series = data[name]
            if self.mode == "missing":
                part = np.where(series.isna().to_numpy(), "missing", "present")
                part = pd.Series(part, index=data.index, dtype=object)
                if len(self.columns) > 1:
                    part = f"{name}=" + part
            else:
                part = series.astype(object).where(series.notna(), MISSING_LABEL).astype(str)
            parts.append(part)
        labels = parts[0]
        for part in parts[1:]:
            labels = labels + " | " + part
        return labels


@dataclass(frozen=True)
class Shortfall:
    """The pool lacks ``needed`` more rows of category ``label`` of rule ``rule_id``."""

    rule_id: str
    label: str
    needed: int
    have: int


@dataclass
class _Setup:
    rule: FieldProportion
    names: pd.Index  # category labels
    share: np.ndarray  # reference share per category
    codes: np.ndarray  # category of each pool row
    low: np.ndarray
    high: np.ndarray


def _setup(rule: FieldProportion, pool: pd.DataFrame, reference: pd.DataFrame,
           rows: int) -> _Setup:
    ref_shares = rule.labels(reference).value_counts(normalize=True, sort=False)
    labels = rule.labels(pool)
    names = ref_shares.index.union(pd.Index(labels.unique()))
    share = ref_shares.reindex(names, fill_value=0.0).to_numpy(dtype=float)
    low, high = bounds(share, rule.tolerance, rows)
    return _Setup(rule, names, share, names.get_indexer(labels), low, high)


def bounds(share: np.ndarray, tolerance: float, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Smallest and largest row counts within tolerance, for ``rows`` rows."""
    low = np.ceil((share - tolerance) * rows - 1e-9).clip(0, rows).astype(np.int64)
    high = np.floor((share + tolerance) * rows + 1e-9).clip(0, rows).astype(np.int64)
    return low, high


def proportion_table(rules: list[FieldProportion], data: pd.DataFrame,
                     reference: pd.DataFrame) -> pd.DataFrame:
    """One row per rule and category: counts, shares, allowed range, and whether it holds."""
    records = []
    for rule in rules:
        setup = _setup(rule, data, reference, len(data))
        counts = np.bincount(setup.codes, minlength=len(setup.names))
        for i, name in enumerate(setup.names):
            records.append({
                "rule": rule.rule_id, "fields": ", ".join(rule.columns), "mode": rule.mode,
                "value": name, "rows": int(counts[i]),
                "share": counts[i] / len(data) if len(data) else 0.0,
                "original_share": float(setup.share[i]),
                "lower": max(0.0, setup.share[i] - rule.tolerance),
                "upper": min(1.0, setup.share[i] + rule.tolerance),
                "within": bool(setup.low[i] <= counts[i] <= setup.high[i]),
            })
    columns = ["rule", "fields", "mode", "value", "rows", "share", "original_share", "lower",
               "upper", "within"]
    return pd.DataFrame(records, columns=columns)


def select(pool: pd.DataFrame, rows: int, rules: list[FieldProportion],
           reference: pd.DataFrame) -> tuple[np.ndarray | None, Shortfall | None]:
    """Positions of ``rows`` pool rows meeting every rule, or the worst shortfall."""
    if not rules:
        return np.arange(rows), None
    setups = [_setup(rule, pool, reference, rows) for rule in rules]
    worst: Shortfall | None = None
    for setup in setups:
        have = np.bincount(setup.codes, minlength=len(setup.names))
        worst = _worse(worst, setup, setup.low - have, have)
    if worst is not None:
        return None, worst
    cell, first = _cells([s.codes for s in setups])
    capacity = np.bincount(cell).astype(float)
    cell_class = [s.codes[first] for s in setups]
    quota = _rake(capacity, cell_class, [s.share * rows for s in setups], rows)
    counts = _integers(quota, capacity.astype(np.int64), rows)
    for setup, classes in zip(setups, cell_class, strict=True):
        got = np.bincount(classes, weights=counts, minlength=len(setup.names))
        have = np.bincount(setup.codes, minlength=len(setup.names))
        if (got < setup.low).any():
            worst = _worse(worst, setup, setup.low - got, have)
        elif (got > setup.high).any():
            worst = _worse(worst, setup, np.ceil(setup.share * rows - got), have)
    if worst is not None:
        return None, worst
    order = np.argsort(cell, kind="stable")
    starts = np.concatenate([[0], np.cumsum(capacity.astype(np.int64))[:-1]])
    rank = np.empty(len(cell), dtype=np.int64)
    rank[order] = np.arange(len(cell)) - starts[cell[order]]
    return np.flatnonzero(rank < counts[cell]), None


def _worse(worst: Shortfall | None, setup: _Setup, deficit: np.ndarray,
           have: np.ndarray) -> Shortfall | None:
    if len(deficit) == 0 or deficit.max() <= 0:
        return worst
    i = int(np.argmax(deficit))
    found = Shortfall(setup.rule.rule_id, str(setup.names[i]), int(deficit[i]), int(have[i]))
    return found if worst is None or found.needed > worst.needed else worst


def _cells(codes: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """A cell id per row crossing every rule's category, and each cell's first row."""
    key = codes[0].astype(np.int64)
    for more in codes[1:]:
        key, _ = pd.factorize(key * (int(more.max()) + 1) + more)
    cell, _ = pd.factorize(key)
    cell = cell.astype(np.int64)
    first = np.full(int(cell.max()) + 1, -1, dtype=np.int64)
    first[cell[::-1]] = np.arange(len(cell))[::-1]
    return cell, first


def _rake(capacity: np.ndarray, cell_class: list[np.ndarray], targets: list[np.ndarray],
          rows: int) -> np.ndarray:
    """Cell quotas whose margins approach ``targets``, never above a cell's capacity."""
    quota = capacity * rows / capacity.sum()
    for _ in range(_RAKING_ROUNDS):
        error = 0.0
        for classes, target in zip(cell_class, targets, strict=True):
            margin = np.bincount(classes, weights=quota, minlength=len(target))
            factor = np.divide(target, margin, out=np.zeros_like(target), where=margin > 0)
            quota = np.minimum(quota * factor[classes], capacity)
            error = max(error, float(np.abs(margin - target).max()))
        if error < 0.5:
            break
    return quota


def _integers(quota: np.ndarray, capacity: np.ndarray, rows: int) -> np.ndarray:
    """Whole counts summing to ``rows``: floors, then the largest remainders, then any room."""
    counts = np.minimum(np.floor(quota).astype(np.int64), capacity)
    left = rows - int(counts.sum())
    if left > 0:
        room = np.flatnonzero(counts < capacity)
        best = room[np.argsort(-(quota - counts)[room], kind="stable")][:left]
        counts[best] += 1
        left -= len(best)
    for i in np.argsort(-quota, kind="stable"):
        if left <= 0:
            break
        add = min(left, int(capacity[i] - counts[i]))
        counts[i] += add
        left -= add
    return counts


def draws_for(shortfall: Shortfall, valid: int) -> int:
    """Valid rows to add so that, at the pool's share of the category, it gains ``needed``."""
    share = (shortfall.have + 1) / (valid + 1)
    return max(1, math.ceil(shortfall.needed / share))
