"""Regression-metric traps, cross-validation splitters, a bootstrap interval and learning curves.

Included by docs/00-ml-fundamentals/03-model-evaluation.md ("Worked example" and
"Implementation"). MAPE is shown undefined at a zero target and biased towards low forecasts;
plain, stratified, group and time-series splits are compared on generated data; a percentile
bootstrap interval is computed for the test ROC-AUC of a logistic regression on the breast
cancer data that ships with scikit-learn; learning curves contrast a high-bias and a
high-variance model.
"""

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import mean_absolute_percentage_error, r2_score, roc_auc_score
from sklearn.model_selection import (
    GroupKFold,
    KFold,
    StratifiedKFold,
    TimeSeriesSplit,
    cross_val_score,
    learning_curve,
    train_test_split,
)
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier


def mape(y, y_hat):
    """Mean absolute percentage error, as a fraction (0.25 means 25 %).

    Parameters
    ----------
    y, y_hat : ndarray of shape (n,)
        Targets and forecasts.

    Returns
    -------
    float
        mean_i |y_i - y_hat_i| / |y_i|.

    Raises
    ------
    ZeroDivisionError
        If any target is 0, where the percentage error is undefined.

    """
    y, y_hat = np.asarray(y, dtype=float), np.asarray(y_hat, dtype=float)
    if np.any(y == 0):
        raise ZeroDivisionError("MAPE is undefined when a target is 0")
    return float(np.mean(np.abs(y - y_hat) / np.abs(y)))


# --8<-- [start:bootstrap]
def auc_fast(y, s):
    """ROC-AUC by pair counting (Mann-Whitney U / (n_pos n_neg)), ties counting 1/2.

    Parameters
    ----------
    y : ndarray of shape (n,)
        Labels in {0, 1}; both classes present.
    s : ndarray of shape (n,)
        Scores.

    Returns
    -------
    float
        Area under the ROC curve.

    """
    d = s[y == 1][:, None] - s[y == 0][None, :]
    return float(np.mean((d > 0) + 0.5 * (d == 0)))


def bootstrap_percentile_ci(y, s, metric, n_boot=2000, level=0.95, seed=0):
    """Percentile bootstrap confidence interval of a metric on one fixed test set.

    Parameters
    ----------
    y, s : ndarray of shape (n,)
        Test labels and scores; examples are resampled as (label, score) pairs.
    metric : callable
        ``metric(y, s) -> float``.
    n_boot : int
        Number of bootstrap resamples, each of size n drawn with replacement.
    level : float
        Coverage of the interval, e.g. 0.95.
    seed : int
        Seed of ``np.random.default_rng``.

    Returns
    -------
    low, high : float
        The (1 - level) / 2 and (1 + level) / 2 quantiles of the resampled metric values
        (Efron, 1979; percentile method, Efron & Tibshirani, 1993, Chapter 13).

    Notes
    -----
    Resamples that lack one class are drawn again. The interval reflects the test set's
    sampling noise only, not the variation from retraining the model.

    """
    rng = np.random.default_rng(seed)
    n, values = y.size, []
    while len(values) < n_boot:
        idx = rng.integers(0, n, n)
        if 0 < y[idx].sum() < n:
            values.append(metric(y[idx], s[idx]))
    alpha = (1 - level) / 2
    low, high = np.quantile(values, [alpha, 1 - alpha])
    return float(low), float(high)
# --8<-- [end:bootstrap]


