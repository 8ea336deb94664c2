"""What anonymeter 1.1 needs around it to be deterministic and quiet: its import order, an
ordered copy of two query builders, a seeded linkability baseline, its log warnings
captured, and the two results it keeps in private attributes (baseline queries, links);
numpy's global seed is ``evaluation_data.numpy_seed``. Nothing outlives the evaluation it
wraps."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from petsard.evaluator.evaluation_data import require


def anonymeter_evaluators() -> Any:
    # anonymeter.evaluators must be imported before anonymeter's submodules (circular import).
    return require("anonymeter.evaluators", "anonymeter", "anonymeter privacy evaluation")


SINGLING_OUT_MODULE = "anonymeter.evaluators.singling_out_evaluator"
_PATCH_LOCK = threading.Lock()


@contextmanager
def ordered_singling_out(module: Any) -> Iterator[bool]:
    """anonymeter 1.1 builds baseline and univariate queries from polars' ``unique()`` and
    ``group_by()``, whose order varies from call to call, so a seed alone does not fix the
    result. While the block runs, two of its functions are replaced by copies that keep the
    data's order; everything else is anonymeter's. Yields False (nothing replaced) if the
    installed anonymeter lacks the helpers they use."""
    names = ("_random_queries", "univariate_singling_out_queries", "_random_query",
             "_convert_polars_dtype", "UniqueSinglingOutQueries")
    if not all(hasattr(module, n) for n in names):
        yield False
        return

    def random_queries(df: Any, n_queries: int, n_cols: int, rng: Any) -> list:
        unique_values = {c: df[c].unique(maintain_order=True).to_list() for c in df.columns}
        column_types = {c: module._convert_polars_dtype(df[c].dtype) for c in df.columns}
        return [module._random_query(
                    unique_values=unique_values, column_types=column_types, rng=rng,
                    cols=rng.choice(df.columns, size=n_cols, replace=False).tolist())
                for _ in range(n_queries)]

    def univariate_queries(df: Any, n_queries: int, rng: Any) -> list:
        import polars as pl

        queries = []
        for col in df.columns:
            if df.select(pl.col(col).is_null().sum()).item() == 1:
                queries.append(pl.col(col).is_null())
            if df.schema[col].is_numeric() and df[col].drop_nulls().len() > 0:
                queries += [pl.col(col) <= df[col].min(), pl.col(col) >= df[col].max()]
            counts = df.group_by(col, maintain_order=True).len()
            rare = counts.filter(pl.col("len") == 1).select(col).to_series().to_list()
            queries += [pl.col(col) == value for value in rare]
        rng.shuffle(queries)
        unique = module.UniqueSinglingOutQueries(max_size=n_queries)
        unique.check_and_extend(queries, df)
        return unique.queries

    with _PATCH_LOCK:
        saved = module._random_queries, module.univariate_singling_out_queries
        module._random_queries, module.univariate_singling_out_queries = (
            random_queries, univariate_queries)
        try:
            yield True
        finally:
            module._random_queries, module.univariate_singling_out_queries = saved


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def logged(name: str) -> Iterator[list[str]]:
    """Warnings anonymeter logs (not warns) while the block runs, kept out of the console."""
    logger, handler = logging.getLogger(name), _Collect()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def seed_linkability_baseline(evaluator: Any, seed: int, rows: int, n_neighbors: int,
                              n_attacks: int) -> None:
    """anonymeter 1.1 draws the linkability evaluator's random-guess baseline from an
    unseeded generator: draw it again from ``seed``, after ``evaluate``."""
    indexes = require("anonymeter.evaluators.linkability_evaluator", "anonymeter",
                      "anonymeter privacy evaluation")
    rng = np.random.default_rng(seed)
    draws = [np.array([rng.choice(rows, size=n_neighbors, replace=False)
                       for _ in range(n_attacks)]) for _ in range(2)]
    evaluator._baseline_links = indexes.LinkabilityIndexes(idx_0=draws[0], idx_1=draws[1])


def baseline_queries(evaluator: Any) -> list:
    """The random (baseline) queries that singled out an ori row: anonymeter 1.1's
    ``queries(baseline=True)`` returns an attribute it never fills."""
    return list(getattr(evaluator, "_baseline_queries", None) or evaluator.queries(baseline=True))


def linkability_links(evaluator: Any, n_neighbors: int) -> dict[str, dict[int, set[int]]]:
    """For the attack, baseline and control: attack number -> the synthetic rows (positions)
    that are among the nearest neighbours of both halves of the attacked record."""
    found = {"attack": evaluator._attack_links, "baseline": evaluator._baseline_links,
             "control": evaluator._control_links}
    return {role: {} if links is None else links.find_links(n_neighbors=n_neighbors)
            for role, links in found.items()}
