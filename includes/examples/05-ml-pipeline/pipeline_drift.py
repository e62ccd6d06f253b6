"""Detecting drift with the population stability index (PSI) and the two-sample KS statistic.

Included by docs/05-ml-pipeline/index.md (ML Pipeline). The raw diabetes data are split at
random into a reference half (what the model was trained on) and a live half. Three live
batches of 150 patients are drawn from the live half:

- same: a uniform sample, so no drift;
- older: a sample that favours older patients (weights proportional to the age rank cubed),
  a clinic with an older population: data drift;
- concept: the uniform sample again, but with the target raised by 40 units for one sex code,
  as if the disease had progressed differently: concept drift with unchanged inputs.

For each batch it prints the PSI and KS statistic of two inputs and of the model's predictions,
and the model's MAE, and it checks PSI = KL(a || e) + KL(e || a) and the KS statistic against a
brute-force maximum over all points.
"""

import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

SEED = 0


# --8<-- [start:drift]
def psi(ref: np.ndarray, cur: np.ndarray, n_bins: int = 10, eps: float = 1e-4) -> float:
    """Compute the population stability index of one feature, reference versus current sample.

    Bins are the ``n_bins`` quantile bins of the reference sample (about 10 % of the reference
    in each); PSI = sum_b (a_b - e_b) * ln(a_b / e_b), with e_b and a_b the reference and
    current shares of bin b (credit-scoring practice, see Siddiqi, 2006).

    Parameters
    ----------
    ref : np.ndarray, shape (n,)
        Reference values, e.g. the training data.
    cur : np.ndarray, shape (m,)
        Current values, e.g. last week's requests.
    n_bins : int
        Number of quantile bins.
    eps : float
        Floor for empty bins, which would otherwise give ln(0).

    Returns
    -------
    float
        PSI >= 0; 0 means identical bin shares.

    """
    e, a = bin_shares(ref, cur, n_bins, eps)
    return float(np.sum((a - e) * np.log(a / e)))


def bin_shares(ref, cur, n_bins=10, eps=1e-4):
    """Shares (e, a) of the reference and current samples in the reference's quantile bins.

    Returns two arrays of shape (n_bins,), each summing to 1 before the ``eps`` floor.
    """
    inner = np.quantile(ref, np.linspace(0, 1, n_bins + 1)[1:-1])
    e = np.bincount(np.searchsorted(inner, ref, side="right"), minlength=n_bins) / len(ref)
    a = np.bincount(np.searchsorted(inner, cur, side="right"), minlength=n_bins) / len(cur)
    return np.maximum(e, eps), np.maximum(a, eps)


def ks_statistic(ref: np.ndarray, cur: np.ndarray) -> float:
    """Two-sample Kolmogorov-Smirnov statistic D = max_x |F_ref(x) - F_cur(x)|.

    Kolmogorov (1933), Smirnov (1939). The empirical CDFs only jump at sample points, so the
    maximum is taken over the pooled sample.

    Parameters
    ----------
    ref : np.ndarray, shape (n,)
    cur : np.ndarray, shape (m,)

    Returns
    -------
    float
        D in [0, 1].

    """
    grid = np.concatenate([ref, cur])
    f_ref = np.searchsorted(np.sort(ref), grid, side="right") / len(ref)
    f_cur = np.searchsorted(np.sort(cur), grid, side="right") / len(cur)
    return float(np.max(np.abs(f_ref - f_cur)))


def ks_critical(n: int, m: int, alpha: float = 0.05) -> float:
    """Large-sample critical value of D: sqrt(-ln(alpha / 2) / 2) * sqrt((n + m) / (n m))."""
    return float(np.sqrt(-np.log(alpha / 2) / 2) * np.sqrt((n + m) / (n * m)))
# --8<-- [end:drift]


def kl(p: np.ndarray, q: np.ndarray) -> float:
    """Kullback-Leibler divergence sum_b p_b ln(p_b / q_b) of two discrete distributions."""
    return float(np.sum(p * np.log(p / q)))


def ks_brute(ref: np.ndarray, cur: np.ndarray) -> float:
    """KS statistic by counting, at every pooled point, the share of each sample at or below it."""
    pts = np.concatenate([ref, cur])
    return max(abs(np.mean(ref <= x) - np.mean(cur <= x)) for x in pts)


def main() -> None:
    """Print the drift table of the article and check the identities it states."""
    X, y = load_diabetes(return_X_y=True, scaled=False)
    rng = np.random.default_rng(SEED)
    idx = rng.permutation(len(y))
    ref_i, live_i = idx[:221], idx[221:]
    model = make_pipeline(StandardScaler(), Ridge(alpha=1.0)).fit(X[ref_i], y[ref_i])
    pred_ref = model.predict(X[ref_i])

    same = rng.choice(live_i, size=150, replace=False)
    rank = np.argsort(np.argsort(X[live_i, 0])) + 1.0
    older = rng.choice(live_i, size=150, replace=False, p=rank**3 / np.sum(rank**3))
    y_concept = y.copy()
    y_concept[X[:, 1] == 2] += 40.0
    batches = [("same", same, y), ("older", older, y), ("concept", same, y_concept)]

    print(f"reference {len(ref_i)} patients, live batches of 150; "
          f"KS 5 % critical value {ks_critical(len(ref_i), 150):.4f}")
    print(f"{'batch':8s} {'mean age':>8s} {'PSI age':>8s} {'KS age':>7s} {'PSI bmi':>8s} "
          f"{'KS bmi':>7s} {'PSI pred':>8s} {'MAE':>6s}")
    for name, rows, target in batches:
        pred = model.predict(X[rows])
        cells = []
        for ref_v, cur_v in [(X[ref_i, 0], X[rows, 0]), (X[ref_i, 2], X[rows, 2])]:
            cells += [psi(ref_v, cur_v), ks_statistic(ref_v, cur_v)]
            e, a = bin_shares(ref_v, cur_v)
            assert np.isclose(cells[-2], kl(a, e) + kl(e, a))
            assert np.isclose(cells[-1], ks_brute(ref_v, cur_v))
        mae = mean_absolute_error(target[rows], pred)
        print(f"{name:8s} {X[rows, 0].mean():8.2f} {cells[0]:8.4f} {cells[1]:7.4f} "
              f"{cells[2]:8.4f} {cells[3]:7.4f} {psi(pred_ref, pred):8.4f} {mae:6.2f}")
    print(f"reference mean age {X[ref_i, 0].mean():.2f}, reference MAE (training rows) "
          f"{mean_absolute_error(y[ref_i], pred_ref):.2f}")

    # Noise floor: PSI between two samples of the SAME distribution, sizes 221 and 150.
    sims = [psi(rng.normal(size=221), rng.normal(size=150)) for _ in range(2000)]
    floor = (10 - 1) * (1 / 221 + 1 / 150)
    above = np.mean(np.array(sims) > 0.1)
    print(f"no drift, 2000 simulated pairs: mean PSI {np.mean(sims):.4f} "
          f"(formula (B-1)(1/n+1/m) = {floor:.4f}), share above 0.1: {above:.3f}")
    assert abs(np.mean(sims) - floor) < 0.1 * floor
    print(f"chance of at least one false alarm, 10 features tested at 5 %: {1 - 0.95**10:.3f}")


if __name__ == "__main__":
    main()
