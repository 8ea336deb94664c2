"""Clustering: k-means (PETsARD's model) fitted on one table's encoded rows, the clusters it
assigns to the real test rows scored by silhouette. As PETsARD, a silhouette that cannot be
computed (all test rows in one cluster) scores -1, the worst value."""

from __future__ import annotations

import numpy as np

METRICS = ("silhouette_score",)
DEFAULT_CLUSTERS = 3


def metric_names(n_clusters: int | list[int]) -> list[str]:
    """``silhouette_score`` for one number of clusters, one ``silhouette_score_k<k>`` per
    number of a list."""
    if isinstance(n_clusters, int):
        return ["silhouette_score"]
    return [f"silhouette_score_k{k}" for k in n_clusters]


def silhouettes(x_train: np.ndarray, x_test: np.ndarray, n_clusters: int | list[int],
                seed: int, sample_size: int | None) -> tuple[dict[str, float], list[str]]:
    """({metric name: silhouette of the test rows}, notes)."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    scores, notes = {}, []
    ks = [n_clusters] if isinstance(n_clusters, int) else list(n_clusters)
    for k, name in zip(ks, metric_names(n_clusters), strict=True):
        if len(x_train) < k:
            scores[name] = float("nan")
            notes.append(f"{name}: only {len(x_train)} training rows for {k} clusters")
            continue
        labels = KMeans(n_clusters=k, random_state=seed, n_init="auto").fit(x_train).predict(
            x_test)
        size = None if sample_size is None or sample_size >= len(x_test) else sample_size
        try:
            scores[name] = float(silhouette_score(x_test, labels, sample_size=size,
                                                  random_state=seed))
        except ValueError:
            scores[name] = -1.0
            notes.append(f"{name}: the test rows fall in fewer than 2 clusters: -1")
    return scores, notes
