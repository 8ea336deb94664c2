"""Fast Gaussian copula synthesizer: the default synthesizer of PETsARD.

Every column becomes at most two latent standard-normal variables (its missingness and its
value, see `copula_marginals`); one correlation matrix ties all of them together, so
missing values co-occur as in the data, and synthetic rows are drawn from a multivariate
normal and mapped back through each column's inverse marginal. Everything is vectorised
over rows: time and memory are linear in rows and in columns, except for the correlation
itself (one matrix product, quadratic in the number of latents).
"""

import numbers

import numpy as np
import pandas as pd
from scipy import sparse, special

from petsard.synthesizer.copula_marginals import ColumnModel

_EIGEN_FLOOR = 1e-6  # keeps the correlation positive definite and its Cholesky stable
_MAX_RHO = 0.9999
_MIN_SUPPORT = 20  # rows (at most 1%) each side of a latent's middle to estimate a pair
_ORDER_ROWS = 5_000
_ORDER_SWEEPS = 3
_ORDER_MIN_RATIO = 0.02
_ORDER_SHRINK = 5.0  # pseudo-count pulling rare categories to the middle of the order
_U_EPS = 1e-12


class GaussianCopula:
    """Gaussian copula over per-column marginals, scikit-learn style.

    Parameters are stored untouched and validated by `fit`; fitted state ends in `_`
    (`correlation_` is over the latents listed per column in `latent_index_`).

    random_state: seed of `sample` (overridable per call); `fit` is deterministic.
    marginals: "empirical" (interpolated quantile function) or "parametric" (normal or
        log-normal truncated to the observed range) for numeric columns with many values.
    max_categories: categorical columns with more distinct values are sampled from their
        frequencies alone, outside the correlation, to keep time and memory linear.
    """

    def __init__(
        self,
        *,
        random_state: int | None = None,
        marginals: str = "empirical",
        max_categories: int = 1000,
    ):
        self.random_state = random_state
        self.marginals = marginals
        self.max_categories = max_categories

    def fit(self, data: pd.DataFrame) -> "GaussianCopula":
        """Learn each column's marginal and the correlation of all latent variables."""
        self._validate_params()
        if not isinstance(data, pd.DataFrame):
            raise TypeError(f"data must be a pandas DataFrame, got {type(data).__name__}")
        if len(data) == 0:
            raise ValueError("data must have at least one row")
        self.columns_ = data.columns
        self.n_rows_ = len(data)
        self.column_models_ = [
            ColumnModel(data.iloc[:, i], self.marginals, self.max_categories)
            for i in range(data.shape[1])
        ]
        self.latent_index_, latents = [], []
        for model in self.column_models_:
            first = len(latents)
            self.latent_index_.append({key: first + k for k, key in enumerate(model.latents)})
            latents.extend(model.latents.values())
        latents = _order_categories(self.column_models_, self.latent_index_, latents)
        self.correlation_ = _latent_correlation(latents)
        self.cholesky_ = np.linalg.cholesky(self.correlation_)
        for model in self.column_models_:
            model.release()
        return self

    def sample(self, num_rows: int, random_state: int | None = None) -> pd.DataFrame:
        """Draw `num_rows` synthetic rows with the columns and dtypes of the fitted data."""
        if not hasattr(self, "column_models_"):
            raise RuntimeError("GaussianCopula is not fitted yet: call fit(data) first")
        if not _is_int(num_rows) or num_rows < 0:
            raise ValueError(f"num_rows must be a non-negative integer, got {num_rows!r}")
        seed = self.random_state if random_state is None else random_state
        _check_random_state(seed)
        rng = np.random.default_rng(seed)
        n = int(num_rows)
        # one row per latent, so each column's uniforms are contiguous in memory
        normals = self.cholesky_ @ rng.standard_normal((len(self.correlation_), n))
        uniforms = np.clip(special.ndtr(normals), _U_EPS, 1 - _U_EPS)
        columns = {}
        for i, model in enumerate(self.column_models_):
            u = {key: uniforms[k] for key, k in self.latent_index_[i].items()}
            columns[i] = model.sample(u.get("missing"), u.get("value"), rng, n)
        out = pd.DataFrame(columns, index=pd.RangeIndex(n))
        out.columns = self.columns_
        return out

    def _validate_params(self) -> None:
        if self.marginals not in ("empirical", "parametric"):
            raise ValueError(
                f"marginals must be 'empirical' or 'parametric', got {self.marginals!r}"
            )
        if not _is_int(self.max_categories) or self.max_categories < 1:
            raise ValueError(
                f"max_categories must be a positive integer, got {self.max_categories!r}"
            )
        _check_random_state(self.random_state)


