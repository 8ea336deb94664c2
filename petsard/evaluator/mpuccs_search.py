"""The search behind ``method: mpuccs``: which synthetic rows a combination of columns singles
out (its values occur once in syn) while the same values also single out exactly one
original row, each found with the smallest such combination.

Columns are visited in a fixed order (the caller's: most distinct values first). When
column ``k`` is reached, every combination that ends with it is checked: ``(k,)``, then each
earlier combination plus ``k``, in the order the earlier ones were checked. A combination's
*base* is itself without its last column (checked before it). A combination is pruned,
with every combination grown from it, when its base was pruned or when adding its last
column raises the normalised Rényi entropy of syn's value combinations by no more than
``min_entropy_delta``. A synthetic row identified once is only counted again by a smaller
combination.

The work is on integer codes (one array per column, shared by syn and ori, missing values
a code of their own), so one combination costs a few numpy passes over the rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

NOT_FOUND = -1
_KEY_LIMIT = 2**62  # combined codes stay below this before they are renumbered


@dataclass(frozen=True)
class Checked:
    """One combination as the search met it. ``entropy`` and ``entropy_gain`` are NaN when
    not computed (a pruned base, or a single column for the gain)."""

    columns: tuple[int, ...]
    is_pruned: bool
    unique_in_syn: int = 0
    newly_identified: int = 0
    entropy: float = math.nan
    entropy_gain: float = math.nan


@dataclass
class SearchResult:
    """``checked`` in search order; per synthetic row, the index in ``checked`` of the
    combination that identified it and the original row it matched (NOT_FOUND if none)."""

    checked: list[Checked] = field(default_factory=list)
    identified_by: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    ori_row: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))


def combination_count(n_columns: int, max_size: int) -> int:
    return sum(math.comb(n_columns, size) for size in range(1, max_size + 1))


def search_order(n_columns: int, max_size: int) -> Iterator[tuple[int, ...]]:
    """Every combination of up to ``max_size`` of ``range(n_columns)``, in the order above."""
    seen: list[tuple[int, ...]] = []
    for last in range(n_columns):
        step = [(last,)] + [(*combo, last) for combo in seen if len(combo) < max_size]
        seen.extend(step)
        yield from step


def renyi_entropy_normalised(counts: np.ndarray, alpha: float) -> float:
    """Rényi entropy of order ``alpha`` of the distribution ``counts``, divided by its
    maximum (log of the number of distinct values); 0 for fewer than two values.

    alpha 0: Hartley, 1: Shannon, 2: collision, inf: min-entropy. Computed from how many
    values occur once, twice...: the same partition always gives bitwise the same entropy
    (so a column that splits nothing further has a gain of exactly zero), and it is fast.
    """
    multiplicity = np.bincount(counts)[1:]
    occurs = np.flatnonzero(multiplicity) + 1
    times = multiplicity[occurs - 1]
    distinct = int(times.sum())
    if distinct <= 1:
        return 0.0
    p = occurs / float(np.dot(occurs, times))
    if alpha == 1:
        entropy = float(-np.dot(times, p * np.log2(p)))
    elif math.isinf(alpha):
        entropy = float(-np.log2(p.max()))
    else:
        entropy = float(np.log2(np.dot(times, p**alpha)) / (1 - alpha))
    return entropy / math.log2(distinct)


def encode(syn: pd.DataFrame, ori: pd.DataFrame) -> tuple[list[np.ndarray], list[int]]:
    """Per column, codes of syn's rows followed by ori's (equal values, and missing values,
    share a code), and the number of codes."""
    codes, sizes = [], []
    for column in syn.columns:
        values = pd.concat([syn[column], ori[column]], ignore_index=True)
        column_codes, uniques = pd.factorize(values, use_na_sentinel=False)
        codes.append(column_codes.astype(np.int64))
        sizes.append(max(len(uniques), 1))
    return codes, sizes


def _group_ids(codes: list[np.ndarray], sizes: list[int], columns: tuple[int, ...],
               n_rows: int) -> tuple[np.ndarray, int]:
    """One id per row for the values of ``columns`` (equal values, equal ids), and a bound
    on the ids small enough to count them with bincount."""
    ids, bound = codes[columns[0]], sizes[columns[0]]
    for column in columns[1:]:
        if bound * sizes[column] >= _KEY_LIMIT:
            ids, uniques = pd.factorize(ids)
            bound = len(uniques)
        ids, bound = ids * sizes[column] + codes[column], bound * sizes[column]
    if bound > 4 * n_rows:
        ids, uniques = pd.factorize(ids)
        bound = len(uniques)
    return ids, bound


def search(codes: list[np.ndarray], sizes: list[int], n_syn: int, order: list[int],
           max_size: int, min_entropy_delta: float, renyi_alpha: float) -> SearchResult:
    """Run the search over the columns in ``order`` (positions in ``codes``)."""
    n_rows = len(codes[0]) if codes else 0
    n_ori = n_rows - n_syn
    ordered = [codes[i] for i in order]
    ordered_sizes = [sizes[i] for i in order]
    best_size = np.full(n_syn, np.iinfo(np.int64).max, dtype=np.int64)
    result = SearchResult(identified_by=np.full(n_syn, NOT_FOUND, dtype=np.int64),
                          ori_row=np.full(n_syn, NOT_FOUND, dtype=np.int64))
    entropies: dict[tuple[int, ...], float] = {}
    pruned: set[tuple[int, ...]] = set()
    for ranks in search_order(len(order), max_size):
        columns = tuple(order[r] for r in ranks)
        size, base = len(ranks), ranks[:-1]
        if size > 1 and base in pruned:
            pruned.add(ranks)
            result.checked.append(Checked(columns, is_pruned=True))
            continue
        ids, bound = _group_ids(ordered, ordered_sizes, ranks, n_rows)
        syn_ids = ids[:n_syn]
        syn_counts = np.bincount(syn_ids, minlength=bound)
        entropy = renyi_entropy_normalised(syn_counts, renyi_alpha)
        gain = entropy - entropies[base] if size > 1 else math.nan
        if size > 1 and gain <= min_entropy_delta:
            pruned.add(ranks)
            result.checked.append(Checked(columns, True, entropy=entropy, entropy_gain=gain))
            continue
        if size < max_size:
            entropies[ranks] = entropy
        unique = syn_counts[syn_ids] == 1
        candidates = unique & (best_size > size)
        found = 0
        if candidates.any():
            ori_ids = ids[n_syn:]
            ori_counts = np.bincount(ori_ids, minlength=bound)
            hits = np.flatnonzero(candidates & (ori_counts[syn_ids] == 1))
            if len(hits):
                ori_of_id = np.full(bound, NOT_FOUND, dtype=np.int64)
                ori_of_id[ori_ids] = np.arange(n_ori)
                best_size[hits] = size
                result.identified_by[hits] = len(result.checked)
                result.ori_row[hits] = ori_of_id[syn_ids[hits]]
                found = len(hits)
        result.checked.append(Checked(columns, False, int(unique.sum()), found, entropy, gain))
    return result
