"""Clustering: k-means fitted on one table, its clusters of the real test rows scored by
silhouette (on a sample of at most ``sample_size`` rows)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from petsard.evaluator.mlutility.features import encoder, model_inputs

DEFAULT_CLUSTERS = (4, 5, 6)


def metric_names(clusters: list[int]) -> list[str]:
    return [f"silhouette_k{k}" for k in clusters]


def model(kinds: dict[str, str], n_clusters: int, seed: int) -> Any:
    from sklearn.cluster import KMeans
    from sklearn.pipeline import make_pipeline

    return make_pipeline(encoder(kinds, scale=True),
                         KMeans(n_clusters=n_clusters, random_state=seed, n_init=10))


def silhouettes(train: pd.DataFrame, test: pd.DataFrame, features: list[str],
                kinds: dict[str, str], clusters: list[int], seed: int, sample_size: int
                ) -> tuple[dict[str, float], str | None]:
    """({silhouette_k<k>: score}, note) for each number of clusters."""
    from sklearn.metrics import silhouette_score

    scores, notes = {}, []
    x_train, x_test = model_inputs(train, features, kinds), model_inputs(test, features, kinds)
    for k, name in zip(clusters, metric_names(clusters), strict=True):
        if len(x_train) <= k:
            scores[name] = float("nan")
            notes.append(f"{name}: only {len(x_train)} training rows")
            continue
        fitted = model(kinds, k, seed).fit(x_train)
        labels = fitted.predict(x_test)
        if len(set(labels)) < 2 or len(x_test) <= len(set(labels)):
            scores[name] = float("nan")
            notes.append(f"{name}: the test rows fall in fewer than 2 clusters")
            continue
        encoded = fitted[:-1].transform(x_test)
        size = min(sample_size, len(x_test))
        scores[name] = float(silhouette_score(encoded, labels, sample_size=size,
                                              random_state=seed))
    return scores, "; ".join(notes) or None