def _is_int(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _check_random_state(seed) -> None:
    if seed is not None and (not _is_int(seed) or seed < 0):
        raise ValueError(f"random_state must be None or a non-negative integer, got {seed!r}")


def _order_categories(models, latent_index, latents: list[np.ndarray]) -> list[np.ndarray]:
    """Order each categorical's categories along its most associated other latent.

    A copula has one correlation per pair of latents, so it only carries associations that
    are monotone in the category order: frequency order loses e.g. education vs
    educational-num. The first sweep picks each categorical's partner, the latent with the
    largest chance-corrected correlation ratio; every sweep then places each category at
    its (shrunken) mean partner score, reciprocal averaging that lines such pairs up.
    Estimated on at most _ORDER_ROWS evenly spaced rows, so the cost is bounded.
    """
    orderable = [
        i
        for i, m in enumerate(models)
        if m.training_codes is not None and len(m.marginal.order) > 2  # 2: order is moot
    ]
    if not orderable:
        return latents
    n = len(latents[0])
    rows = np.unique(np.linspace(0, n - 1, min(n, _ORDER_ROWS)).astype(np.intp))
    scores = np.column_stack([latent[rows] for latent in latents])
    present = ~np.isnan(scores)
    zeros = np.where(present, scores, 0.0)
    present = present.astype(np.float64)
    partners = {}
    for sweep in range(_ORDER_SWEEPS):
        for i in orderable:
            codes = models[i].training_codes[rows]
            observed = np.flatnonzero(codes >= 0)
            onehot = sparse.csr_matrix(
                (np.ones(len(observed)), (codes[observed], observed)),
                shape=(len(models[i].marginal.counts), len(rows)),
            )
            value = latent_index[i]["value"]
            if sweep == 0:
                partners[i] = _partner(onehot, present, zeros, list(latent_index[i].values()))
            if partners[i] is None:
                continue
            counts, sums = onehot @ present[:, partners[i]], onehot @ zeros[:, partners[i]]
            order = np.argsort(sums / (counts + _ORDER_SHRINK), kind="stable")
            latents[value] = models[i].reorder(order)
            zeros[:, value] = np.nan_to_num(latents[value][rows])
    return latents


def _partner(onehot, present: np.ndarray, zeros: np.ndarray, own: list[int]) -> int | None:
    """The latent best explained by the categories (epsilon squared), None if none is."""
    counts, sums, squares = onehot @ present, onehot @ zeros, onehot @ (zeros * zeros)
    total = counts.sum(axis=0)
    grand = sums.sum(axis=0) / np.maximum(total, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        between = np.nansum(sums * sums / counts, axis=0) - total * grand**2
        within = squares.sum(axis=0) - total * grand**2 - between
        groups = np.count_nonzero(counts, axis=0)
        noise = within / np.maximum(total - groups, 1)
        ratio = (between - (groups - 1) * noise) / (between + within + noise)
    ratio[own] = -np.inf
    ratio[~np.isfinite(ratio)] = -np.inf
    partner = int(np.argmax(ratio))
    return partner if ratio[partner] >= _ORDER_MIN_RATIO else None


def _latent_correlation(latents: list[np.ndarray]) -> np.ndarray:
    """Positive-definite correlation of the latent normals behind the observed scores.

    Scores of discrete data (categories, ties, missing flags) are step functions of their
    latent normal and correlate less than it does: dividing by the scores' standard
    deviations undoes that (exactly when the other side is continuous).
    """
    if not latents:
        return np.zeros((0, 0))
    scores = np.column_stack(latents)
    eta = np.sqrt(np.nanmean(scores * scores, axis=0))
    rho = np.clip(_pairwise_correlation(scores) / np.outer(eta, eta), -_MAX_RHO, _MAX_RHO)
    np.fill_diagonal(rho, 1.0)
    return _positive_definite(rho)


def _pairwise_correlation(scores: np.ndarray) -> np.ndarray:
    """Pearson correlation of every pair of columns over the rows where both are present.

    Written as matrix products of the presence mask, so it is one pass of BLAS instead of
    a loop over pairs; pairs with too little overlap or no variance get 0.
    """
    present = ~np.isnan(scores)
    mask = present.astype(np.float64)
    z = np.where(present, scores, 0.0)
    n = mask.T @ mask
    sums = z.T @ mask  # sums[i, j]: sum of latent i over rows where j is present too
    squares = (z * z).T @ mask
    products = z.T @ z
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_i, mean_j = sums / n, sums.T / n
        cov = products / n - mean_i * mean_j
        var_i, var_j = squares / n - mean_i**2, squares.T / n - mean_j**2
        r = cov / np.sqrt(var_i * var_j)
    # a latent that barely varies where the other is present (e.g. one column's missing
    # flag on the rows where a column missing with it is observed) says nothing reliable
    below, above = (present & (scores < 0)).astype(np.float64), (scores > 0).astype(np.float64)
    support = np.minimum(below.T @ mask, above.T @ mask)
    thin = np.minimum(support, support.T) < min(_MIN_SUPPORT, 0.01 * len(scores))
    r[~np.isfinite(r) | thin | (var_i < 1e-12) | (var_j < 1e-12)] = 0.0
    np.fill_diagonal(r, 1.0)
    return np.clip(r, -1.0, 1.0)


def _positive_definite(rho: np.ndarray) -> np.ndarray:
    """Clip eigenvalues to a floor and rescale to unit diagonal."""
    values, vectors = np.linalg.eigh(rho)
    rho = (vectors * np.maximum(values, _EIGEN_FLOOR)) @ vectors.T
    scale = np.sqrt(np.diag(rho))
    return rho / np.outer(scale, scale)