def main():
    """Print the worked-example numbers and assert the claims."""
    print("1. MAPE traps")
    print(f"   forecast 150 for 100: {mape([100], [150]):.4f};"
          f" forecast 50 for 100: {mape([100], [50]):.4f}")
    print(f"   forecast 100 for 50: {mape([50], [100]):.4f};"
          f" forecast 0 for 100 (the worst under-forecast): {mape([100], [0]):.4f}")
    y4 = np.array([10.0, 100.0, 100.0, 100.0])
    for c in (10.0, 100.0):
        print(f"   constant forecast {c:5.1f} for y = [10, 100, 100, 100]:"
              f" MAPE {mape(y4, np.full(4, c)):.4f}  MAE {np.mean(np.abs(y4 - c)):.4f}")
    grid = np.arange(1.0, 150.0, 1.0)
    best = grid[np.argmin([mape(y4, np.full(4, c)) for c in grid])]
    print(f"   constant with the least MAPE on a grid of 1 to 149: {best:.1f}")
    assert best == 10.0
    try:
        mape([0.0, 10.0], [1.0, 10.0])
    except ZeroDivisionError as err:
        print(f"   y contains 0: {err}")
    sk = mean_absolute_percentage_error([0.0, 10.0], [1.0, 10.0])
    print(f"   scikit-learn divides by max(|y|, machine epsilon) instead: {sk:.4e}")
    y_r = np.array([3.0, 5.0, 2.0, 8.0])
    print(f"   R^2 of forecasting 9 for y = [3, 5, 2, 8]: {r2_score(y_r, np.full(4, 9.0)):.4f}")

    print()
    print("2. Positives per test fold, 100 examples sorted by label, 10 positive, 5 folds")
    y_imb = np.r_[np.zeros(90, dtype=int), np.ones(10, dtype=int)]
    x_dummy = np.zeros((100, 1))
    for name, cv in (("KFold", KFold(5)), ("StratifiedKFold", StratifiedKFold(5))):
        per_fold = [int(y_imb[te].sum()) for _, te in cv.split(x_dummy, y_imb)]
        print(f"   {name:16} {per_fold}")

    print()
    print("3. Groups: 40 patients x 10 rows, label fixed per patient by a coin flip")
    rng = np.random.default_rng(0)
    groups = np.repeat(np.arange(40), 10)
    centres = rng.normal(0.0, 3.0, (40, 5))
    x_g = centres[groups] + rng.normal(0.0, 0.3, (400, 5))
    y_g = rng.integers(0, 2, 40)[groups]
    knn = KNeighborsClassifier(n_neighbors=1)
    shuffled = KFold(5, shuffle=True, random_state=0)
    acc_random = cross_val_score(knn, x_g, y_g, cv=shuffled).mean()
    acc_group = cross_val_score(knn, x_g, y_g, cv=GroupKFold(5), groups=groups).mean()
    print(f"   KFold, shuffled  accuracy {acc_random:.4f}")
    print(f"   GroupKFold       accuracy {acc_group:.4f}")
    assert acc_random > acc_group + 0.3

    print()
    print("4. TimeSeriesSplit(n_splits=3) on 12 time-ordered rows")
    for tr, te in TimeSeriesSplit(n_splits=3).split(np.zeros((12, 1))):
        print(f"   train {tr.min()}-{tr.max()}  test {te.min()}-{te.max()}")
        assert tr.max() < te.min()

    print()
    print("5. Bootstrap 95 % interval for test ROC-AUC (breast cancer, logistic regression)")
    x, y = load_breast_cancer(return_X_y=True)
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=0.25, stratify=y,
                                              random_state=0)
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.01)).fit(x_tr, y_tr)
    s_te = model.predict_proba(x_te)[:, 1]
    auc = auc_fast(y_te, s_te)
    assert abs(auc - roc_auc_score(y_te, s_te)) < 1e-12
    low, high = bootstrap_percentile_ci(y_te, s_te, auc_fast)
    print(f"   test size {y_te.size}, AUC {auc:.4f}, interval [{low:.4f}, {high:.4f}]")

    print()
    print("6. Learning curves, 5-fold stratified, accuracy (train / validation)")
    sizes = np.array([0.1, 0.3, 0.55, 1.0])
    for name, est in (("naive Bayes", GaussianNB()),
                      ("deep tree", DecisionTreeClassifier(random_state=0))):
        n_tr, sc_tr, sc_va = learning_curve(est, x, y, train_sizes=sizes,
                                            cv=StratifiedKFold(5))
        cells = "  ".join(f"{m}: {a:.3f}/{b:.3f}" for m, a, b in
                          zip(n_tr, sc_tr.mean(1), sc_va.mean(1), strict=True))
        print(f"   {name:11} {cells}")


if __name__ == "__main__":
    main()
