"""Per-column marginals of the Gaussian copula.

Each column contributes at most two latent standard-normal variables: one for "is missing"
and one for its value. Observed values are scored by the conditional mean of the normal on
the value's CDF interval (exact for categories and ties, no random jitter, so the copula fit
is deterministic), and synthetic values come back by inverse lookup of a uniform.
"""

import numpy as np
import pandas as pd
from scipy import special

DISCRETE_MAX_DISTINCT = 20  # numeric columns with this few values keep exact frequencies
MAX_KNOTS = 1001  # quantile-function resolution: bounds model size, not the data's
MAX_DECIMALS = 10
_SQRT_2PI = np.sqrt(2.0 * np.pi)
_TEMPORAL_UNITS = ("D", "h", "m", "s", "ms", "us", "ns")


def interval_means(lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """E[Z | Z in (Phi^-1(lower), Phi^-1(upper))] for standard normal Z."""
    a, b = special.ndtri(lower), special.ndtri(upper)
    return (np.exp(-0.5 * a * a) - np.exp(-0.5 * b * b)) / _SQRT_2PI / (upper - lower)


class DiscreteMarginal:
    """Finite set of codes as consecutive CDF intervals, in a chosen order of codes."""

    def __init__(self, counts: np.ndarray, order: np.ndarray):
        self.counts = counts
        self.set_order(order)

    def set_order(self, order: np.ndarray) -> None:
        """Lay the codes out on the uniform scale in `order` (unobserved codes dropped)."""
        self.order = order[self.counts[order] > 0]
        probs = self.counts[self.order] / self.counts.sum()
        self.cum = np.cumsum(probs)
        self.cum[-1] = 1.0
        self.means = interval_means(np.concatenate(([0.0], self.cum[:-1])), self.cum)
        self.position = np.zeros(len(self.counts), dtype=np.intp)
        self.position[self.order] = np.arange(len(self.order))

    def scores(self, codes: np.ndarray) -> np.ndarray:
        return self.means[self.position[codes]]

    def sample(self, u: np.ndarray) -> np.ndarray:
        idx = np.searchsorted(self.cum, u, side="right")
        return self.order[np.minimum(idx, len(self.order) - 1)]


class EmpiricalMarginal:
    """Empirical quantile function, linearly interpolated so samples are not only copies.

    Infinite values are point masses at the ends, outside the interpolation.
    """

    def __init__(self, uniques: np.ndarray, counts: np.ndarray):
        n = counts.sum()
        self.cum = np.cumsum(counts) / n
        self.cum[-1] = 1.0
        self.means = interval_means(self.cum - counts / n, self.cum)
        self.tails = [counts[0] / n if uniques[0] == -np.inf else 0.0]
        self.tails.append(counts[-1] / n if uniques[-1] == np.inf else 0.0)
        finite = uniques[np.isfinite(uniques)]
        uniques = np.clip(uniques, finite[0], finite[-1])
        # np.quantile's linear rule on the sorted data, read off the counts in linear time
        self.grid = np.linspace(0.0, 1.0, min(n, MAX_KNOTS))
        position = self.grid * (n - 1)
        below = np.floor(position)
        ends = np.cumsum(counts)
        at = np.minimum(np.searchsorted(ends, below, side="right"), len(uniques) - 1)
        after = np.minimum(np.searchsorted(ends, below + 1, side="right"), len(uniques) - 1)
        self.knots = uniques[at] + (position - below) * (uniques[after] - uniques[at])

    def scores(self, inverse: np.ndarray) -> np.ndarray:
        return self.means[inverse]

    def sample(self, u: np.ndarray) -> np.ndarray:
        values = np.interp(u, self.grid, self.knots)
        values[u < self.tails[0]] = -np.inf
        values[u > 1 - self.tails[1]] = np.inf
        return values


class ParametricMarginal:
    """Normal or log-normal (closer in KS distance), truncated to the observed range."""

    def __init__(self, uniques: np.ndarray, counts: np.ndarray):
        weights = counts / counts.sum()
        logs = (False, True) if uniques[0] > 0 else (False,)
        fits = [self._fit(uniques, weights, log) for log in logs]
        _, self.log, self.mu, self.sd, self.low, self.high = min(fits)
        eps = 0.5 / counts.sum()
        self.unique_scores = special.ndtri(np.clip(self._cdf(uniques), eps, 1 - eps))

    @staticmethod
    def _fit(uniques: np.ndarray, weights: np.ndarray, log: bool) -> tuple:
        """KS distance and parameters of one family, moments on the (logged) values."""
        y = np.log(uniques) if log else uniques
        mu = weights @ y
        sd = np.sqrt(weights @ (y - mu) ** 2)
        a, b = special.ndtr((y[[0, -1]] - mu) / sd)
        cdf = (special.ndtr((y - mu) / sd) - a) / (b - a)
        ecdf = np.cumsum(weights)
        ks = max(np.max(ecdf - cdf), np.max(cdf - ecdf + weights))
        return ks, log, mu, sd, y[0], y[-1]

    def _transform(self, x: np.ndarray) -> np.ndarray:
        return np.log(x) if self.log else x

    def _bounds(self) -> np.ndarray:
        return special.ndtr((np.array([self.low, self.high]) - self.mu) / self.sd)

    def _cdf(self, x: np.ndarray) -> np.ndarray:
        a, b = self._bounds()
        return (special.ndtr((self._transform(x) - self.mu) / self.sd) - a) / (b - a)

    def scores(self, inverse: np.ndarray) -> np.ndarray:
        return self.unique_scores[inverse]

    def sample(self, u: np.ndarray) -> np.ndarray:
        a, b = self._bounds()
        y = self.mu + self.sd * special.ndtri(a + u * (b - a))
        return np.exp(y) if self.log else y


def sorted_uniques(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted distinct values, each value's index among them, and counts.

    Hashes first and sorts only the distinct values, so it is linear in rows when values
    repeat (np.unique sorts every row).
    """
    codes, uniques = pd.factorize(x)
    order = np.argsort(uniques, kind="stable")
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    inverse = rank[codes]
    return uniques[order], inverse, np.bincount(inverse, minlength=len(order))


def decimals(x: np.ndarray) -> int | None:
    """Fewest decimals that reproduce every (finite) value, so output keeps the precision.

    None when more than MAX_DECIMALS are needed: such floats are kept at full precision
    rather than rounded (values around 1e-12 would otherwise all become 0).
    """
    tol = 1e-12 * np.maximum(1.0, np.abs(x))
    for d in range(MAX_DECIMALS + 1):
        if np.all(np.abs(np.round(x, d) - x) <= tol):
            return d
    return None


def _kind(dtype) -> str:
    if isinstance(dtype, pd.CategoricalDtype):
        return "category"
    if pd.api.types.is_bool_dtype(dtype):
        return "categorical"
    if pd.api.types.is_datetime64_any_dtype(dtype) or pd.api.types.is_timedelta64_dtype(dtype):
        return "temporal"
    if pd.api.types.is_numeric_dtype(dtype):
        return "numeric"
    return "categorical"


class ColumnModel:
    """One column: dtype round trip, missing rate, and the marginal of its observed values.

    `latents` holds the column's copula variables: "missing" (only when some, but not all,
    values are missing) and "value" (only with two or more distinct values, and not for a
    categorical above `max_categories` values, which is sampled by its frequencies alone).
    Numeric columns with few distinct values are modelled like categories, in value order,
    so their exact frequencies survive.
    """

    def __init__(self, series: pd.Series, marginals: str, max_categories: int):
        self.dtype = series.dtype
        self.kind = _kind(series.dtype)
        values, missing = self._encode(series)
        self.missing_rate = float(missing.mean())
        self.latents: dict[str, np.ndarray] = {}
        if 0 < self.missing_rate < 1:
            flags = missing.astype(np.intp)  # missing laid out first: the lowest uniforms
            counts = np.bincount(flags, minlength=2)
            self.latents["missing"] = DiscreteMarginal(counts, np.array([1, 0])).scores(flags)
        observed = values[~missing]
        self.marginal = self.levels = self.training_codes = None
        self.independent = False
        if self.kind in ("category", "categorical"):  # frequency order; see _order_categories
            counts = np.bincount(observed, minlength=len(self.categories))
            distinct = np.count_nonzero(counts)
            self.fill = np.argmax(counts) if len(counts) else -1  # code when nothing to fit
            if distinct > 1:
                # ties by label, not by first appearance: row order must not leak into the fit
                labels = np.asarray(pd.Index(self.categories).astype(str))
                self.marginal = DiscreteMarginal(counts, np.lexsort((labels, -counts)))
                self.independent = distinct > max_categories
                self.training_codes = None if self.independent else values
        else:
            uniques, observed, counts = sorted_uniques(observed)
            integral = self.kind == "temporal" or pd.api.types.is_integer_dtype(self.dtype)
            finite = uniques[np.isfinite(uniques)]
            self.decimals = 0 if integral or not len(finite) else decimals(finite)
            self.low, self.high = (uniques[0], uniques[-1]) if len(uniques) else (0.0, 0.0)
            self.fill = self.low
            if 1 < len(uniques) <= DISCRETE_MAX_DISTINCT:
                self.levels = uniques
                self.marginal = DiscreteMarginal(counts, np.arange(len(uniques)))
            elif marginals == "parametric" and 1 < len(finite) == len(uniques):
                self.marginal = ParametricMarginal(uniques, counts)
            elif len(uniques) > 1:  # also the parametric fallback when there are infinities
                self.marginal = EmpiricalMarginal(uniques, counts)
        if self.marginal is not None and not self.independent:
            self._set_value_scores(self.marginal.scores(observed), missing)

    def reorder(self, order: np.ndarray) -> np.ndarray:
        """Lay the categories out in `order`; the training rows' new value scores."""
        self.marginal.set_order(order)
        observed = self.training_codes >= 0
        self._set_value_scores(self.marginal.scores(self.training_codes[observed]), ~observed)
        return self.latents["value"]

    def release(self) -> None:
        """Drop the per-row training state: the fitted model keeps no row of the data."""
        self.latents = dict.fromkeys(self.latents)
        self.training_codes = None

    def _set_value_scores(self, scores: np.ndarray, missing: np.ndarray) -> None:
        self.latents["value"] = np.full(len(missing), np.nan)
        self.latents["value"][~missing] = scores

    def _encode(self, series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
        """Column as integer codes or floats (numeric, temporal), plus its missing mask."""
        if self.kind == "category":
            self.categories = series.cat.categories
            codes = series.cat.codes.to_numpy().astype(np.intp)
        elif self.kind == "categorical":
            codes, uniques = series.factorize()
            self.categories = uniques.array
        if self.kind in ("category", "categorical"):
            missing = codes < 0
            self.null_value = series[missing].iloc[0] if missing.any() else None
            return codes, missing
        if self.kind == "numeric":
            values = series.to_numpy(dtype=np.float64, na_value=np.nan)
            return values, np.isnan(values)
        if isinstance(self.dtype, pd.DatetimeTZDtype):
            series = series.dt.tz_convert(None)
        raw = series.to_numpy()
        self.raw_dtype = raw.dtype
        missing = np.isnat(raw)
        ints = raw.view(np.int64)
        unit = np.datetime_data(raw.dtype)[0]
        steps = [np.timedelta64(1, u) // np.timedelta64(1, unit) for u in _TEMPORAL_UNITS]
        observed = ints[~missing]
        self.step = next(int(s) for s in steps if s >= 1 and not np.any(observed % s))
        return (ints // self.step).astype(np.float64), missing

    def sample(self, u_missing, u_value, rng: np.random.Generator, n: int) -> pd.Series:
        """`n` synthetic values from the copula's uniforms (None: latent not modelled)."""
        if self.marginal is None:
            values = np.full(n, self.fill)
        else:
            values = self.marginal.sample(rng.random(n) if self.independent else u_value)
        missing = np.full(n, self.missing_rate == 1)
        if u_missing is not None:
            # the count is the rate, stochastically rounded, so even small samples match it;
            # the rows are the lowest uniforms, so co-missingness follows the copula
            count = int(np.floor(self.missing_rate * n + rng.random()))
            if count:
                missing[np.argpartition(u_missing, count - 1)[:count]] = True
        if self.kind == "category":
            codes = np.where(missing, -1, values)
            return pd.Series(pd.Categorical.from_codes(codes, dtype=self.dtype))
        if self.kind == "categorical":
            codes = np.where(missing, -1, values)
            out = self.categories.take(codes, allow_fill=True, fill_value=self.null_value)
            return pd.Series(out).astype(self.dtype)
        if self.levels is not None:
            values = self.levels[values]
        if self.decimals is not None:
            values = np.round(values, self.decimals)
        values = np.clip(values, self.low, self.high)
        if self.kind == "numeric":
            values[missing] = np.nan
            return pd.Series(values).astype(self.dtype)
        ints = np.round(values).astype(np.int64) * self.step
        ints[missing] = np.iinfo(np.int64).min  # NaT
        out = pd.Series(ints.view(self.raw_dtype))
        if isinstance(self.dtype, pd.DatetimeTZDtype):
            out = out.dt.tz_localize("UTC").dt.tz_convert(self.dtype.tz)
        return out.astype(self.dtype)
